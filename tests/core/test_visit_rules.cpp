// A visit's checklist, the unit's signature bound to the visit's content, and what a visit must
// have before it is submitted (core/…/visit_rules.h, record_rules.cpp).
#include <catch2/catch.hpp>

#include "fieldcheck/core/visit_rules.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;
namespace vr = fieldcheck::visit_rules;

namespace {

// 2026-05-20 10:00 Beijing time.
constexpr int64_t kMay20 = 1779242400000;

Record sampleVisit() {
    Record v;
    v.type = "visit";
    v.id = "5f0c3a9e8d7b6a5f4e3d2c1b0a998877";
    v.version = 4;
    v.fields = {{"unit_id", "u-qingsong"},
                {"group_id", "g-1"},
                {"checklist_template_id", "t-jc2026"},
                {"inspectors_present", "张三、李四"},
                {"answers", {{"safety-1", {{"answer", "problem"}, {"note", "灭火器过期"}}}, {"four_styles-1", {{"answer", "ok"}}}}},
                {"notes", "查阅台账，实地查看消防设施"},
                {"gps_latitude", 39.9123},
                {"gps_longitude", 116.4071},
                {"gps_accuracy_m", 12.5},
                {"gps_time_ms", kMay20},
                {"gps_simulated", false},
                {"status", "started"},
                {"started_ms", kMay20 - 60000}};
    return v;
}

// A store with a unit, a group, a checklist of three items (one optional) and a visit under way.
struct VisitFixture {
    TempDir dir;
    ManualClock clock{kMay20};
    std::unique_ptr<Store> store = createTestStore(dir.file("v.db"), &clock);
    Record unit = createUnit(*store);
    Record campaign = must(store->createRecord("campaign", {{"code", "ZF-2026"}, {"name", "专项治理"}}));
    Record group = must(store->createRecord("inspection_group", {{"campaign_id", campaign.id}, {"code", "G1"}, {"name", "第一检查组"}}));
    Record checklist = must(store->createRecord(
        "checklist_template",
        {{"code", "JC"},
         {"template_version", 1},
         {"name", "现场检查清单"},
         {"items", json::array({{{"code", "safety-1"}, {"category", "safety"}, {"question", "消防设施是否完好"}},
                                {{"code", "fees-1"}, {"category", "misconduct"}, {"question", "收费项目数"}, {"answer", "number"}},
                                {{"code", "remark"}, {"category", "internal"}, {"question", "其他情况"}, {"answer", "text"}, {"required", false}}})}}));
    Record visit;

    VisitFixture() {
        REQUIRE(store->updateRecord("unit", unit.id, {{"latitude", 39.9}, {"longitude", 116.4}}).ok());
        visit = must(store->createRecord("visit", {{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"group_id", group.id},
                                                   {"checklist_template_id", checklist.id}}));
        visit = must(store->updateRecord("visit", visit.id, {{"status", "started"}, {"inspectors_present", "张三、李四"}}));
    }

    static Record must(Result<Record> r) {
        if (!r.ok()) FAIL(r.error().toString());
        return r.value();
    }

    Result<Record> update(const json& changes) { return store->updateRecord("visit", visit.id, changes); }

    // What the app does when the representative signs: the PNG sealed onto the visit, then the
    // signature fields with the hash of the content as it stands, in one transaction.
    Record sign(const std::string& who) {
        Record signedVisit;
        Status st = store->transaction([&]() -> Status {
            FC_ASSIGN_OR_RETURN(Record current, store->getRecord("visit", visit.id));
            const std::string png = "\x89PNG\r\n\x1a\n signature strokes of " + who;
            FC_ASSIGN_OR_RETURN(Attachment a, store->attach("visit", visit.id, std::vector<uint8_t>(png.begin(), png.end()),
                                                            "image/png", "signature.png"));
            FC_ASSIGN_OR_RETURN(signedVisit, store->updateRecord("visit", visit.id,
                                                                 {{"signature_attachment_id", a.id},
                                                                  {"signed_by", who},
                                                                  {"signed_ms", a.capturedMs},
                                                                  {"signed_content_sha256", vr::visitContentSha256(current)}}));
            return {};
        });
        if (!st.ok()) FAIL(st.error().toString());
        return signedVisit;
    }
};

}  // namespace

TEST_CASE("a visit's content hash is stable and canonical", "[core][visits][signature]") {
    const Record v = sampleVisit();
    // Pinned: the device, the server and a verifier must keep computing this very value. A change
    // here breaks every signature recorded so far — define a v2 serialisation instead.
    CHECK(vr::visitContentCanonical(v) ==
          "fieldcheck visit content v1\n"
          R"({"answers":{"four_styles-1":{"answer":"ok"},"safety-1":{"answer":"problem","note":"灭火器过期"}},)"
          R"("checklist_template_id":"t-jc2026","gps":{"accuracy_m":12.5,"latitude":39.9123,"longitude":116.4071,)"
          R"("simulated":false,"time_ms":1779242400000},"group_id":"g-1","id":"5f0c3a9e8d7b6a5f4e3d2c1b0a998877",)"
          R"("inspectors_present":"张三、李四","notes":"查阅台账，实地查看消防设施","unit_id":"u-qingsong"})");
    CHECK(vr::visitContentSha256(v) == sha256Hex(vr::visitContentCanonical(v)));
    CHECK(vr::visitContentSha256(v) == "71421c2b8ba0e2d8a4b9937529702542d3045fa6d185a09d55269a4eef62f1c8");

    SECTION("the order fields were written in does not matter") {
        Record reordered = v;
        reordered.fields = json::object();
        for (auto it = v.fields.rbegin(); it != v.fields.rend(); ++it) reordered.fields[it.key()] = it.value();
        reordered.fields["answers"] = json::parse(R"({"safety-1":{"note":"灭火器过期","answer":"problem"},"four_styles-1":{"answer":"ok"}})");
        CHECK(vr::visitContentSha256(reordered) == vr::visitContentSha256(v));
    }
    SECTION("what is not content does not matter") {
        Record other = v;
        other.version = 9;
        other.updatedMs = kMay20 + 1;
        other.fields["status"] = "submitted";
        other.fields["submitted_ms"] = kMay20 + 5;
        other.fields["distance_to_unit_m"] = 120.3;
        other.fields["fewer_than_two"] = false;
        other.fields["planned_date"] = "2026-05-20";
        other.fields["signed_by"] = "王院长";
        other.fields["signed_content_sha256"] = std::string(64, 'a');
        CHECK(vr::visitContentSha256(other) == vr::visitContentSha256(v));
    }
    SECTION("absent, null and empty say the same") {
        Record sparse;
        sparse.type = "visit";
        sparse.id = v.id;
        sparse.fields = {{"unit_id", "u-qingsong"}, {"group_id", "g-1"}};
        Record explicitNulls = sparse;
        explicitNulls.fields.update({{"checklist_template_id", nullptr}, {"inspectors_present", ""}, {"answers", nullptr},
                                     {"notes", nullptr}, {"gps_latitude", nullptr}, {"gps_simulated", nullptr}});
        CHECK(vr::visitContentSha256(explicitNulls) == vr::visitContentSha256(sparse));
        explicitNulls.fields["gps_simulated"] = false;
        CHECK(vr::visitContentSha256(explicitNulls) == vr::visitContentSha256(sparse));
    }
    SECTION("a position that arrived as a whole number is the same number") {
        Record whole = v;
        whole.fields["gps_latitude"] = 40;
        Record real = v;
        real.fields["gps_latitude"] = 40.0;
        CHECK(vr::visitContentSha256(whole) == vr::visitContentSha256(real));
    }
}

TEST_CASE("every part of a visit's content changes its hash", "[core][visits][signature]") {
    auto [field, value] = GENERATE(table<std::string, json>({
        {"unit_id", "u-other"},
        {"group_id", "g-2"},
        {"checklist_template_id", "t-other"},
        {"inspectors_present", "张三"},
        {"answers", json::parse(R"({"safety-1":{"answer":"ok","note":"灭火器过期"},"four_styles-1":{"answer":"ok"}})")},
        {"answers", json::parse(R"({"safety-1":{"answer":"problem","note":"灭火器已更换"},"four_styles-1":{"answer":"ok"}})")},
        {"notes", "查阅台账"},
        {"gps_latitude", 39.9124},
        {"gps_longitude", 116.4072},
        {"gps_accuracy_m", 80.0},
        {"gps_time_ms", kMay20 + 1000},
        {"gps_simulated", true},
    }));
    CAPTURE(field, value.dump());
    Record changed = sampleVisit();
    changed.fields[field] = value;
    CHECK(vr::visitContentSha256(changed) != vr::visitContentSha256(sampleVisit()));
    Record otherVisit = sampleVisit();
    otherVisit.id = "another visit with the same content";
    CHECK(vr::visitContentSha256(otherVisit) != vr::visitContentSha256(sampleVisit()));
}

TEST_CASE("a checklist's items carry their answer kinds, and only real answers count", "[core][visits][checklist]") {
    Record t;
    t.id = "t1";
    t.fields["items"] = json::array({{{"code", "a"}, {"category", "safety"}, {"question", "消防?"}},
                                     {{"code", "b"}, {"question", "是否公示"}, {"answer", "yes_no"}},
                                     {{"code", "c"}, {"question", "人数"}, {"answer", "number"}, {"required", false}},
                                     {{"code", "d"}, {"question", "其他"}, {"answer", "text"}}});
    auto items = vr::checklistItems(t);
    REQUIRE(items.ok());
    REQUIRE(items->size() == 4);
    CHECK(items->at(0).answerKind == vr::AnswerKind::OkProblem);
    CHECK(items->at(0).required);
    CHECK(items->at(1).answerKind == vr::AnswerKind::YesNo);
    CHECK_FALSE(items->at(2).required);
    CHECK(vr::answerKindName(items->at(3).answerKind) == "text");

    CHECK(vr::isAnswer(vr::AnswerKind::OkProblem, "not_applicable"));
    CHECK_FALSE(vr::isAnswer(vr::AnswerKind::OkProblem, "yes"));
    CHECK(vr::isAnswer(vr::AnswerKind::YesNo, "no"));
    CHECK(vr::isAnswer(vr::AnswerKind::Number, 0));
    CHECK_FALSE(vr::isAnswer(vr::AnswerKind::Number, "3"));
    CHECK_FALSE(vr::isAnswer(vr::AnswerKind::Text, "  "));
    // Answers as visits before schema 9 stored them (the bare value) still count.
    const json answers = {{"a", "ok"}, {"b", {{"answer", "yes"}, {"note", "已公示"}}}};
    CHECK(vr::answerValue(answers, "a") == "ok");
    CHECK(vr::answerValue(answers, "b") == "yes");
    CHECK(vr::answerNote(answers, "b") == "已公示");
    CHECK(vr::answerValue(answers, "c").is_null());

    t.fields["items"] = json::array({{{"code", "a"}, {"question", "q"}}, {{"code", "a"}, {"question", "q2"}}});
    CHECK_THAT(vr::checklistItems(t).error().message, Catch::Contains("used twice"));
    t.fields["items"] = json::array({{{"code", "a"}, {"question", "q"}, {"answer", "photo"}}});
    CHECK_THAT(vr::checklistItems(t).error().message, Catch::Contains("unknown answer kind 'photo'"));
}

TEST_CASE("a change to a signed visit shows as made after signing until the unit signs again", "[core][visits][signature]") {
    VisitFixture fx;
    REQUIRE(fx.update({{"gps_latitude", 39.9005}, {"gps_longitude", 116.4}, {"gps_accuracy_m", 8.0}, {"gps_time_ms", kMay20},
                       {"gps_simulated", false},
                       {"answers", {{"safety-1", {{"answer", "problem"}, {"note", "灭火器过期"}}}, {"fees-1", {{"answer", 2}}}}}})
                .ok());
    CHECK(vr::visitSignatureState(fx.store->getRecord("visit", fx.visit.id).value()) == vr::SignatureState::Unsigned);

    Record signedVisit = fx.sign("王院长");
    CHECK(vr::visitSignatureState(signedVisit) == vr::SignatureState::Valid);
    CHECK_FALSE(vr::visitChangedAfterSigning(signedVisit));
    CHECK(signedVisit.fields["signed_by"] == "王院长");
    auto sealed = fx.store->attachmentsOf("visit", fx.visit.id).value();
    REQUIRE(sealed.size() == 1);
    CHECK(signedVisit.fields["signature_attachment_id"] == sealed[0].id);
    CHECK(signedVisit.fields["signed_ms"] == sealed[0].capturedMs);

    // The signed content is edited afterwards: allowed (another inspector's device may do the same
    // offline), and it shows.
    auto edited = fx.update({{"notes", "补记：院长承诺一周内整改"}});
    REQUIRE(edited.ok());
    CHECK(vr::visitSignatureState(edited.value()) == vr::SignatureState::ChangedAfterSigning);
    CHECK(vr::visitChangedAfterSigning(edited.value()));
    // Changing back what was signed makes the signature cover it again.
    auto reverted = fx.update({{"notes", nullptr}});
    REQUIRE(reverted.ok());
    CHECK(vr::visitSignatureState(reverted.value()) == vr::SignatureState::Valid);
    // A check-in that says it was simulated is part of what was signed, too.
    auto simulated = fx.update({{"gps_simulated", true}});
    REQUIRE(simulated.ok());
    CHECK(vr::visitChangedAfterSigning(simulated.value()));

    Record again = fx.sign("王院长");
    CHECK(vr::visitSignatureState(again) == vr::SignatureState::Valid);
    CHECK(fx.store->attachmentsOf("visit", fx.visit.id)->size() == 2);  // the first signature stays as evidence
    CHECK(fx.store->verifyAudit()->ok());
}

TEST_CASE("a visit's signature is recorded whole or not at all", "[core][visits][signature]") {
    VisitFixture fx;
    auto partial = fx.update({{"signed_by", "王院长"}});
    REQUIRE_FALSE(partial.ok());
    CHECK(partial.error().code == ErrorCode::IllegalTransition);
    CHECK_THAT(partial.error().message, Catch::Contains("recorded whole"));
    auto badHash = fx.update({{"signature_attachment_id", "a1"}, {"signed_by", "王院长"}, {"signed_ms", kMay20},
                              {"signed_content_sha256", "not a hash"}});
    REQUIRE_FALSE(badHash.ok());
    CHECK_THAT(badHash.error().message, Catch::Contains("64 digits"));
    fx.sign("王院长");
    // Removed whole (e.g. the representative took it back before submission): allowed.
    auto removed = fx.update({{"signature_attachment_id", nullptr}, {"signed_by", nullptr}, {"signed_ms", nullptr},
                              {"signed_content_sha256", nullptr}});
    REQUIRE(removed.ok());
    CHECK(vr::visitSignatureState(removed.value()) == vr::SignatureState::Unsigned);
}

TEST_CASE("a visit is submitted checked in, with its required items answered and a signature over what is submitted",
          "[core][visits][rules]") {
    VisitFixture fx;
    const auto problemCodes = [&](const Record& v) {
        std::vector<std::string> codes;
        for (const auto& p : vr::visitSubmitProblems(v, &fx.checklist)) codes.push_back(p.code);
        return codes;
    };
    CHECK(problemCodes(fx.visit) == std::vector<std::string>{"not_checked_in", "unanswered", "unsigned"});
    CHECK(vr::visitSubmitProblems(fx.visit, &fx.checklist)[1].items == std::vector<std::string>{"safety-1", "fees-1"});

    auto refused = fx.update({{"status", "submitted"}});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::IllegalTransition);
    CHECK_THAT(refused.error().message, Catch::Contains("check-in") && Catch::Contains("safety-1, fees-1"));

    REQUIRE(fx.update({{"gps_latitude", 39.9005}, {"gps_longitude", 116.4}}).ok());
    // A text where a number is asked for is no answer; the optional item may stay empty.
    REQUIRE(fx.update({{"answers", {{"safety-1", {{"answer", "ok"}}}, {"fees-1", {{"answer", "两项"}}}}}}).ok());
    CHECK_THAT(fx.update({{"status", "submitted"}}).error().message, Catch::Contains("fees-1") && !Catch::Contains("remark"));
    REQUIRE(fx.update({{"answers", {{"safety-1", {{"answer", "ok"}}}, {"fees-1", {{"answer", 2}}}}}}).ok());

    // Signed, then changed: refused until signed again.
    fx.sign("王院长");
    REQUIRE(fx.update({{"inspectors_present", "张三"}}).ok());
    auto stale = fx.update({{"status", "submitted"}});
    REQUIRE_FALSE(stale.ok());
    CHECK_THAT(stale.error().message, Catch::Contains("changed after"));
    fx.sign("王院长");
    auto submitted = fx.update({{"status", "submitted"}});
    REQUIRE(submitted.ok());
    CHECK(submitted->fields["submitted_ms"] == kMay20);
    CHECK(submitted->fields["fewer_than_two"] == true);  // flagged, not refused: the two-person rule
    CHECK(problemCodes(submitted.value()).empty());
}

TEST_CASE("the store submits an unsigned visit, which the app does not offer", "[core][visits][rules]") {
    VisitFixture fx;
    REQUIRE(fx.update({{"gps_latitude", 39.9005}, {"gps_longitude", 116.4},
                       {"answers", {{"safety-1", {{"answer", "ok"}}}, {"fees-1", {{"answer", 0}}}}}})
                .ok());
    auto problems = vr::visitSubmitProblems(fx.store->getRecord("visit", fx.visit.id).value(), &fx.checklist);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "unsigned");
    CHECK_FALSE(vr::refusesSubmission(problems[0]));
    CHECK(fx.update({{"status", "submitted"}}).ok());
}
