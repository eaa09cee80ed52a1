// Full-text search over findings, visit notes, rectification measures and complaints.
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
    int limit = 50;
};

// InvalidArgument when the query has nothing searchable (e.g. a single Chinese character).
Result<std::vector<SearchHit>> search(Store& store, const std::string& query, const SearchOptions& options = {});

// The tokens the index holds for `text` (exposed for tests): bigrams, words and run separators.
std::vector<std::string> searchTokens(const std::string& text);

}  // namespace fieldcheck
