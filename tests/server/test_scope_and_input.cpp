// What each device may receive (scope granted and taken away; personal data never on the wire to a
// unit liaison) and bad input to the server (clear 4xx, nothing applied, still serving).
#include <catch2/catch.hpp>

#include <set>

#include "fieldcheck/core/sqlite.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

namespace {

int64_t countOf(Store& s, const std::string& type) {
    auto n = s.countRecords(type);
    REQUIRE(n.ok());
    return n.value();
}

std::vector<json> dumpLines(const std::string& dump) {
    std::vector<json> out;
    size_t pos = 0;
    while (pos < dump.size()) {
        size_t end = dump.find('\n', pos);
        out.push_back(json::parse(dump.substr(pos, end - pos)));
        pos = end + 1;
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> auth(const std::string& token, const std::string& protocol = "2") {
    return {{"FieldCheck-Protocol", protocol}, {"Authorization", "Bearer " + token}};
}

}  // namespace

TEST_CASE("a unit assigned to a group reaches its devices with its history and is purged from them when taken away", "[sync][scope]") {
    ServerProcess server;
    server.start();
    Device d(server.url(), "g1m2");
    syncOk(d);
    const int64_t findingsBefore = countOf(d.store(), "finding");
    const int64_t unitsBefore = countOf(d.store(), "unit");

    // MZ024 belongs to group 3 in the demo: visits and findings already recorded there.
    auto assigned = server.admin({"assign", "--group", "G1", "--unit", "MZ024", "--task", "visit"});
    INFO(assigned.err);
    REQUIRE(assigned.exitCode == 0);
    syncOk(d);
    CHECK(countOf(d.store(), "unit") == unitsBefore + 1);
    CHECK(countOf(d.store(), "finding") > findingsBefore);
    CHECK(countOf(d.store(), "visit") > 0);
    CHECK(d.dump() == server.dumpFor("g1m2"));

    auto taken = server.admin({"unassign", "--group", "G1", "--unit", "MZ024"});
    INFO(taken.err);
    REQUIRE(taken.exitCode == 0);
    auto r = d.sync();
    REQUIRE(r.ok());
    CHECK(r->removed >= 1);
    CHECK(countOf(d.store(), "unit") == unitsBefore);
    CHECK(countOf(d.store(), "finding") == findingsBefore);
    CHECK(d.dump() == server.dumpFor("g1m2"));
    CHECK(d.store().verifyAudit()->ok());
    CHECK(d.store().checkIntegrity().ok());
}

TEST_CASE("the bytes a unit liaison's device receives hold no complainant or person involved or phone", "[sync][scope]") {
    ServerProcess server;
    server.start();
    // The sensitive values on the server, from the discipline inspectors' view.
    std::set<std::string> sensitive, ordinaryText;
    for (const auto& line : dumpLines(server.dumpFor("jijian1"))) {
        for (auto it = line["f"].begin(); it != line["f"].end(); ++it) {
            if (!it.value().is_string()) continue;
            const std::string key = line["t"].get<std::string>() + "." + it.key();
            if (key == "complaint.complainant" || key == "finding.persons_involved" || key == "person.phone") sensitive.insert(it.value());
            else ordinaryText.insert(it.value());
        }
    }
    // A value that is also ordinary text somewhere (e.g. "匿名") cannot be told apart in bytes.
    std::vector<std::string> checked;
    for (const auto& v : sensitive) {
        bool ordinary = false;
        for (const auto& t : ordinaryText) ordinary = ordinary || t.find(v) != std::string::npos;
        if (!ordinary && v.size() >= 4) checked.push_back(v);
    }
    REQUIRE(checked.size() >= 20);

    auto [deviceId, token] = rawEnroll(server.port(), "liaison3");
    std::string raw, cursor;
    int pages = 0;
    for (;;) {
        auto r = rawPost(server.port(), "/v1/pull", json{{"cursor", cursor}, {"limit", 50}}.dump(), auth(token));
        REQUIRE(r.status == 200);
        raw += r.body;
        auto page = json::parse(r.body);
        cursor = page["cursor"];
        ++pages;
        for (const auto& c : page["changes"]) {
            REQUIRE(c["op"] == "upsert");
            const std::string type = c["record"]["type"];
            CHECK(type != "complaint");
            CHECK(type != "visit");
            CHECK(type != "assignment");
            CHECK(type != "accountability_case");
        }
        if (!page["more"].get<bool>()) break;
    }
    CHECK(pages >= 1);
    CHECK(raw.find("\"finding\"") != std::string::npos);  // it did receive its unit's findings
    for (const auto& v : checked) {
        INFO("sensitive value found in the liaison's bytes: " << v);
        CHECK(raw.find(v) == std::string::npos);
    }
}

TEST_CASE("bad input gets a clear 4xx and nothing is applied and the server keeps serving", "[sync][input]") {
    ServerProcess server;
    server.start({"FIELDCHECK_SERVER_MAX_BODY_BYTES=65536"});
    const int port = server.port();
    auto [deviceId, token] = rawEnroll(port, "g1m2");
    auto [otherId, otherToken] = rawEnroll(port, "g2m2", "other-device");
    const std::string before = server.dumpFor("jijian1");
    REQUIRE(before.find("\"t\":\"finding\"") != std::string::npos);  // what "nothing changed" compares
    auto errorOf = [](const RawResponse& r) {
        auto j = json::parse(r.body, nullptr, false);
        return j.is_object() && j.contains("error") ? j["error"].value("message", "") : std::string("(no error body) ") + r.body;
    };

    SECTION("malformed JSON") {
        auto r = rawPost(port, "/v1/push", "{\"ops\": [", auth(token));
        CHECK(r.status == 400);
        CHECK(errorOf(r).find("not valid JSON") != std::string::npos);
    }
    SECTION("wrong types") {
        CHECK(rawPost(port, "/v1/push", "[]", auth(token)).status == 400);
        CHECK(rawPost(port, "/v1/push", R"({"ops": {"a": 1}})", auth(token)).status == 400);
        CHECK(rawPost(port, "/v1/pull", R"({"cursor": 7})", auth(token)).status == 400);
        CHECK(rawPost(port, "/v1/pull", R"({"limit": "many"})", auth(token)).status == 400);
        CHECK(rawPost(port, "/v1/pull", R"({"limit": 100000})", auth(token)).status == 400);
        CHECK(rawPost(port, "/v1/enroll", R"({"user": 5})", {{"FieldCheck-Protocol", "2"}}).status == 400);
        // Wrong types inside an op: a 400, not a server error.
        auto typed = rawPost(port, "/v1/push", R"({"ops": [{"op_id": 5, "action": "update", "type": "finding", "id": "x"}]})", auth(token));
        CHECK(typed.status == 400);
        CHECK(errorOf(typed).find("wrong type") != std::string::npos);
        auto payload = rawPost(port, "/v1/push", R"({"ops": [{"op_id": "w1", "action": "withdraw", "type": "finding", "id": "x", "payload": {"reason": 7}}]})", auth(token));
        CHECK((payload.status == 400 || payload.status == 200));
        // Audit entries are checked before any op of the request is applied.
        auto r = rawPost(port, "/v1/push",
                         json{{"ops", json::array({{{"op_id", "x1"}, {"action", "update"}, {"type", "unit"}, {"id", "u"}, {"payload", {{"name", "x"}}}}})},
                              {"audit", json::array({{{"seq", "one"}}})}}
                             .dump(),
                         auth(token));
        CHECK(r.status == 400);
        CHECK(errorOf(r).find("audit entry 0") != std::string::npos);
    }
    SECTION("a huge body") {
        std::string big = R"({"ops": [], "padding": ")" + std::string(200000, 'x') + "\"}";
        CHECK(rawPost(port, "/v1/push", big, auth(token)).status == 413);
    }
    SECTION("unknown or missing protocol versions") {
        auto r = rawPost(port, "/v1/pull", "{}", auth(token, "9"));
        CHECK(r.status == 400);
        CHECK(errorOf(r).find("not supported") != std::string::npos);
        CHECK(json::parse(r.body)["error"]["supported"] == json::array({1, 4}));
        CHECK(rawPost(port, "/v1/pull", "{}", {{"Authorization", "Bearer " + token}}).status == 400);
    }
    SECTION("missing, wrong and another device's tokens") {
        CHECK(rawPost(port, "/v1/pull", "{}", {{"FieldCheck-Protocol", "2"}}).status == 401);
        CHECK(rawPost(port, "/v1/pull", "{}", auth("0123456789abcdef")).status == 401);
        auto h = auth(otherToken);
        h.emplace_back("FieldCheck-Device", deviceId);
        auto r = rawPost(port, "/v1/pull", "{}", h);
        CHECK(r.status == 403);
        CHECK(errorOf(r).find("another device") != std::string::npos);
        auto revoked = server.admin({"revoke-device", otherId});
        REQUIRE(revoked.exitCode == 0);
        CHECK(rawPost(port, "/v1/pull", "{}", auth(otherToken)).status == 410);  // a wipe order (test_lost_devices.cpp)
    }
    SECTION("a forged cursor") {
        auto r = rawPost(port, "/v1/pull", R"({"cursor": "eyJ2IjoxfQ.00000000000000000000000000000000"})", auth(token));
        CHECK(r.status == 400);
        CHECK(errorOf(r).find("cursor") != std::string::npos);
    }
    SECTION("ops that are wrong each get a rejection with a reason") {
        json ops = json::array({
            {{"op_id", "bad-1"}, {"action", "update"}, {"type", "no_such_type"}, {"id", "abc"}, {"payload", {{"x", 1}}}},
            {{"op_id", "bad-2"}, {"action", "update"}, {"type", "finding"}, {"id", "does-not-exist"}, {"payload", {{"description", "x"}}}},
            {{"op_id", "bad-3"}, {"action", "create"}, {"type", "finding"}, {"id", "new-finding-1"}, {"payload", {{"description", 42}}}},
            {{"op_id", "bad-4"}, {"action", "frobnicate"}, {"type", "finding"}, {"id", "x"}},
            {{"op_id", "bad 5!"}, {"action", "update"}, {"type", "finding"}, {"id", "x"}},
            {{"op_id", "bad-6"}, {"type", "finding"}, {"id", "x"}},
        });
        auto r = rawPost(port, "/v1/push", json{{"ops", ops}}.dump(), auth(token));
        REQUIRE(r.status == 200);
        auto results = json::parse(r.body)["results"];
        REQUIRE(results.size() == ops.size());
        for (const auto& res : results) {
            INFO(res.dump());
            CHECK(res["status"] == "rejected");
            CHECK_FALSE(res.value("reason", "").empty());
        }
        CHECK(results[0]["reason"].get<std::string>().find("no_such_type") != std::string::npos);
        CHECK(results[1]["reason"].get<std::string>().find("does-not-exist") != std::string::npos);
        CHECK(results[2]["reason"].get<std::string>().find("description") != std::string::npos);
    }
    SECTION("numbers that fit no integer are refused, never cast (the sanitizer build would stop here)") {
        std::string id;
        for (const auto& line : dumpLines(server.dumpFor("g1m2"))) {
            if (line.value("t", "") == "finding" && id.empty()) id = line.value("id", "");
        }
        REQUIRE_FALSE(id.empty());
        json ops = json::array({
            {{"op_id", "num-1"}, {"action", "update"}, {"type", "finding"}, {"id", id}, {"base_version", 1e300},
             {"field_bases", {{"_record", 4.0e28}, {"description", -1e300}}}, {"payload", {{"description", "x"}}}},
            {{"op_id", "num-2"}, {"action", "resolve"}, {"type", "finding"}, {"id", id}, {"payload", {{"conflict_id", "c"}, {"choice", 1e300}}}},
        });
        auto r = rawPost(port, "/v1/push", json{{"ops", ops}}.dump(), auth(token));
        CHECK((r.status == 200 || r.status == 400));
        CHECK(rawGet(port, "/v1/health").status == 200);
    }
    // Whatever came before: nothing changed and the server still answers.
    CHECK(rawGet(port, "/v1/health").status == 200);
    CHECK(server.dumpFor("jijian1") == before);
}

TEST_CASE("logins are rate-limited and passwords never reach the log", "[sync][input]") {
    ServerProcess server;
    server.start();
    int locked = 0;
    for (int i = 0; i < 8; ++i) {
        auto r = rawPost(server.port(), "/v1/enroll", json{{"user", "g1m2"}, {"password", "wrong-password-" + std::to_string(i)}, {"store_device_id", "d"}}.dump(),
                         {{"FieldCheck-Protocol", "2"}});
        CHECK((r.status == 401 || r.status == 429));
        if (r.status == 429) ++locked;
    }
    CHECK(locked >= 2);
    // Even the right password waits until the lock expires.
    auto r = rawPost(server.port(), "/v1/enroll", json{{"user", "g1m2"}, {"password", kDemoPassword}, {"store_device_id", "d"}}.dump(),
                     {{"FieldCheck-Protocol", "2"}});
    CHECK(r.status == 429);
    const std::string log = server.logText();
    CHECK(log.find("login_failed") != std::string::npos);
    CHECK(log.find("wrong-password") == std::string::npos);
    CHECK(log.find(kDemoPassword) == std::string::npos);
}

TEST_CASE("a successful login does not reopen guessing from its address", "[sync][input]") {
    ServerProcess server;
    server.start();
    auto enroll = [&](const std::string& user, const std::string& password) {
        return rawPost(server.port(), "/v1/enroll", json{{"user", user}, {"password", password}, {"store_device_id", "d-" + user}}.dump(),
                       {{"FieldCheck-Protocol", "2"}});
    };
    // Four wrong passwords from this address, each for another account: no account is locked.
    for (const char* user : {"g2m1", "g2m2", "g3m1", "g3m2"}) CHECK(enroll(user, "guess").status == 401);
    // One valid login from the same address clears its own account's count, not the address's.
    CHECK(enroll("g1m2", kDemoPassword).status == 200);
    // So the fifth wrong guess from here locks the address: the next attempt, any account, waits.
    CHECK(enroll("g1m1", "guess").status == 401);
    CHECK(enroll("g2m1", kDemoPassword).status == 429);
}

TEST_CASE("behind a proxy on the same host, logins are throttled per client, not per proxy", "[sync][input]") {
    ServerProcess server;
    server.start();
    auto enroll = [&](const std::string& user, const std::string& password, const std::string& client) {
        return rawPost(server.port(), "/v1/enroll", json{{"user", user}, {"password", password}, {"store_device_id", "d-" + user}}.dump(),
                       {{"FieldCheck-Protocol", "2"}, {"X-Forwarded-For", client}});
    };
    // One client guesses at five accounts: that client is locked out...
    for (const char* user : {"g2m1", "g2m2", "g3m1", "g3m2", "g1m1"}) CHECK(enroll(user, "guess", "203.0.113.7").status == 401);
    CHECK(enroll("g2m1", kDemoPassword, "203.0.113.7").status == 429);
    // ...and every other client behind the same proxy is not.
    CHECK(enroll("g1m2", kDemoPassword, "198.51.100.20").status == 200);
    const std::string log = server.logText();
    CHECK(log.find("203.0.113.7") != std::string::npos);
}

TEST_CASE("a server database whose own tables are newer than the server is refused, and left as it is", "[sync][input]") {
    // The srv_* tables migrate by numbered steps of their own (server/src/sqlite_schema.cpp); a
    // database a newer server has migrated must not be opened by an older one.
    ServerProcess server;
    server.rawSql("UPDATE srv_meta SET value = '99' WHERE key = 'schema_version'", "UPDATE srv_schema SET version = 99");
    const auto users = server.admin({"users"});
    CHECK(users.exitCode != 0);
    CHECK(users.err.find("newer fieldcheck-server") != std::string::npos);
    CHECK(users.err.find("99") != std::string::npos);
    // Nothing was changed: the version is still the newer one.
    CHECK(server.rawSql("SELECT value FROM srv_meta WHERE key = 'schema_version'", "SELECT version FROM srv_schema") == "99");
}
