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

}  // namespace

json ReceiptReport::toJson() const {
    json p = json::array();
    for (const auto& x : problems) p.push_back({{"type", x.type}, {"id", x.id}, {"kind", x.kind}, {"message", x.message}});
    return {{"receipts", receipts}, {"ops", ops}, {"records", records}, {"ok", ok()}, {"problems", p}};
}

Result<ReceiptReport> verifyReceipts(Store& store, HttpOptions http) {
    FC_ASSIGN_OR_RETURN(Enrolment enrolled, enrolment(store));
    FC_ASSIGN_OR_RETURN(auto token, rep::syncState(store, "token"));
    FC_ASSIGN_OR_RETURN(auto keyHex, rep::syncState(store, "receipt_key"));
    ReceiptReport report;
    std::vector<uint8_t> key;
    if (keyHex) {
        auto decoded = fromHex(*keyHex);
        if (decoded.ok()) key = std::move(decoded).value();
    }

    // 1. Each receipt is the server's, about this device; the digests each op produced.
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> digests;  // in receipt order
    FC_ASSIGN_OR_RETURN(auto kept, rep::receipts(store));
    for (const auto& r : kept) {
        report.receipts += 1;
        const std::string where = "receipt " + std::to_string(r.seq);
        if (!keyHex || r.key != *keyHex) {
            report.problems.push_back({"", "", "other-key", where + " names another key than the one this device was enrolled with"});
            continue;
        }
        auto signature = fromHex(r.signature);
        if (!signature.ok() || !ed25519Valid(key, r.payload, signature.value())) {
            report.problems.push_back({"", "", "bad-signature", where + " does not carry the server's signature: it was altered"});
            continue;
        }
        const json payload = json::parse(r.payload, nullptr, false);
        if (!payload.is_object() || payload.value("device", std::string()) != enrolled.deviceId || !payload.value("ops", json()).is_array()) {
            report.problems.push_back({"", "", "bad-signature", where + " is signed but is not about this device's push"});
            continue;
        }
        for (const auto& op : payload["ops"]) {
            report.ops += 1;
            if (!op.is_object() || !op.value("digest", json()).is_string()) continue;  // rejected, or nothing to name
            digests[{op.value("type", std::string()), op.value("id", std::string())}].push_back(op["digest"].get<std::string>());
        }
    }

    // 2. What the server holds of them now.
    http.baseUrl = enrolled.serverUrl;
    FC_TRY(useEnrolledTrust(store, http));
    HttpClient client(http);
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
