#include "search_index.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "fieldcheck/core/search.h"
#include "store_impl.h"
#include "utf8.h"

namespace fieldcheck {
namespace {

// A token that ends a run: queries never contain it, so a phrase cannot match across two runs
// of text that were separated by punctuation or other words.
const std::string kRunBreak = "\xC2\xA6";  // U+00A6 BROKEN BAR

using detail::appendUtf8;
using detail::decodeUtf8;

bool isCjk(char32_t c) {
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF);
}

// Letters and digits outside CJK, folded: full-width forms to ASCII, ASCII to lower case.
bool wordChar(char32_t& c) {
    if (c >= 0xFF10 && c <= 0xFF5A) c = c - 0xFF10 + 0x30;  // full-width digits and letters
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);  // Latin letters with accents
}

enum class Kind { Cjk, Word, Other };

struct Run {
    Kind kind;
    std::vector<std::string> chars;  // CJK: one code point each; Word: one element, the word
};

std::vector<Run> splitRuns(const std::string& text) {
    std::vector<Run> runs;
    for (size_t i = 0; i < text.size();) {
        char32_t c = decodeUtf8(text, i);
        Kind k = isCjk(c) ? Kind::Cjk : wordChar(c) ? Kind::Word : Kind::Other;
        if (k == Kind::Other) {
            if (!runs.empty() && runs.back().kind != Kind::Other) runs.push_back({Kind::Other, {}});
            continue;
        }
        std::string ch;
        appendUtf8(c, ch);
        if (runs.empty() || runs.back().kind != k) runs.push_back({k, k == Kind::Word ? std::vector<std::string>{""} : std::vector<std::string>{}});
        if (k == Kind::Word) runs.back().chars[0] += ch;
        else runs.back().chars.push_back(ch);
    }
    return runs;
}

std::vector<std::string> bigrams(const Run& run) {
    std::vector<std::string> out;
    if (run.chars.size() == 1) out.push_back(run.chars[0]);
    for (size_t i = 0; i + 1 < run.chars.size(); ++i) out.push_back(run.chars[i] + run.chars[i + 1]);
    return out;
}

// FTS4 query: every CJK run of 2+ characters becomes a phrase of its bigrams, every word a term;
// all must match (implicit AND).
Result<std::string> buildMatchExpression(const std::string& query) {
    std::string expr;
    for (const Run& run : splitRuns(query)) {
        if (run.kind == Kind::Cjk && run.chars.size() >= 2) {
            std::string phrase;
            for (const auto& b : bigrams(run)) phrase += (phrase.empty() ? "" : " ") + b;
            expr += (expr.empty() ? "" : " ") + ("\"" + phrase + "\"");
        } else if (run.kind == Kind::Word) {
            expr += (expr.empty() ? "" : " ") + ("\"" + run.chars[0] + "\"");
        }
    }
    if (expr.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "search needs at least two Chinese characters or one word (got '" + query + "')");
    }
    return expr;
}

}  // namespace

std::vector<std::string> searchTokens(const std::string& text) {
    std::vector<std::string> tokens;
    for (const Run& run : splitRuns(text)) {
        if (run.kind == Kind::Other) {
            if (!tokens.empty() && tokens.back() != kRunBreak) tokens.push_back(kRunBreak);
            continue;
        }
        if (run.kind == Kind::Word) {
            tokens.push_back(run.chars[0]);
        } else {
            for (auto& b : bigrams(run)) tokens.push_back(std::move(b));
        }
        tokens.push_back(kRunBreak);
    }
    if (!tokens.empty() && tokens.back() == kRunBreak) tokens.pop_back();
    return tokens;
}

namespace detail {

const std::vector<std::string>& indexedFields(const std::string& type) {
    static const std::map<std::string, std::vector<std::string>> fields = {
        {"finding", {"description", "subcategory"}},
        {"visit", {"notes"}},
        {"rectification_measure", {"description", "completion_evidence"}},
        {"finding_answer", {"answer"}},
        {"complaint", {"summary", "supervision_outcome"}},
        // Found by any part of the name or address (养老 in 区第一养老院), or by the code as a word.
        {"unit", {"name", "address", "code"}},
    };
    static const std::vector<std::string> none;
    auto it = fields.find(type);
    return it == fields.end() ? none : it->second;
}

std::string indexedText(const Record& record) {
    std::string text;
    for (const auto& f : indexedFields(record.type)) {
        const auto v = record.fields.find(f);  // a field may be absent (a role that may not see it)
        if (v != record.fields.end() && v->is_string() && !v->get<std::string>().empty()) {
            text += (text.empty() ? "" : "\n") + v->get<std::string>();
        }
    }
    return text;
}

std::string indexBody(const Record& record) {
    if (indexedFields(record.type).empty()) return {};
    std::string body;
    for (const auto& t : searchTokens(indexedText(record))) {
        if (!body.empty()) body += ' ';
        body += t;
    }
    return body;
}

Status updateSearchIndex(Database& db, const RecordTypeSpec& spec, const Record& record) {
    if (indexedFields(spec.name).empty()) return {};
    FC_ASSIGN_OR_RETURN(SearchDocId doc, searchDocId(db, spec.name, record.id));
    return writeSearchDoc(db, doc, indexBody(record));
}

Result<SearchDocId> searchDocId(Database& db, const std::string& type, const std::string& id) {
    // Cached statements: this runs once per record on bulk paths (imports, pulled pages).
    FC_ASSIGN_OR_RETURN(Statement * ins, db.cached("INSERT OR IGNORE INTO search_docs(record_type, record_id) VALUES (?, ?)"));
    FC_TRY(ins->bind(1, type).bind(2, id).run());
    if (db.changes() == 1) return SearchDocId{sqlite3_last_insert_rowid(db.handle()), false};  // a new document
    FC_ASSIGN_OR_RETURN(Statement * sel, db.cached("SELECT docid FROM search_docs WHERE record_type = ? AND record_id = ?"));
    sel->bind(1, type).bind(2, id);
    auto row = sel->step();
    if (!row.ok()) return row.error();
    const int64_t docid = sel->int64(0);
    sel->reset();
    return SearchDocId{docid, true};
}

Status writeSearchDoc(Database& db, const SearchDocId& doc, const std::string& body) {
    if (doc.existed) {
        FC_ASSIGN_OR_RETURN(Statement * del, db.cached("DELETE FROM search_index WHERE docid = ?"));
        FC_TRY(del->bind(1, doc.docid).run());
    }
    if (body.empty()) return {};
    FC_ASSIGN_OR_RETURN(Statement * put, db.cached("INSERT INTO search_index(docid, body) VALUES (?, ?)"));
    return put->bind(1, doc.docid).bind(2, body).run();
}

Status removeFromSearchIndex(Database& db, const std::string& type, const std::string& id) {
    if (indexedFields(type).empty()) return {};
    auto del = db.prepare(
        "DELETE FROM search_index WHERE docid IN (SELECT docid FROM search_docs WHERE record_type = ? AND record_id = ?)");
    if (!del.ok()) return del.error();
    FC_TRY(del->bind(1, type).bind(2, id).run());
    auto docs = db.prepare("DELETE FROM search_docs WHERE record_type = ? AND record_id = ?");
    if (!docs.ok()) return docs.error();
    return docs->bind(1, type).bind(2, id).run();
}

Status indexMissingDocuments(Database& db, const std::string& type, const std::string& table,
                             const std::vector<std::string>& columns) {
    std::string select = "SELECT id";
    for (const auto& c : columns) select += ", " + c;
    // Each new document gets the next docid, so they are written in ascending docid order, which
    // FTS4 keeps in memory until the commit (writeSearchDoc()); rowid order makes it repeatable.
    select += " FROM " + table + " t WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.record_type = ? AND d.record_id = t.id) ORDER BY rowid";
    // Read first, write after: the query reads search_docs, which the writes add to.
    std::vector<Record> missing;
    FC_TRY(forEachRow(db, select, {type}, [&](const Statement& st) {
        Record r;
        r.type = type;
        r.id = st.text(0);
        for (size_t i = 0; i < columns.size(); ++i) {
            const int col = static_cast<int>(i) + 1;
            r.fields[columns[i]] = st.isNull(col) ? nlohmann::json() : nlohmann::json(st.text(col));
        }
        missing.push_back(std::move(r));
    }));
    for (const auto& r : missing) {
        FC_ASSIGN_OR_RETURN(SearchDocId doc, searchDocId(db, type, r.id));
        FC_TRY(writeSearchDoc(db, doc, indexBody(r)));
    }
    return {};
}

}  // namespace detail

Result<std::vector<SearchHit>> search(Store& store, const std::string& query, const SearchOptions& options) {
    FC_ASSIGN_OR_RETURN(std::string expr, buildMatchExpression(query));
    for (const auto& t : options.types) {
        if (detail::indexedFields(t).empty()) {
            return makeError(ErrorCode::InvalidArgument, "'" + t + "' is not searchable (finding, visit, rectification_measure, finding_answer, complaint, unit)");
        }
    }
    auto& db = store.impl().db;
    // matchinfo 'pcnx': phrases, columns, rows, then per phrase: hits here, hits in all rows, rows with hits.
    auto st = db.prepare(
        "SELECT d.record_type, d.record_id, matchinfo(search_index, 'pcnx') FROM search_index "
        "JOIN search_docs d ON d.docid = search_index.docid WHERE search_index MATCH ?");
    if (!st.ok()) return st.error();
    st->bind(1, expr);
    std::vector<SearchHit> hits;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        SearchHit h;
        h.recordType = st->text(0);
        if (!options.types.empty() &&
            std::find(options.types.begin(), options.types.end(), h.recordType) == options.types.end()) {
            continue;
        }
        h.recordId = st->text(1);
        std::vector<uint8_t> blob = st->blob(2);
        std::vector<uint32_t> mi(blob.size() / 4);
        std::memcpy(mi.data(), blob.data(), mi.size() * 4);
        const uint32_t phrases = mi[0], columns = mi[1], rows = mi[2];
        double score = 0;
        for (uint32_t p = 0; p < phrases; ++p) {
            const size_t at = 3 + 3 * (p * columns);
            const double here = mi[at], docs = std::max<uint32_t>(mi[at + 2], 1);
            const double idf = std::log(1.0 + (rows - docs + 0.5) / (docs + 0.5));
            score += idf * (here * 2.2) / (here + 1.2);
        }
        h.score = score;
        hits.push_back(std::move(h));
    }
    std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
    const size_t skip = std::min(hits.size(), static_cast<size_t>(std::max(options.offset, 0)));
    hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(skip));
    if (options.limit >= 0 && hits.size() > static_cast<size_t>(options.limit)) hits.resize(static_cast<size_t>(options.limit));
    for (auto& h : hits) {
        auto r = store.getRecord(h.recordType, h.recordId);
        if (!r.ok()) return r.error();
        h.withdrawn = r->withdrawn;
        std::string text = detail::indexedText(r.value());
        // First ~60 code points.
        size_t i = 0;
        for (int n = 0; n < 60 && i < text.size(); ++n) decodeUtf8(text, i);
        h.snippet = text.substr(0, i) + (i < text.size() ? "…" : "");
    }
    return hits;
}

}  // namespace fieldcheck
