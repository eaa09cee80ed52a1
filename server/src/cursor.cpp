#include "cursor.h"

#include <sodium.h>

#include <cstring>
#include <optional>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/json_util.h"

namespace fieldcheck::server {

using json = nlohmann::json;

namespace {

Error bad(const std::string& message) { return makeError(ErrorCode::InvalidArgument, message); }

std::string base64url(const std::string& bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<std::string> unbase64url(const std::string& text) {
    std::string out(text.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len,
                          nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

}  // namespace

json Cursor::toJson() const {
    json j = {{"v", 1}, {"s", seq}, {"k", keys}, {"p", protocol}};
    json cu = json::array();
    for (const auto& e : catchUps) cu.push_back({{"k", e.key}, {"p", e.pos}, {"u", e.upto}});
    j["c"] = cu;
    if (!epoch.empty()) j["e"] = epoch;
    return j;
}

Result<Cursor> Cursor::fromJson(const json& j) {
    if (!j.is_object() || jsonIntOr(j, "v", 0) != 1) return bad("the cursor has an unknown version");
    Cursor c;
    c.fresh = false;
    auto seq = jsonInt(j, "s", 0);
    if (!seq) return bad("the cursor is damaged (position)");
    c.seq = *seq;
    if (j.contains("p")) {
        auto protocol = jsonInt(j, "p", 1, 1000);
        if (!protocol) return bad("the cursor is damaged (protocol)");
        c.protocol = static_cast<int>(*protocol);
    }
    const json keys = j.value("k", json::array());
    if (!keys.is_array()) return bad("the cursor is damaged (scopes)");
    for (const auto& k : keys) {
        if (!k.is_string()) return bad("the cursor is damaged (scopes)");
        c.keys.insert(k.get<std::string>());
    }
    const json epoch = j.value("e", json(""));
    if (!epoch.is_string()) return bad("the cursor is damaged (epoch)");
    c.epoch = epoch.get<std::string>();
    const json catchUps = j.value("c", json::array());
    if (!catchUps.is_array()) return bad("the cursor is damaged (catch-ups)");
    for (const auto& e : catchUps) {
        auto key = e.is_object() ? e.find("k") : e.end();
        auto pos = jsonInt(e, "p", 0), upto = jsonInt(e, "u", 0);
        if (!e.is_object() || key == e.end() || !key->is_string() || !pos || !upto) return bad("the cursor is damaged (catch-ups)");
        c.catchUps.push_back({key->get<std::string>(), *pos, *upto});
    }
    return c;
}

std::string CursorCodec::sign(const std::string& payload) const {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    std::string key = m_key;
    key.resize(crypto_auth_hmacsha256_KEYBYTES, '\0');
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
                           reinterpret_cast<const unsigned char*>(key.data()));
    return toHex(mac, 16);
}

std::string CursorCodec::encode(const Cursor& cursor) const {
    const std::string body = base64url(cursor.toJson().dump());
    return body + "." + sign(body);
}

Result<Cursor> CursorCodec::decode(const std::string& text) const {
    if (text.empty()) return Cursor{};
    const size_t dot = text.rfind('.');
    if (dot == std::string::npos || sign(text.substr(0, dot)) != text.substr(dot + 1)) {
        return bad("the cursor is not one this server issued (start again with an empty cursor)");
    }
    auto raw = unbase64url(text.substr(0, dot));
    if (!raw) return bad("the cursor is damaged");
    return Cursor::fromJson(json::parse(*raw, nullptr, false));
}

}  // namespace fieldcheck::server
