// The unit's answers to findings (finding_answer, protocol 3): a liaison answers a finding against
// its unit without touching the finding; the answer goes where the finding goes; a device of an
// older protocol never receives one, and receives them all once it speaks protocol 3.
#include <catch2/catch.hpp>

#include <set>

#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

namespace {

std::vector<std::pair<std::string, std::string>> auth(const std::string& token, int protocol) {
    return {{"FieldCheck-Protocol", std::to_string(protocol)}, {"Authorization", "Bearer " + token}};
}

json answerFields(const std::string& findingId, const std::string& text = "该问题系历史遗留，已于5月整改到位") {
    return {{"finding_id", findingId}, {"stance", "explained"}, {"answer", text}};
}

// Pulls by hand from a fresh cursor until the feed is done; the record types received, and the
// cursor it ends with.
std::pair<std::multiset<std::string>, std::string> pullAll(int port, const std::string& token, int protocol,
                                                           std::string cursor = "") {
    std::multiset<std::string> types;
    for (int page = 0; page < 100; ++page) {
        auto r = rawPost(port, "/v1/pull", json{{"cursor", cursor}, {"limit", 500}}.dump(), auth(token, protocol));
        REQUIRE(r.status == 200);
        const json body = json::parse(r.body);
        for (const auto& c : body["changes"]) {
            if (c["op"] == "upsert") types.insert(c["record"]["type"].get<std::string>());
        }
        cursor = body["cursor"].get<std::string>();
        if (!body["more"].get<bool>()) return {types, cursor};
    }
    FAIL("the feed never ended");
    return {};
}

}  // namespace

TEST_CASE("a unit answers a finding against it — the finding stays as found and the office acknowledges the answer",
          "[sync][permissions][answers]") {
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    const Record finding = anyRecord(liaison.store(), "finding");
    const Record asFound = office.store().getRecord("finding", finding.id).value();

    auto answer = liaison.store().createRecord("finding_answer", answerFields(finding.id));
    REQUIRE(answer.ok());
    REQUIRE(liaison.store().updateRecord("finding_answer", answer->id, {{"answer", "补充：附整改照片"}}).ok());
    auto submitted = liaison.store().updateRecord("finding_answer", answer->id, {{"status", "submitted"}});
    REQUIRE(submitted.ok());
    CHECK(submitted->fields["submitted_date"].is_string());
    // Once submitted it is what the unit said: no more edits, and never withdrawn by the unit.
    CHECK(liaison.store().updateRecord("finding_answer", answer->id, {{"answer", "改口"}}).error().code == ErrorCode::Unauthorized);
    CHECK(liaison.store().withdrawRecord("finding_answer", answer->id, "不答了").error().code == ErrorCode::Unauthorized);
    syncOk(liaison);
    syncOk(office);

    auto received = office.store().getRecord("finding_answer", answer->id);
    REQUIRE(received.ok());
    CHECK(received->fields["answer"] == "补充：附整改照片");
    CHECK(received->fields["status"] == "submitted");
    CHECK(office.store().getRecord("finding", finding.id)->toJson() == asFound.toJson());  // the finding as found

    REQUIRE(office.store().updateRecord("finding_answer", answer->id, {{"status", "acknowledged"}}).ok());
    syncOk(office);
    syncOk(liaison);
    CHECK(liaison.store().getRecord("finding_answer", answer->id)->fields["status"] == "acknowledged");
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
    CHECK(office.dump() == server.dumpFor("jijian1"));

    // Other units never see it, and a liaison cannot answer for another unit's finding.
    CHECK(server.dumpFor("liaison1").find(answer->id) == std::string::npos);
    auto [deviceId, token] = rawEnroll(server.port(), "liaison1", "raw-liaison1");
    auto r = rawPost(server.port(), "/v1/push",
                     json{{"ops", json::array({{{"op_id", "ans-other-1"}, {"action", "create"}, {"type", "finding_answer"},
                                                {"id", "raw-answer-1"}, {"payload", answerFields(finding.id)}}})}}.dump(),
                     auth(token, 3));
    REQUIRE(r.status == 200);
    const json result = json::parse(r.body)["results"][0];
    INFO(result.dump());
    CHECK(result["status"] == "rejected");
    CHECK(result.value("reason", "").find("unit:") == std::string::npos);
    CHECK(server.dumpFor("jijian1").find("raw-answer-1") == std::string::npos);
}

TEST_CASE("an answer goes where its finding goes, and the unit that lost the finding keeps syncing",
          "[sync][scope][answers]") {
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    const Record finding = anyRecord(liaison.store(), "finding");
    auto answer = liaison.store().createRecord("finding_answer", answerFields(finding.id));
    REQUIRE(answer.ok());
    syncOk(liaison);
    syncOk(office);

    // The office moves the finding to another unit (it was filed against the wrong one).
    std::string otherUnit;
    for (const auto& u : office.store().listRecords("unit").value()) {
        if (u.id != finding.fields["unit_id"]) otherUnit = u.id;
    }
    REQUIRE(office.store().updateRecord("finding", finding.id, {{"unit_id", otherUnit}}).ok());
    syncOk(office);
    syncOk(liaison);  // would fail for good if removing the finding broke on its answer
    CHECK_FALSE(liaison.store().getRecord("finding", finding.id).ok());
    CHECK_FALSE(liaison.store().getRecord("finding_answer", answer->id).ok());
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
    syncOk(liaison);
}

TEST_CASE("a device of protocol 2 never receives answers, and receives them all once it speaks protocol 3",
          "[sync][protocol][answers]") {
    ServerProcess server;
    server.start();
    Device liaison(server.url(), "liaison3");
    syncOk(liaison);
    const Record finding = anyRecord(liaison.store(), "finding");
    REQUIRE(liaison.store().createRecord("finding_answer", answerFields(finding.id)).ok());
    syncOk(liaison);

    auto [deviceId, token] = rawEnroll(server.port(), "liaison3", "raw-old-app");
    auto [oldTypes, cursor] = pullAll(server.port(), token, 2);
    CHECK(oldTypes.count("finding") > 0);
    CHECK(oldTypes.count("finding_answer") == 0);
    // Nor may it write one: to that device the type does not exist.
    auto r = rawPost(server.port(), "/v1/push",
                     json{{"ops", json::array({{{"op_id", "ans-old-1"}, {"action", "create"}, {"type", "finding_answer"},
                                                {"id", "raw-answer-2"}, {"payload", answerFields(finding.id)}}})}}.dump(),
                     auth(token, 2));
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["results"][0]["status"] == "rejected");

    // The app is updated: the same cursor, now with protocol 3, brings the answers written before.
    auto [newTypes, next] = pullAll(server.port(), token, 3, cursor);
    const std::string held = server.dumpFor("liaison3");
    size_t answers = 0;
    for (size_t at = held.find("\"t\":\"finding_answer\""); at != std::string::npos; at = held.find("\"t\":\"finding_answer\"", at + 1)) ++answers;
    CHECK(answers >= 2);  // the demo data's and the one written above
    CHECK(newTypes.count("finding_answer") == answers);
    auto [after, last] = pullAll(server.port(), token, 3, next);
    CHECK(after.empty());  // once
}
