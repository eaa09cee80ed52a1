// Key rotation (docs/operations.md, "Rotating keys"): the server's receipt signing key and the
// devices' tokens are renewed while the server runs. Devices follow a new receipt key only through
// a rotation signed by a key they already trust, and every receipt they hold still verifies; a
// device's old token works until its new one is first used, then never again.
#include <catch2/catch.hpp>

#include <sodium.h>

#include <regex>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/sync/receipts.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;
namespace rep = fieldcheck::replication;

namespace {

std::string state(Device& d, const std::string& key) {
    auto v = rep::syncState(d.store(), key);
    REQUIRE(v.ok());
    return v.value().value_or("");
}

// The new key `admin rotate-receipt-key` printed.
std::string rotateReceiptKey(const ServerProcess& server) {
    auto rotated = server.admin({"rotate-receipt-key"});
    INFO(rotated.err);
    REQUIRE(rotated.exitCode == 0);
    std::smatch m;
    REQUIRE(std::regex_search(rotated.out, m, std::regex("[0-9a-f]{64}")));
    return m.str();
}

std::vector<std::string> keysOf(const std::vector<sync::TrustedReceiptKey>& keys) {
    std::vector<std::string> out;
    for (const auto& k : keys) out.push_back(k.key);
    return out;
}

// An Ed25519 key pair of the test's own, as hex public key and raw secret key.
struct TestKey {
    std::string publicHex;
    std::vector<uint8_t> secret = std::vector<uint8_t>(crypto_sign_SECRETKEYBYTES);
    TestKey() {
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        crypto_sign_keypair(pk, secret.data());
        publicHex = toHex(pk, sizeof pk);
    }
    std::string sign(const std::string& message) const {
        unsigned char sig[crypto_sign_BYTES];
        crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(), secret.data());
        return toHex(sig, sizeof sig);
    }
    json rotationTo(const std::string& next, int64_t atMs, const TestKey* signer = nullptr) const {
        const std::string payload =
            json{{"v", 1}, {"kind", "receipt_key_rotation"}, {"previous", publicHex}, {"next", next}, {"at_ms", atMs}}.dump();
        return {{"payload", payload}, {"signature", (signer ? *signer : *this).sign(payload)}};
    }
};

std::vector<std::string> kindsOf(const sync::ReceiptReport& report) {
    std::vector<std::string> out;
    for (const auto& p : report.problems) out.push_back(p.kind);
    return out;
}

json devicesListed(const ServerProcess& server) {
    auto listed = server.admin({"devices", "--json"});
    INFO(listed.err);
    REQUIRE(listed.exitCode == 0);
    return json::parse(listed.out);
}

json deviceListed(const ServerProcess& server, const std::string& deviceId) {
    for (const auto& d : devicesListed(server)) {
        if (d["device_id"] == deviceId) return d;
    }
    FAIL("device " << deviceId << " not listed");
    return {};
}

std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
    return {{"FieldCheck-Protocol", "4"}, {"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

}  // namespace

TEST_CASE("the receipt key rotates while the server runs: devices follow the signed rotations and every receipt still verifies",
          "[sync][receipts][rotation]") {
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    syncOk(inspector);
    const std::string enrolledKey = state(inspector, "receipt_key");
    const Record before = newFinding(inspector, "轮换前上报的问题");
    syncOk(inspector);

    // The server process that is running signs with the new key from its next receipt on.
    const std::string second = rotateReceiptKey(server);
    CHECK(second != enrolledKey);
    const Record after = newFinding(inspector, "轮换后上报的问题");
    auto synced = inspector.sync();
    REQUIRE(synced.ok());
    CHECK(synced->receiptKeysLearned == 1);
    CHECK(state(inspector, "receipt_key") == second);
    auto trusted = sync::trustedReceiptKeys(inspector.store());
    REQUIRE(trusted.ok());
    CHECK(keysOf(trusted.value()) == std::vector<std::string>{enrolledKey, second});
    CHECK(trusted.value()[0].retiredMs > 0);
    CHECK(trusted.value()[1].retiredMs == 0);

    auto verified = sync::verifyReceipts(inspector.store());
    REQUIRE(verified.ok());
    INFO(verified->toJson().dump());
    CHECK(verified->ok());
    CHECK(verified->receipts >= 2);
    CHECK(verified->records == 2);

    // Two rotations while the device is away: one sync follows both.
    const std::string third = rotateReceiptKey(server);
    const std::string fourth = rotateReceiptKey(server);
    newFinding(inspector, "离线期间记录的问题");
    auto later = inspector.sync();
    REQUIRE(later.ok());
    CHECK(later->receiptKeysLearned == 2);
    CHECK(state(inspector, "receipt_key") == fourth);
    auto all = sync::trustedReceiptKeys(inspector.store());
    REQUIRE(all.ok());
    CHECK(keysOf(all.value()) == std::vector<std::string>{enrolledKey, second, third, fourth});
    auto again = sync::verifyReceipts(inspector.store());
    REQUIRE(again.ok());
    INFO(again->toJson().dump());
    CHECK(again->ok());
    CHECK(again->records == 3);

    // A device enrolled now is given the current key; nothing to follow.
    Device leader(server.url(), "g1m1");
    CHECK(state(leader, "receipt_key") == fourth);
    syncOk(leader);
    newFinding(leader, "组长记录");
    auto leaderSync = leader.sync();
    REQUIRE(leaderSync.ok());
    CHECK(leaderSync->receiptKeysLearned == 0);

    // The rotations are in the server's audit chain, which still verifies.
    CHECK(server.admin({"verify"}).exitCode == 0);
    (void)before;
    (void)after;
}

TEST_CASE("a receipt key no trusted key signed for is named, and so is a receipt dated after its key was retired",
          "[sync][receipts][rotation]") {
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    syncOk(inspector);
    newFinding(inspector, "正常上报");
    syncOk(inspector);
    const std::string enrolledKey = state(inspector, "receipt_key");
    const std::string deviceId = state(inspector, "device_id");

    // Somebody with their own key claims a rotation from the server's key: not signed by it.
    const TestKey intruder;
    TestKey serverKeyStandIn;
    serverKeyStandIn.publicHex = enrolledKey;
    const json forged = {{"current", intruder.publicHex},
                         {"rotations", json::array({serverKeyStandIn.rotationTo(intruder.publicHex, 1, &intruder)})}};
    auto learned = sync::learnReceiptKeys(inspector.store(), forged);
    REQUIRE(learned.ok());
    CHECK(learned.value() == 0);
    CHECK(state(inspector, "receipt_key") == enrolledKey);

    // A receipt signed with that key, planted on the device, is named: the server's own chain
    // (asked for because the key is unknown) does not lead to it either.
    const std::string planted = json{{"v", 1}, {"device", deviceId}, {"user", "g1m2"}, {"server_time_ms", 1}, {"ops", json::array()}}.dump();
    REQUIRE(rep::keepReceipt(inspector.store(), planted, intruder.sign(planted), intruder.publicHex).ok());
    auto report = sync::verifyReceipts(inspector.store());
    REQUIRE(report.ok());
    INFO(report->toJson().dump());
    CHECK(kindsOf(report.value()) == std::vector<std::string>{"other-key"});
    CHECK(report->records == 1);  // the real receipt's finding, checked with the server as ever

    // Retirement: a device whose trust starts at a key of the test's (so that the test can sign as
    // a server that rotated at `at`). Receipts signed by the old key before the rotation, and
    // within the clocks' margin after it, are sound; one dated an hour later is not: the server
    // had erased that key.
    Device other(server.url(), "g1m1");
    const std::string otherId = state(other, "device_id");
    const TestKey old, current;
    REQUIRE(rep::setSyncState(other.store(), "receipt_key", old.publicHex).ok());
    const int64_t at = 1'800'000'000'000;
    auto took = sync::learnReceiptKeys(other.store(), {{"current", current.publicHex}, {"rotations", json::array({old.rotationTo(current.publicHex, at)})}});
    REQUIRE(took.ok());
    CHECK(took.value() == 1);
    auto receipt = [&](int64_t when, const TestKey& by) {
        const std::string payload = json{{"v", 1}, {"device", otherId}, {"user", "g1m1"}, {"server_time_ms", when}, {"ops", json::array()}}.dump();
        REQUIRE(rep::keepReceipt(other.store(), payload, by.sign(payload), by.publicHex).ok());
    };
    receipt(at - 60'000, old);
    receipt(at + sync::kReceiptKeyRetirementMarginMs - 1, old);
    receipt(at + 3'600'000, old);
    receipt(at + 7'200'000, current);
    auto retired = sync::verifyReceipts(other.store());
    REQUIRE(retired.ok());
    INFO(retired->toJson().dump());
    CHECK(retired->receipts == 4);
    CHECK(kindsOf(retired.value()) == std::vector<std::string>{"retired-key"});
    CHECK_THAT(retired->problems.at(0).message, Catch::Contains("receipt 3") && Catch::Contains("60 min after"));
}

TEST_CASE("the office renews a device's token: the device takes it at its next sync, the old one stops working, a lost answer costs "
          "nothing",
          "[sync][tokens][rotation]") {
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    Device leader(server.url(), "g1m1");
    syncOk(inspector);
    syncOk(leader);
    const std::string inspectorId = state(inspector, "device_id");
    const std::string leaderId = state(leader, "device_id");
    const std::string oldToken = state(inspector, "token");
    const std::string leaderToken = state(leader, "token");

    // What the command refuses.
    auto noTarget = server.admin({"renew-tokens"});
    CHECK(noTarget.exitCode == 2);
    CHECK_THAT(noTarget.err, Catch::Contains("--device ID or --all"));
    auto unknown = server.admin({"renew-tokens", "--device", "no-such-device"});
    CHECK(unknown.exitCode == 1);
    CHECK_THAT(unknown.err, Catch::Contains("no-such-device"));

    auto ordered = server.admin({"renew-tokens", "--device", inspectorId});
    INFO(ordered.err);
    REQUIRE(ordered.exitCode == 0);
    CHECK_THAT(ordered.out, Catch::StartsWith("1 device(s)"));
    CHECK(deviceListed(server, inspectorId)["token_renewal_due"] == true);
    CHECK(deviceListed(server, leaderId)["token_renewal_due"] == false);

    // An answer lost on the way: the token it carried is never used, the old one still works.
    auto lost = rawPost(server.port(), "/v1/device/token", "{}", bearer(oldToken));
    REQUIRE(lost.status == 200);
    const std::string lostToken = json::parse(lost.body)["token"].get<std::string>();
    CHECK(lostToken.size() == 64);

    newFinding(inspector, "换证前的记录");
    auto renewed = inspector.sync();
    REQUIRE(renewed.ok());
    CHECK(renewed->tokenRenewed);
    const std::string newToken = state(inspector, "token");
    CHECK(newToken != oldToken);
    CHECK(newToken != lostToken);
    // Not used yet: both the old token and the new one would still be taken.
    CHECK(deviceListed(server, inspectorId)["token_renewal_due"] == true);

    // The first use of the new one ends the old one, and the lost one was replaced before.
    newFinding(inspector, "换证后的记录");
    auto next = inspector.sync();
    REQUIRE(next.ok());
    CHECK_FALSE(next->tokenRenewed);
    CHECK(next->applied == 1);
    CHECK(deviceListed(server, inspectorId)["token_renewal_due"] == false);
    for (const std::string& dead : {oldToken, lostToken}) {
        auto refused = rawPost(server.port(), "/v1/pull", "{}", bearer(dead));
        CHECK(refused.status == 401);
        CHECK_THAT(refused.body, Catch::Contains("unknown device token"));
    }
    CHECK(rawPost(server.port(), "/v1/pull", "{}", bearer(newToken)).status == 200);

    // Another device was not touched.
    auto untouched = leader.sync();
    REQUIRE(untouched.ok());
    CHECK_FALSE(untouched->tokenRenewed);
    CHECK(state(leader, "token") == leaderToken);

    // Every device at once; a revoked device is left out (its next contact is a wipe order).
    Device revoked(server.url(), "g2m2");
    REQUIRE(server.admin({"revoke-device", state(revoked, "device_id")}).exitCode == 0);
    auto everyone = server.admin({"renew-tokens", "--all"});
    REQUIRE(everyone.exitCode == 0);
    CHECK_THAT(everyone.out, Catch::StartsWith("2 device(s)"));
    auto both = leader.sync();
    REQUIRE(both.ok());
    CHECK(both->tokenRenewed);
    CHECK(state(leader, "token") != leaderToken);
    syncOk(leader);
    CHECK(rawPost(server.port(), "/v1/pull", "{}", bearer(leaderToken)).status == 401);

    // The renewals are in the server's audit chain, which still verifies.
    CHECK(server.admin({"verify"}).exitCode == 0);
}
