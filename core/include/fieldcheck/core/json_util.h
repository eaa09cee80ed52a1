// Reading numbers from JSON that came from outside (files, requests, pages) without undefined
// behaviour: nlohmann's get<int>() on a floating-point value is a plain cast, undefined when the
// value does not fit (found by fuzzing the keyring: "page_size": 4e28).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace fieldcheck {

// The member `key` of `obj` when it is a whole number in [min, max]; nullopt when absent, of
// another type, fractional or out of range.
inline std::optional<int64_t> jsonInt(const nlohmann::json& obj, std::string_view key,
                                      int64_t min = std::numeric_limits<int64_t>::min(),
                                      int64_t max = std::numeric_limits<int64_t>::max()) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end()) return std::nullopt;
    int64_t v = 0;
    if (it->is_number_unsigned()) {
        const uint64_t u = it->get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
        v = static_cast<int64_t>(u);
    } else if (it->is_number_integer()) {
        v = it->get<int64_t>();
    } else {
        return std::nullopt;
    }
    if (v < min || v > max) return std::nullopt;
    return v;
}

// The member `key` of `obj` when it is a string; nullopt when absent or of another type
// (json::value() would throw for a member of another type).
inline std::optional<std::string> jsonString(const nlohmann::json& obj, std::string_view key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

// The same, with `fallback` when the member is absent or not such a number.
inline int64_t jsonIntOr(const nlohmann::json& obj, std::string_view key, int64_t fallback) {
    return jsonInt(obj, key).value_or(fallback);
}

}  // namespace fieldcheck
