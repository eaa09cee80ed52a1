// The importer: maps a table's columns to record fields, checks every row, matches rows to
// existing records by natural key and writes the whole file in one transaction — or nothing.
#include "fieldcheck/core/importer.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "store_impl.h"
#include "values.h"

namespace fieldcheck {
namespace {

using detail::Statement;

// --- column definitions ------------------------------------------------------------------------

struct ColumnDef {
    const FieldSpec* field = nullptr;
    std::vector<std::string> headers;  // accepted, as documented
    bool required = false;
    bool unitCode = false;  // unit_id given as the unit's code (or its exact name)
};

struct TypeDef {
    const RecordTypeSpec* spec = nullptr;
    std::vector<ColumnDef> columns;
    std::vector<std::string> keyFields;  // natural key
};

std::string canonicalType(const std::string& type) {
    if (type == "unit" || type == "units") return "unit";
    if (type == "complaint" || type == "complaints" || type == "petitions") return "complaint";
    if (type == "self_inspection" || type == "self_inspections" || type == "self-inspections")
        return "self_inspection";
    return {};
}

Result<TypeDef> typeDef(const std::string& type) {
    const std::string canonical = canonicalType(type);
    if (canonical.empty()) {
        return makeError(
            ErrorCode::InvalidArgument,
            "cannot import '" + type + "' (importable: units, complaints, self_inspections)");
    }
    TypeDef def;
    def.spec = findRecordType(canonical);
    if (canonical == "unit") def.keyFields = {"code"};
    if (canonical == "complaint") def.keyFields = {"ref_no"};
    if (canonical == "self_inspection") def.keyFields = {"unit_id", "period"};
    for (const auto& f : def.spec->fields) {
        if (f.computed || f.name == "campaign_id" || f.kind == FieldKind::Json) continue;
        if (f.kind == FieldKind::Reference && f.name != "unit_id") continue;
        ColumnDef c;
        c.field = &f;
        c.required = f.required || std::find(def.keyFields.begin(), def.keyFields.end(), f.name) !=
                                       def.keyFields.end();
        if (f.name == "unit_id") {
            c.unitCode = true;
            c.headers = {"单位代码", f.labelZh, f.labelZh + "代码", "unit_code", "unit"};
            if (canonical == "unit") continue;
        } else {
            c.headers = {f.labelZh, f.name};
        }
        std::vector<std::string> unique;
        for (auto& h : c.headers) {
            if (std::find(unique.begin(), unique.end(), h) == unique.end())
                unique.push_back(std::move(h));
        }
        c.headers = std::move(unique);
        def.columns.push_back(std::move(c));
    }
    return def;
}

// --- text normalisation ------------------------------------------------------------------------

bool startsWith(const std::string& s, size_t at, const char* p) {
    return s.compare(at, std::strlen(p), p) == 0;
}

// Trims ASCII white space, NBSP and the ideographic space (U+3000) at both ends.
std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    for (;;) {
        if (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
            ++b;
        else if (b + 2 <= e && startsWith(s, b, "\xC2\xA0"))
            b += 2;
        else if (b + 3 <= e && startsWith(s, b, "\xE3\x80\x80"))
            b += 3;
        else
            break;
    }
    for (;;) {
        if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
            --e;
        else if (e >= b + 2 && s.compare(e - 2, 2, "\xC2\xA0") == 0)
            e -= 2;
        else if (e >= b + 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0)
            e -= 3;
        else
            break;
    }
    return s.substr(b, e - b);
}

// Header comparison: case and white space do not matter, full-width parentheses equal ASCII ones,
// a required-field marker (*) and a trailing colon are dropped.
std::string headerKey(const std::string& header) {
    std::string h = trim(header);
    std::string out;
    for (size_t i = 0; i < h.size();) {
        const unsigned char c = static_cast<unsigned char>(h[i]);
        if (startsWith(h, i, "\xEF\xBC\x88")) {
            out += '(';
            i += 3;
            continue;
        }  // （
        if (startsWith(h, i, "\xEF\xBC\x89")) {
            out += ')';
            i += 3;
            continue;
        }  // ）
        if (startsWith(h, i, "\xEF\xBC\x8A")) {
            i += 3;
            continue;
        }  // ＊
        if (startsWith(h, i, "\xEF\xBC\x9A")) {
            i += 3;
            continue;
        }  // ：
        if (startsWith(h, i, "\xE3\x80\x80")) {
            i += 3;
            continue;
        }  // ideographic space
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '*' || c == ':' || c == '_' ||
            c == '-') {
            ++i;
            continue;
        }
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        ++i;
    }
    return out;
}

std::string twoDigits(int v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

// Splits "2024/3/5", "2024.03.05", "2024年3月5日", "2024-03-05 00:00:00" into numbers.
std::vector<int> dateParts(const std::string& text) {
    std::vector<int> parts;
    std::string digits;
    std::string t = text;
    if (auto sp = t.find(' '); sp != std::string::npos) t = t.substr(0, sp);
    if (auto tt = t.find('T'); tt != std::string::npos) t = t.substr(0, tt);
    for (size_t i = 0; i <= t.size(); ++i) {
        if (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            digits += t[i];
            if (digits.size() > 4) return {};
            continue;
        }
        if (!digits.empty()) parts.push_back(std::stoi(digits));
        digits.clear();
        if (i == t.size()) break;
        if (t[i] == '-' || t[i] == '/' || t[i] == '.') continue;
        if (startsWith(t, i, "年") || startsWith(t, i, "月") || startsWith(t, i, "日")) {
            i += 2;  // three-byte characters; the loop adds one
            continue;
        }
        return {};
    }
    return parts;
}

std::string normalizeDateText(const std::string& text) {
    auto p = dateParts(text);
    if (p.size() != 3 || p[0] < 1000) return text;
    return std::to_string(p[0]) + "-" + twoDigits(p[1]) + "-" + twoDigits(p[2]);
}

std::string normalizeMonthText(const std::string& text) {
    auto p = dateParts(text);
    if (p.size() == 2 && p[0] >= 1000) return std::to_string(p[0]) + "-" + twoDigits(p[1]);
    if (p.size() == 3 && p[0] >= 1000 && p[2] == 1)
        return std::to_string(p[0]) + "-" + twoDigits(p[1]);
    return text;
}

std::string normalizeBoolText(const std::string& text) {
    std::string l;
    for (char c : text) l += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (l == "true" || l == "yes" || l == "y" || l == "1" || l == "是" || l == "√") return "true";
    if (l == "false" || l == "no" || l == "n" || l == "0" || l == "否" || l == "×") return "false";
    return text;
}

// "￥1,234.50元" → "1234.50": currency signs, thousands separators and the unit are dropped.
std::string normalizeMoneyText(const std::string& text) {
    std::string t = text;
    for (const char* junk : {"￥", "¥", "元", ","}) {
        for (size_t at; (at = t.find(junk)) != std::string::npos;) t.erase(at, std::strlen(junk));
    }
    return trim(t);
}

// Choices typed by hand: "四风问题" or "\"四风\"问题" for “四风”问题, "两个责任" spelled with other
// quotes — compared without quotes, spaces and with ASCII parentheses.
std::string looseKey(const std::string& s) {
    std::string out = headerKey(s);
    for (const char* q : {"“", "”", "‘", "’", "「", "」", "\"", "'"}) {
        for (size_t at; (at = out.find(q)) != std::string::npos;) out.erase(at, std::strlen(q));
    }
    return out;
}

// A choice field's labels and codes in their loose form, each with its code: made once per field
// and import, not for every cell (it was most of a re-import's time).
using LooseChoices = std::vector<std::pair<std::string, std::string>>;
LooseChoices looseChoices(const FieldSpec& f) {
    LooseChoices out;
    for (const auto& c : f.choices) {
        out.emplace_back(looseKey(c.labelZh), c.value);
        out.emplace_back(looseKey(c.value), c.value);
    }
    return out;
}

// The code of the choice `text` names loosely, if exactly one choice matches.
std::optional<std::string> looseChoice(const LooseChoices& choices, const std::string& text) {
    const std::string key = looseKey(text);
    std::optional<std::string> found;
    for (const auto& [loose, code] : choices) {
        if (loose != key) continue;
        if (found && *found != code) return std::nullopt;
        found = code;
    }
    return found;
}

// The reason part of a values.cpp error: "field 'x' (标签): reason" → "reason".
std::string reasonOf(const Error& e) {
    const std::string& m = e.message;
    if (m.rfind("field '", 0) == 0) {
        if (auto at = m.find("): "); at != std::string::npos) return m.substr(at + 3);
    }
    return m;
}

// The field an error from the Store names ("field 'x'" or "required field 'x'"), if any.
std::string fieldNamed(const std::string& message) {
    auto at = message.find("field '");
    if (at == std::string::npos) return {};
    at += 7;
    auto end = message.find('\'', at);
    return end == std::string::npos ? std::string() : message.substr(at, end - at);
}

// --- the import ---------------------------------------------------------------------------------

struct UnitRef {
    std::string id;
    bool withdrawn = false;
};

struct PlannedRow {
    int64_t row = 0;
    std::string existingId;  // empty: create
    nlohmann::json fields = nlohmann::json::object();
};

class Importer {
public:
    Importer(Store& store, TypeDef def, const Table& table, const ImportOptions& options)
        : m_store(store), m_def(std::move(def)), m_table(table), m_options(options) {}

    Result<ImportReport> run();

private:
    void error(int64_t row, std::string column, std::string reason) {
        m_report.errors.push_back({row, std::move(column), std::move(reason)});
    }
    bool findHeader();
    Status loadUnits();
    Result<std::optional<std::string>> campaignId();
    void checkRow(const TableRow& row);
    Result<std::optional<Record>> existing(const nlohmann::json& fields);
    Status write();

    Store& m_store;
    TypeDef m_def;
    const Table& m_table;
    ImportOptions m_options;
    ImportReport m_report;

    size_t m_headerIndex = 0;
    std::vector<std::string> m_headers;          // as written, per file column
    std::vector<const ColumnDef*> m_columnDefs;  // per file column; null: ignored
    std::map<std::string, UnitRef> m_unitsByCode;
    std::map<std::string, std::vector<std::string>> m_unitIdsByName;
    std::map<const FieldSpec*, LooseChoices> m_looseChoices;  // looseChoice()'s keys per choice field
    std::map<std::string, int64_t> m_keysSeen;  // natural key → row
    std::optional<Statement> m_lookup;
    std::vector<PlannedRow> m_plan;
    std::map<std::string, std::string> m_headerOfField;
};

bool Importer::findHeader() {
    std::map<std::string, const ColumnDef*> known;
    for (const auto& c : m_def.columns) {
        for (const auto& h : c.headers) known.emplace(headerKey(h), &c);
    }
    // Offices' sheets often start with a title row ("XX区民政局信访件登记表"): the header is the
    // first of the first ten non-blank rows with at least two known column names.
    std::optional<size_t> firstNonBlank, header;
    int seen = 0;
    for (size_t i = 0; i < m_table.rows.size() && seen < 10; ++i) {
        if (m_table.rows[i].blank()) continue;
        ++seen;
        if (!firstNonBlank) firstNonBlank = i;
        int matches = 0;
        for (const auto& cell : m_table.rows[i].cells)
            matches += known.count(headerKey(cell.text)) > 0;
        if (matches >= 2) {
            header = i;
            break;
        }
    }
    if (!firstNonBlank) {
        error(0, "", "the file has no rows");
        return false;
    }
    m_headerIndex = header.value_or(*firstNonBlank);
    const TableRow& h = m_table.rows[m_headerIndex];
    m_report.headerRow = h.number;
    std::map<const ColumnDef*, std::string> given;
    for (const auto& cell : h.cells) {
        const std::string text = trim(cell.text);
        m_headers.push_back(text);
        auto it = known.find(headerKey(text));
        if (text.empty() || it == known.end()) {
            m_columnDefs.push_back(nullptr);
            if (!text.empty()) m_report.ignoredColumns.push_back(text);
            continue;
        }
        if (auto dup = given.find(it->second); dup != given.end()) {
            error(
                h.number, text,
                "the same field as column '" + dup->second + "' (" + it->second->field->name + ")");
            m_columnDefs.push_back(nullptr);
            continue;
        }
        given[it->second] = text;
        m_headerOfField[it->second->field->name] = text;
        m_columnDefs.push_back(it->second);
    }
    for (const auto& c : m_def.columns) {
        if (c.required && given.count(&c) == 0) {
            error(h.number, c.headers.front(),
                  "required column is missing (header " + c.headers.front() + " or " +
                      c.headers[1] + ")");
        }
    }
    return m_report.errors.empty();
}

Status Importer::loadUnits() {
    auto st =
        m_store.impl().db.prepare("SELECT id, code, name, withdrawn_ms IS NOT NULL FROM units");
    if (!st.ok()) return st.error();
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        m_unitsByCode[st->text(1)] = {st->text(0), st->int64(3) != 0};
        if (st->int64(3) == 0) m_unitIdsByName[st->text(2)].push_back(st->text(0));
    }
    return {};
}

Result<std::optional<std::string>> Importer::campaignId() {
    auto& db = m_store.impl().db;
    if (!m_options.campaignCode.empty()) {
        auto st = db.prepare("SELECT id FROM campaigns WHERE code = ? AND withdrawn_ms IS NULL");
        if (!st.ok()) return st.error();
        st->bind(1, m_options.campaignCode);
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value())
            return makeError(ErrorCode::InvalidArgument,
                             "no campaign with code '" + m_options.campaignCode + "'");
        return std::optional<std::string>(st->text(0));
    }
    auto st = db.prepare("SELECT id FROM campaigns WHERE withdrawn_ms IS NULL LIMIT 2");
    if (!st.ok()) return st.error();
    std::vector<std::string> ids;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        ids.push_back(st->text(0));
    }
    if (ids.empty()) return std::optional<std::string>();
    if (ids.size() > 1) {
        return makeError(ErrorCode::InvalidArgument,
                         "the store has several campaigns: say which one new records belong to "
                         "(--campaign CODE)");
    }
    return std::optional<std::string>(ids.front());
}

Result<std::optional<Record>> Importer::existing(const nlohmann::json& fields) {
    auto& db = m_store.impl().db;
    const RecordTypeSpec& spec = *m_def.spec;
    if (!m_lookup) {
        std::string where;
        for (const auto& k : m_def.keyFields) where += (where.empty() ? "" : " AND ") + k + " = ?";
        // Self-inspections are unique per unit and period among those not withdrawn; units and
        // complaints are unique outright (a withdrawn one keeps its code / reference number).
        if (spec.name == "self_inspection") where += " AND withdrawn_ms IS NULL";
        auto st = db.prepare("SELECT " + detail::recordSelectColumns(spec) + " FROM " + spec.table +
                             " WHERE " + where);
        if (!st.ok()) return st.error();
        m_lookup = std::move(st).value();
    }
    m_lookup->reset();
    int i = 1;
    for (const auto& k : m_def.keyFields) m_lookup->bind(i++, fields.at(k).get<std::string>());
    auto row = m_lookup->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<Record>();
    Record r = detail::readRecord(spec, *m_lookup);
    m_lookup->reset();
    return std::optional<Record>(std::move(r));
}

void Importer::checkRow(const TableRow& row) {
    const size_t errorsBefore = m_report.errors.size();
    nlohmann::json fields = nlohmann::json::object();
    for (size_t c = 0; c < row.cells.size(); ++c) {
        const TableCell& cell = row.cells[c];
        const std::string raw = trim(cell.text);
        if (c >= m_columnDefs.size()) {
            if (!raw.empty()) {
                error(row.number, "",
                      "column " + std::to_string(c + 1) + " holds '" + raw + "' but has no header");
            }
            continue;
        }
        const ColumnDef* def = m_columnDefs[c];
        if (def == nullptr) continue;
        const FieldSpec& f = *def->field;
        const std::string& column = m_headers[c];
        if (raw.empty()) {
            if (def->required)
                error(row.number, column, "is required but empty");
            else
                fields[f.name] = nullptr;
            continue;
        }
        if (def->unitCode) {
            auto it = m_unitsByCode.find(raw);
            if (it == m_unitsByCode.end()) {
                auto byName = m_unitIdsByName.find(raw);
                if (byName != m_unitIdsByName.end() && byName->second.size() == 1) {
                    fields[f.name] = byName->second.front();
                } else if (byName != m_unitIdsByName.end()) {
                    error(row.number, column,
                          "several units are named '" + raw + "': give the unit code (单位代码)");
                } else {
                    error(row.number, column,
                          "no unit with code '" + raw + "' (import the units first)");
                }
            } else if (it->second.withdrawn) {
                error(row.number, column, "unit '" + raw + "' was withdrawn");
            } else {
                fields[f.name] = it->second.id;
            }
            continue;
        }
        std::string text = raw;
        switch (f.kind) {
            case FieldKind::Date:
            case FieldKind::Month: {
                if (cell.isNumber) {
                    auto d = excelSerialToDate(std::strtod(raw.c_str(), nullptr), m_table.date1904);
                    if (!d.ok()) {
                        error(row.number, column,
                              "'" + raw + "' is not a date: " + d.error().message);
                        continue;
                    }
                    text = f.kind == FieldKind::Month ? d->substr(0, 7) : d.value();
                } else {
                    text = f.kind == FieldKind::Month ? normalizeMonthText(raw)
                                                      : normalizeDateText(raw);
                }
                break;
            }
            case FieldKind::Bool:
                text = normalizeBoolText(raw);
                break;
            case FieldKind::Money:
                text = normalizeMoneyText(raw);
                break;
            case FieldKind::Choice: {
                auto keys = m_looseChoices.find(&f);
                if (keys == m_looseChoices.end()) keys = m_looseChoices.emplace(&f, looseChoices(f)).first;
                if (auto code = looseChoice(keys->second, raw)) text = *code;
                break;
            }
            default:
                break;
        }
        auto v = detail::normalizeValue(f, nlohmann::json(text));
        if (!v.ok()) {
            error(row.number, column, reasonOf(v.error()));
            continue;
        }
        fields[f.name] = std::move(v).value();
    }
    // Columns the row is too short for are empty.
    for (size_t c = row.cells.size(); c < m_columnDefs.size(); ++c) {
        const ColumnDef* def = m_columnDefs[c];
        if (def == nullptr) continue;
        if (def->required)
            error(row.number, m_headers[c], "is required but empty");
        else
            fields[def->field->name] = nullptr;
    }
    if (m_report.errors.size() != errorsBefore) return;

    // Natural key: unique inside the file, then matched against the store.
    std::string key;
    for (const auto& k : m_def.keyFields) key += fields.at(k).get<std::string>() + '\x1f';
    auto [seen, inserted] = m_keysSeen.emplace(key, row.number);
    if (!inserted) {
        std::string what;
        for (const auto& k : m_def.keyFields)
            what += (what.empty() ? "" : " + ") + m_headerOfField[k];
        error(row.number, m_headerOfField[m_def.keyFields.front()],
              "same " + what + " as row " + std::to_string(seen->second) +
                  " (each may appear only once in a file)");
        return;
    }
    auto found = existing(fields);
    if (!found.ok()) {
        error(row.number, "", found.error().toString());
        return;
    }
    PlannedRow plan;
    plan.row = row.number;
    if (!found->has_value()) {
        plan.fields = std::move(fields);
        m_plan.push_back(std::move(plan));
        return;
    }
    const Record& before = found->value();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (before.fields.value(it.key(), nlohmann::json()) != it.value())
            plan.fields[it.key()] = it.value();
    }
    if (plan.fields.empty()) {
        ++m_report.unchanged;
        return;
    }
    if (before.withdrawn) {
        error(row.number, m_headerOfField[plan.fields.begin().key()],
              m_def.spec->name + " '" + key.substr(0, key.find('\x1f')) + "' was withdrawn (" +
                  before.withdrawnReason + ") and can no longer be changed");
        return;
    }
    plan.existingId = before.id;
    m_plan.push_back(std::move(plan));
}

Status Importer::write() {
    std::optional<std::string> campaign;
    const bool hasCampaign = m_def.spec->field("campaign_id") != nullptr;
    const bool anyCreate = std::any_of(m_plan.begin(), m_plan.end(),
                                       [](const PlannedRow& p) { return p.existingId.empty(); });
    if (hasCampaign && anyCreate) {
        auto c = campaignId();
        if (!c.ok()) {
            error(0, "", c.error().message);
            return {};
        }
        campaign = c.value();
    }
    bool rolledBackOnPurpose = false;
    int64_t created = 0, updated = 0;
    Status st = m_store.transaction([&]() -> Status {
        for (auto& p : m_plan) {
            Result<Record> r = Error{ErrorCode::Internal, {}};
            if (p.existingId.empty()) {
                if (campaign) p.fields["campaign_id"] = *campaign;
                r = m_store.createRecord(m_def.spec->name, p.fields);
                created += r.ok();
            } else {
                r = m_store.updateRecord(m_def.spec->name, p.existingId, p.fields);
                updated += r.ok();
            }
            if (!r.ok()) {
                // Keep going: every row the store refuses is reported, then all is rolled back.
                std::string field = fieldNamed(r.error().message);
                // A rule that names no field, on an update of a single field: that field's column.
                if (field.empty() && !p.existingId.empty() && p.fields.size() == 1)
                    field = p.fields.begin().key();
                auto h = m_headerOfField.find(field);
                error(p.row, h == m_headerOfField.end() ? std::string() : h->second,
                      reasonOf(r.error()));
            }
        }
        if (!m_report.errors.empty() || m_options.dryRun) {
            rolledBackOnPurpose = true;
            return makeError(ErrorCode::Internal, "rolled back");
        }
        return {};
    });
    if (!st.ok() && !rolledBackOnPurpose) return st.error();
    if (m_report.errors.empty()) {
        m_report.created = created;
        m_report.updated = updated;
    }
    return {};
}

Result<ImportReport> Importer::run() {
    m_report.type = m_def.spec->name;
    m_report.format = m_table.format;
    m_report.encoding = m_table.encoding;
    m_report.dryRun = m_options.dryRun;
    if (!findHeader()) return m_report;
    FC_TRY(loadUnits());
    for (size_t i = m_headerIndex + 1; i < m_table.rows.size(); ++i) {
        const TableRow& row = m_table.rows[i];
        if (row.blank()) continue;
        ++m_report.rows;
        checkRow(row);
    }
    if (m_report.errors.empty() && !m_plan.empty()) FC_TRY(write());
    // Committed: the store now holds what the file says (nothing may have needed writing).
    m_report.committed = m_report.errors.empty() && !m_options.dryRun;
    if (!m_report.errors.empty()) {
        m_report.created = m_report.updated = m_report.unchanged = 0;
        m_report.committed = false;
        std::stable_sort(
            m_report.errors.begin(), m_report.errors.end(),
            [](const ImportRowError& a, const ImportRowError& b) { return a.row < b.row; });
    }
    return m_report;
}

}  // namespace

nlohmann::json ImportRowError::toJson() const {
    return {{"row", row}, {"column", column}, {"reason", reason}};
}

nlohmann::json ImportReport::toJson() const {
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& e : errors) errs.push_back(e.toJson());
    return {{"type", type},
            {"file", file},
            {"format", format},
            {"encoding", encoding},
            {"header_row", headerRow},
            {"rows", rows},
            {"created", created},
            {"updated", updated},
            {"unchanged", unchanged},
            {"dry_run", dryRun},
            {"committed", committed},
            {"ok", ok()},
            {"ignored_columns", ignoredColumns},
            {"errors", errs}};
}

const std::vector<std::string>& importableTypes() {
    static const std::vector<std::string> types = {"unit", "complaint", "self_inspection"};
    return types;
}

Result<std::vector<ImportColumn>> importColumns(const std::string& type) {
    FC_ASSIGN_OR_RETURN(TypeDef def, typeDef(type));
    std::vector<ImportColumn> out;
    for (const auto& c : def.columns) {
        ImportColumn col;
        col.field = c.field->name;
        col.headers = c.headers;
        col.required = c.required;
        col.kind = c.unitCode ? "unit code" : fieldKindName(c.field->kind);
        for (const auto& ch : c.field->choices)
            col.choices.push_back(ch.value + " (" + ch.labelZh + ")");
        out.push_back(std::move(col));
    }
    return out;
}

Result<ImportReport> importTable(Store& store, const std::string& type, const Table& table,
                                 const ImportOptions& options) {
    FC_ASSIGN_OR_RETURN(TypeDef def, typeDef(type));
    Importer importer(store, std::move(def), table, options);
    return importer.run();
}

Result<ImportReport> importFile(Store& store, const std::string& type, const std::string& path,
                                const ImportOptions& options) {
    FC_ASSIGN_OR_RETURN(TypeDef def, typeDef(type));
    auto table = readTable(path, options.encoding);
    if (!table.ok()) {
        if (table.error().code != ErrorCode::InvalidArgument) return table.error();
        ImportReport report;
        report.type = def.spec->name;
        report.file = path;
        report.dryRun = options.dryRun;
        report.errors.push_back({0, "", table.error().message});
        return report;
    }
    Importer importer(store, std::move(def), table.value(), options);
    auto result = importer.run();
    if (result.ok()) result->file = path;
    return result;
}

}  // namespace fieldcheck
