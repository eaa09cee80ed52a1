// Full-text search over findings, visit notes, rectification measures, the units' answers to
// findings, complaints and units (name, address and code).
//
// SQLCipher 3.4.1 has FTS3/FTS4 but no tokenizer that segments Chinese, so FieldCheck indexes
// Chinese (and other CJK) text as overlapping character bigrams and other text as lower-cased
// words. A query of two or more Chinese characters finds every record containing it as a
// substring (the query's bigrams must appear consecutively); ASCII terms match whole words.
// Results are ranked by a BM25-like score over the FTS4 match statistics.
#pragma once

#include <string>
#include <vector>

#include "fieldcheck/core/store.h"

namespace fieldcheck {

struct SearchHit {
    std::string recordType;
    std::string recordId;
    double score = 0;
    std::string snippet;  // the start of the indexed text
    bool withdrawn = false;
};

struct SearchOptions {
    std::vector<std::string> types;  // empty: every indexed type
    int limit = 50;                  // -1: every hit
    int offset = 0;                  // hits skipped from the best, for paging through the ranking
};

// InvalidArgument when the query has nothing searchable (e.g. a single Chinese character) or a
// type is not indexed. Every matching document is scored before the page is cut: a page costs the
// whole match, not just its rows.
Result<std::vector<SearchHit>> search(Store& store, const std::string& query, const SearchOptions& options = {});

// The tokens the index holds for `text` (exposed for tests): bigrams, words and run separators.
std::vector<std::string> searchTokens(const std::string& text);

}  // namespace fieldcheck
