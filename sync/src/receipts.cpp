#include "fieldcheck/sync/receipts.h"

#include <map>
#include <set>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/sync/sync_client.h"
#include "wire.h"

namespace fieldcheck::sync {

using json = nlohmann::json;
namespace rep = replication;

namespace {

constexpr size_t kPerRequest = 1000;  // the server's limit per check

std::string field(const json& j, const char* name) {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<std::vector<TrustedReceiptKey>> trustedReceiptKeys(Store& store) {
    std::vector<TrustedReceiptKey> out;
    FC_ASSIGN_OR_RETURN(auto learned, rep::syncState(store, "receipt_keys"));
    if (learned && !learned->empty()) {
        const json list = json::parse(*learned, nullptr, false);
        if (!list.is_array()) return makeError(ErrorCode::Corrupt, "the device's receipt keys (sync_state receipt_keys) are not a JSON array");
        for (const auto& k : list) {
            if (!k.is_object() || field(k, "key").empty()) continue;
            out.push_back({field(k, "key"), k.value("retired_ms", int64_t{0})});
        }
        return out;
    }
    // Before the first rotation the device learned of: the key of its enrolment alone.
    FC_ASSIGN_OR_RETURN(auto enrolled, rep::syncState(store, "receipt_key"));
    if (enrolled && !enrolled->empty()) out.push_back({*enrolled, 0});
    return out;
}

Result<int> learnReceiptKeys(Store& store, const json& chain) {
    const json rotations = chain.is_object() ? chain.value("rotations", json()) : json();
    if (!rotations.is_array()) return makeError(ErrorCode::IoError, "the server's receipt keys: 'rotations' is not an array");
    FC_ASSIGN_OR_RETURN(auto keys, trustedReceiptKeys(store));
    auto find = [&](const std::string& key) -> TrustedReceiptKey* {
        for (auto& k : keys) {
            if (k.key == key) return &k;
        }
        return nullptr;
    };
    int learned = 0;
    // In the server's order, each rotation after the one before it; one pass suffices, a second
    // costs nothing and takes a chain sent out of order.
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& r : rotations) {
            if (!r.is_object()) continue;
            const std::string payloadText = field(r, "payload");
            const json payload = json::parse(payloadText, nullptr, false);
            if (!payload.is_object() || field(payload, "kind") != "receipt_key_rotation" || !payload.value("at_ms", json()).is_number_integer()) continue;
            const std::string previous = field(payload, "previous"), next = field(payload, "next");
            TrustedReceiptKey* signer = find(previous);
            if (signer == nullptr || next.empty() || find(next) != nullptr) continue;
            auto key = fromHex(previous);
            auto signature = fromHex(field(r, "signature"));
            if (!key.ok() || !signature.ok() || !ed25519Valid(key.value(), payloadText, signature.value())) continue;
            if (signer->retiredMs == 0) signer->retiredMs = payload["at_ms"].get<int64_t>();
            keys.push_back({next, 0});
            ++learned;
        }
    }
    if (learned == 0) return 0;
    json list = json::array();
    for (const auto& k : keys) {
        json entry = {{"key", k.key}};
        if (k.retiredMs > 0) entry["retired_ms"] = k.retiredMs;
        list.push_back(std::move(entry));
    }
    Status kept = store.transaction([&]() -> Status {
        FC_TRY(rep::setSyncState(store, "receipt_keys", list.dump()));
        // The key receipts are expected to carry from now on.
        return rep::setSyncState(store, "receipt_key", keys.back().key);
    });
    if (!kept.ok()) return kept.error();
    return learned;
}

json ReceiptReport::toJson() const {
    json p = json::array();
    for (const auto& x : problems) p.push_back({{"type", x.type}, {"id", x.id}, {"kind", x.kind}, {"message", x.message}});
    return {{"receipts", receipts}, {"ops", ops}, {"records", records}, {"ok", ok()}, {"problems", p}};
}

Result<ReceiptReport> verifyReceipts(Store& store, HttpOptions http) {
    FC_ASSIGN_OR_RETURN(Enrolment enrolled, enrolment(store));
    FC_ASSIGN_OR_RETURN(auto token, rep::syncState(store, "token"));
    http.baseUrl = enrolled.serverUrl;
    FC_TRY(useEnrolledTrust(store, http));
    HttpClient client(http);
    ReceiptReport report;
    FC_ASSIGN_OR_RETURN(auto kept, rep::receipts(store));
    FC_ASSIGN_OR_RETURN(auto trusted, trustedReceiptKeys(store));
    auto trustedKey = [&](const std::string& key) -> const TrustedReceiptKey* {
        for (const auto& k : trusted) {
            if (k.key == key) return &k;
        }
        return nullptr;
    };

    // 0. A receipt signed with a key this device has not learned yet: the server may have rotated
    // its key since the last sync. Its chain says so, signed, or the receipt stays unexplained.
    bool unknownKey = false;
    for (const auto& r : kept) unknownKey = unknownKey || trustedKey(r.key) == nullptr;
    if (unknownKey) {
        HttpRequest req;
        req.method = "POST";
        req.path = "/v1/receipt-keys";
        req.body = "{}";
        req.headers = deviceHeaders(kClientProtocol, token.value_or(""), enrolled.deviceId);
        auto res = client.send(req);
        if (!res.ok()) return res.error();
        if (res->status != 200) return serverError("receipt keys", res.value());
        FC_TRY(learnReceiptKeys(store, json::parse(res->body, nullptr, false)));
        FC_ASSIGN_OR_RETURN(trusted, trustedReceiptKeys(store));
    }

    // 1. Each receipt is the server's, about this device; the digests each op produced.
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> digests;  // in receipt order
    for (const auto& r : kept) {
        report.receipts += 1;
        const std::string where = "receipt " + std::to_string(r.seq);
        const TrustedReceiptKey* key = trustedKey(r.key);
        if (key == nullptr) {
            report.problems.push_back({"", "", "other-key", where + " names a key that neither this device's enrolment nor a rotation signed by the server leads to"});
            continue;
        }
        auto keyBytes = fromHex(key->key);
        auto signature = fromHex(r.signature);
        if (!keyBytes.ok() || !signature.ok() || !ed25519Valid(keyBytes.value(), r.payload, signature.value())) {
            report.problems.push_back({"", "", "bad-signature", where + " does not carry the server's signature: it was altered"});
            continue;
        }
        const json payload = json::parse(r.payload, nullptr, false);
        if (!payload.is_object() || payload.value("device", std::string()) != enrolled.deviceId || !payload.value("ops", json()).is_array()) {
            report.problems.push_back({"", "", "bad-signature", where + " is signed but is not about this device's push"});
            continue;
        }
        const json at = payload.value("server_time_ms", json());
        if (key->retiredMs > 0 && at.is_number_integer() && at.get<int64_t>() > key->retiredMs + kReceiptKeyRetirementMarginMs) {
            report.problems.push_back({"", "", "retired-key", where + " is dated " + std::to_string((at.get<int64_t>() - key->retiredMs) / 60000) +
                                                                  " min after the server retired and erased the key that signed it"});
            continue;
        }
        for (const auto& op : payload["ops"]) {
            report.ops += 1;
            if (!op.is_object() || !op.value("digest", json()).is_string()) continue;  // rejected, or nothing to name
            digests[{op.value("type", std::string()), op.value("id", std::string())}].push_back(op["digest"].get<std::string>());
        }
    }

    // 2. What the server holds of them now.
    std::vector<std::pair<std::string, std::string>> keys;
    for (const auto& [k, v] : digests) keys.push_back(k);
    for (size_t from = 0; from < keys.size(); from += kPerRequest) {
        json list = json::array();
        for (size_t i = from; i < keys.size() && i < from + kPerRequest; ++i) list.push_back({{"type", keys[i].first}, {"id", keys[i].second}});
        HttpRequest req;
        req.method = "POST";
        req.path = "/v1/receipts/check";
        req.body = json{{"records", list}}.dump();
        req.headers = deviceHeaders(kClientProtocol, token.value_or(""), enrolled.deviceId);
        auto res = client.send(req);
        if (!res.ok()) return res.error();
        if (res->status != 200) return serverError("receipts check", res.value());
        const json answer = json::parse(res->body, nullptr, false);
        if (!answer.is_object() || !answer.value("records", json()).is_array()) {
            return makeError(ErrorCode::IoError, "receipts check: the server's answer has no 'records'");
        }
        for (const auto& r : answer["records"]) {
            const std::pair<std::string, std::string> k{r.value("type", std::string()), r.value("id", std::string())};
            auto it = digests.find(k);
            if (it == digests.end()) continue;
            report.records += 1;
            const std::string what = k.first + " '" + k.second + "'";
            if (!r.value("known", false) || !r.value("exists", false)) {
                report.problems.push_back({k.first, k.second, "removed", what + " was received by the server (receipt) but is gone from it"});
                continue;
            }
            const std::string now = r.value("digest", std::string());
            std::vector<std::string> history;
            for (const auto& h : r.value("history", json::array())) {
                if (h.is_string()) history.push_back(h.get<std::string>());
            }
            if (k.first == "attachment") {
                // An attachment never changes: it is what the receipt says, or it was altered.
                for (const auto& d : it->second) {
                    if (d != now) report.problems.push_back({k.first, k.second, "altered", what + " differs from what the server received"});
                }
                continue;
            }
            const std::set<std::string> recorded(history.begin(), history.end());
            bool missing = false;
            for (const auto& d : it->second) missing = missing || recorded.count(d) == 0;
            if (missing) {
                report.problems.push_back({k.first, k.second, "history-rewritten",
                                           what + ": the version this device's change produced is not in the server's audit history"});
            } else if (history.empty() || now != history.back()) {
                report.problems.push_back({k.first, k.second, "altered",
                                           what + " was changed on the server outside its audit chain after it was received"});
            }
        }
    }
    return report;
}

}  // namespace fieldcheck::sync
