#include "values.h"

#include <cerrno>
#include <cstdlib>

#include "fieldcheck/core/crypto.h"

namespace fieldcheck::detail {
namespace {

Error fieldError(const FieldSpec& f, const std::string& why) {
    return makeError(ErrorCode::InvalidArgument, "field '" + f.name + "' (" + f.labelZh + "): " + why);
}

bool allDigits(const std::string& s, size_t from, size_t to) {
    if (from >= to) return false;
    for (size_t i = from; i < to; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

int daysInMonth(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

}  // namespace

bool isValidMonth(const std::string& s) {
    if (s.size() != 7 || s[4] != '-' || !allDigits(s, 0, 4) || !allDigits(s, 5, 7)) return false;
    int m = std::stoi(s.substr(5, 2));
    return m >= 1 && m <= 12;
}

bool isValidDate(const std::string& s) {
    if (s.size() != 10 || s[7] != '-' || !isValidMonth(s.substr(0, 7)) || !allDigits(s, 8, 10)) return false;
    int y = std::stoi(s.substr(0, 4));
    int m = std::stoi(s.substr(5, 2));
    int d = std::stoi(s.substr(8, 2));
    return d >= 1 && d <= daysInMonth(y, m);
}

Result<int64_t> parseMoneyFen(const std::string& text) {
    const auto bad = [&]() {
        return makeError(ErrorCode::InvalidArgument,
                         "'" + text + "' is not an amount in yuan (digits, at most two decimals, e.g. 1234.50)");
    };
    size_t dot = text.find('.');
    std::string whole = text.substr(0, dot);
    std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
    if (!allDigits(whole, 0, whole.size()) || frac.size() > 2 ||
        (dot != std::string::npos && !allDigits(frac, 0, frac.size())) || whole.size() > 15) {
        return bad();
    }
    while (frac.size() < 2) frac += '0';
    return std::stoll(whole) * 100 + std::stoll(frac);
}

std::string formatMoneyFen(int64_t fen) {
    std::string frac = std::to_string(fen % 100);
    if (frac.size() < 2) frac = "0" + frac;
    return std::to_string(fen / 100) + "." + frac;
}

Result<nlohmann::json> normalizeValue(const FieldSpec& f, const nlohmann::json& v) {
    if (v.is_null()) {
        if (f.required) return fieldError(f, "is required and cannot be cleared");
        return nlohmann::json();
    }
    const std::string asText = v.is_string() ? v.get<std::string>() : v.dump();
    switch (f.kind) {
        case FieldKind::Text:
        case FieldKind::Reference: {
            if (!v.is_string()) return fieldError(f, "expected text, got " + asText);
            if (f.required && asText.find_first_not_of(" \t\r\n") == std::string::npos) {
                return fieldError(f, "is required and cannot be blank");
            }
            return nlohmann::json(asText);
        }
        case FieldKind::Integer: {
            if (v.is_number_integer()) return nlohmann::json(v.get<int64_t>());
            errno = 0;
            char* end = nullptr;
            long long n = std::strtoll(asText.c_str(), &end, 10);
            if (asText.empty() || *end != '\0' || errno != 0) return fieldError(f, "'" + asText + "' is not a whole number");
            return nlohmann::json(static_cast<int64_t>(n));
        }
        case FieldKind::Real: {
            if (v.is_number()) return nlohmann::json(v.get<double>());
            char* end = nullptr;
            double d = std::strtod(asText.c_str(), &end);
            if (asText.empty() || *end != '\0' || !std::isfinite(d)) return fieldError(f, "'" + asText + "' is not a number");
            return nlohmann::json(d);
        }
        case FieldKind::Money: {
            if (v.is_number_float() || v.is_number_integer()) {
                return fieldError(f, "give amounts as text with at most two decimals (\"1234.50\"), not as a JSON number");
            }
            auto fen = parseMoneyFen(asText);
            if (!fen.ok()) return fieldError(f, fen.error().message);
            return nlohmann::json(formatMoneyFen(fen.value()));
        }
        case FieldKind::Bool: {
            if (v.is_boolean()) return nlohmann::json(v.get<bool>());
            if (asText == "true" || asText == "1" || asText == "yes" || asText == "是") return nlohmann::json(true);
            if (asText == "false" || asText == "0" || asText == "no" || asText == "否") return nlohmann::json(false);
            return fieldError(f, "'" + asText + "' is not true/false (是/否)");
        }
        case FieldKind::Date: {
            if (!v.is_string() || !isValidDate(asText)) return fieldError(f, "'" + asText + "' is not a date YYYY-MM-DD");
            return nlohmann::json(asText);
        }
        case FieldKind::Month: {
            if (!v.is_string() || !isValidMonth(asText)) return fieldError(f, "'" + asText + "' is not a month YYYY-MM");
            return nlohmann::json(asText);
        }
        case FieldKind::Json: {
            if (v.is_object() || v.is_array()) return nlohmann::json(v);
            auto parsed = nlohmann::json::parse(asText, nullptr, false);
            if (!v.is_string() || parsed.is_discarded() || !(parsed.is_object() || parsed.is_array())) {
                return fieldError(f, "expected a JSON object or array");
            }
            return parsed;
        }
        case FieldKind::Choice: {
            for (const auto& c : f.choices) {
                if (asText == c.value || asText == c.labelZh) return nlohmann::json(c.value);
            }
            std::string allowed;
            for (const auto& c : f.choices) allowed += (allowed.empty() ? "" : ", ") + c.value + " (" + c.labelZh + ")";
            return fieldError(f, "'" + asText + "' is not one of: " + allowed);
        }
    }
    return fieldError(f, "unsupported kind");
}

Result<nlohmann::json> normalizeFields(const RecordTypeSpec& spec, const nlohmann::json& input, bool forCreate) {
    if (!input.is_object()) {
        return makeError(ErrorCode::InvalidArgument, spec.name + ": fields must be a JSON object");
    }
    nlohmann::json out = nlohmann::json::object();
    for (auto it = input.begin(); it != input.end(); ++it) {
        const FieldSpec* f = spec.field(it.key());
        if (f == nullptr) {
            std::string known;
            for (const auto& fs : spec.fields) known += (known.empty() ? "" : ", ") + fs.name;
            return makeError(ErrorCode::InvalidArgument,
                             spec.name + " has no field '" + it.key() + "' (fields: " + known + ")");
        }
        auto v = normalizeValue(*f, it.value());
        if (!v.ok()) return v.error();
        out[f->name] = std::move(v).value();
    }
    if (forCreate) {
        for (const auto& f : spec.fields) {
            if (f.required && (!out.contains(f.name) || out[f.name].is_null())) {
                return makeError(ErrorCode::InvalidArgument, spec.name + ": required field '" + f.name +
                                                                 "' (" + f.labelZh + ") is missing");
            }
        }
    }
    return out;
}

void bindField(Statement& st, int index, const FieldSpec& f, const nlohmann::json& v) {
    if (v.is_null()) {
        st.bindNull(index);
        return;
    }
    switch (f.kind) {
        case FieldKind::Integer: st.bind(index, v.get<int64_t>()); break;
        case FieldKind::Real: st.bind(index, v.get<double>()); break;
        case FieldKind::Bool: st.bind(index, static_cast<int64_t>(v.get<bool>() ? 1 : 0)); break;
        case FieldKind::Money: st.bind(index, parseMoneyFen(v.get<std::string>()).value()); break;
        case FieldKind::Json: st.bind(index, v.dump()); break;
        default: st.bind(index, v.get<std::string>()); break;
    }
}

nlohmann::json columnToJson(const FieldSpec& f, const Statement& st, int col) {
    if (st.isNull(col)) return nullptr;
    switch (f.kind) {
        case FieldKind::Integer: return st.int64(col);
        case FieldKind::Real: return st.real(col);
        case FieldKind::Bool: return st.int64(col) != 0;
        case FieldKind::Money: return formatMoneyFen(st.int64(col));
        case FieldKind::Json: return nlohmann::json::parse(st.text(col), nullptr, false);
        default: return st.text(col);
    }
}

std::string recordHash(const Record& r, int schemaVersion) {
    nlohmann::json fields = nlohmann::json::object();
    const RecordTypeSpec* spec = findRecordType(r.type);
    for (const auto& f : spec->fields) {
        if (f.since <= schemaVersion) fields[f.name] = r.fields.value(f.name, nlohmann::json());
    }
    nlohmann::json canonical = {{"type", r.type},
                                {"id", r.id},
                                {"fields", fields},
                                {"withdrawn", r.withdrawn},
                                {"withdrawn_reason", r.withdrawn ? nlohmann::json(r.withdrawnReason) : nlohmann::json()}};
    return sha256Hex(canonical.dump());
}

}  // namespace fieldcheck::detail
