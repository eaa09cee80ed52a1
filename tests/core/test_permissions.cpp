// The permission table: who may change what (core/…/permissions.h), as the server and an enrolled
// device apply it, and docs/permissions.md kept equal to it.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/replication.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using Kind = permissions::Request::Kind;
using json = nlohmann::json;

namespace {

Record recordIn(const std::string& type, const std::string& state) {
    Record r;
    r.type = type;
    r.id = "r1";
    if (!state.empty()) r.fields["status"] = state;
    return r;
}

Status ask(const std::string& role, const std::string& type, Kind kind, const std::string& state, json changes = json::object()) {
    Record before = recordIn(type, state);
    return permissions::authorize({role, type, kind, kind == Kind::Create ? nullptr : &before, std::move(changes)});
}

}  // namespace

TEST_CASE("the permission table allows and refuses as DOMAIN.md says", "[core][permissions]") {
    // role, type, kind, state before, changes, allowed, words the refusal must contain
    auto [role, type, kind, state, changes, allowed, words] = GENERATE(table<std::string, std::string, Kind, std::string, json, bool, std::string>({
        // The unit under inspection never buries what was found against it.
        {"unit_liaison", "finding", Kind::Update, "verified", {{"description", "已整改无问题"}}, false, "问题描述"},
        {"unit_liaison", "finding", Kind::Withdraw, "verified", {}, false, "withdraw"},
        {"unit_liaison", "finding", Kind::Update, "rectifying", {{"unit_id", "other-unit"}}, false, "unit_id"},
        {"unit_liaison", "finding", Kind::Update, "rectifying", {{"status", "closed"}}, false, "move"},
        {"unit_liaison", "finding", Kind::Update, "rectifying", {{"money_involved", "0.00"}}, false, "money_involved"},
        {"unit_liaison", "finding", Kind::Create, "", {{"description", "x"}}, false, "create"},
        {"unit_liaison", "accountability_case", Kind::Create, "", {{"target", "x"}}, false, "create"},
        // ... and files what is its own.
        {"unit_liaison", "rectification_plan", Kind::Create, "", {{"title", "整改方案"}}, true, ""},
        {"unit_liaison", "rectification_plan", Kind::Update, "draft", {{"status", "submitted"}}, true, ""},
        {"unit_liaison", "rectification_plan", Kind::Update, "submitted", {{"title", "改"}}, false, "only while"},
        {"unit_liaison", "rectification_plan", Kind::Update, "submitted", {{"status", "accepted"}}, false, "move"},
        {"unit_liaison", "rectification_measure", Kind::Update, "in_progress", {{"status", "done"}, {"completion_evidence", "照片"}}, true, ""},
        {"unit_liaison", "monthly_report", Kind::Update, "draft", {{"work_done", "已完成"}, {"status", "submitted"}}, true, ""},
        {"unit_liaison", "monthly_report", Kind::Update, "submitted", {{"work_done", "改写"}}, false, "only while"},
        {"unit_liaison", "monthly_report", Kind::Withdraw, "draft", {}, false, "withdraw"},
        {"unit_liaison", "escalation", Kind::Update, "open", {{"answer", "自己批复"}}, false, "answer"},
        // Its answers to findings are its own until it submits them; then they stand as said.
        {"unit_liaison", "finding_answer", Kind::Create, "", {{"finding_id", "f"}, {"stance", "disputed"}, {"answer", "有异议"}}, true, ""},
        {"unit_liaison", "finding_answer", Kind::Update, "draft", {{"answer", "补充说明"}, {"status", "submitted"}}, true, ""},
        {"unit_liaison", "finding_answer", Kind::Update, "submitted", {{"answer", "改口"}}, false, "only while"},
        {"unit_liaison", "finding_answer", Kind::Update, "submitted", {{"status", "acknowledged"}}, false, "move"},
        {"unit_liaison", "finding_answer", Kind::Withdraw, "submitted", {}, false, "withdraw"},
        {"inspector", "finding_answer", Kind::Create, "", {{"answer", "代答"}}, false, "create"},
        {"group_leader", "finding_answer", Kind::Update, "submitted", {{"status", "acknowledged"}}, true, ""},
        {"group_leader", "finding_answer", Kind::Update, "submitted", {{"answer", "代改"}}, false, "change"},
        // Inspectors: their group's visits and findings until submitted.
        {"inspector", "finding", Kind::Create, "", {{"description", "灭火器过期"}, {"category", "safety"}}, true, ""},
        {"inspector", "finding", Kind::Update, "recorded", {{"description", "补充"}}, true, ""},
        {"inspector", "finding", Kind::Update, "submitted", {{"description", "补充"}}, false, "已登记"},
        {"inspector", "finding", Kind::Update, "recorded", {{"status", "submitted"}}, true, ""},
        {"inspector", "finding", Kind::Update, "rectifying", {{"status", "closed"}}, false, "move"},
        {"inspector", "finding", Kind::Update, "verified", {{"status", "case_opened"}}, false, "move"},
        {"inspector", "finding", Kind::Withdraw, "submitted", {}, false, "only while"},
        {"inspector", "accountability_case", Kind::Create, "", {{"target", "x"}}, false, "create"},
        {"inspector", "visit", Kind::Update, "submitted", {{"status", "reviewed"}}, false, "move"},
        // The unit's representative signs on an inspector's device: the inspectors record it, until
        // the visit is submitted; after that the signature is never replaced without reopening.
        {"inspector", "visit", Kind::Update, "started",
         {{"signature_attachment_id", "a1"}, {"signed_by", "王院长"}, {"signed_ms", 1}, {"signed_content_sha256", "h"}, {"gps_simulated", true}}, true, ""},
        {"inspector", "visit", Kind::Update, "submitted", {{"signed_by", "王院长"}}, false, "only while"},
        {"group_leader", "visit", Kind::Update, "submitted", {{"signed_content_sha256", "h"}}, false, "only while"},
        {"group_leader", "visit", Kind::Update, "submitted", {{"answers", {{"a", "ok"}}}, {"gps_simulated", false}}, true, ""},
        {"group_leader", "visit", Kind::Update, "started", {{"signed_by", "王院长"}}, true, ""},
        {"unit_liaison", "visit", Kind::Update, "started", {{"signed_by", "王院长"}}, false, "change"},
        // The group leader reviews, returns and submits.
        {"group_leader", "finding", Kind::Update, "submitted", {{"status", "recorded"}}, true, ""},
        {"group_leader", "finding", Kind::Update, "submitted", {{"status", "verified"}}, true, ""},
        {"group_leader", "finding", Kind::Update, "verified", {{"status", "closed"}}, false, "move"},
        {"group_leader", "visit", Kind::Update, "submitted", {{"status", "reviewed"}}, true, ""},
        // Only discipline inspectors close cases and keep the register.
        {"leader_in_charge", "accountability_case", Kind::Update, "proposed", {{"status", "confirmed"}}, false, "move"},
        {"discipline_inspector", "accountability_case", Kind::Update, "proposed", {{"status", "confirmed"}, {"measure", "talk_reminder"}, {"decision_note", "经核实，予以谈话提醒"}}, true, ""},
        {"discipline_inspector", "finding", Kind::Update, "verified", {{"status", "case_opened"}}, true, ""},
        {"discipline_inspector", "finding", Kind::Update, "rectifying", {{"status", "closed"}}, true, ""},
        {"discipline_inspector", "finding", Kind::Withdraw, "closed", {}, true, ""},
        {"leader_in_charge", "escalation", Kind::Update, "open", {{"answer", "同意"}, {"status", "answered"}}, true, ""},
        {"leader_in_charge", "rectification_plan", Kind::Update, "submitted", {{"status", "returned"}}, true, ""},
        {"party_committee", "finding", Kind::Update, "recorded", {{"description", "x"}}, false, "change"},
        {"nobody", "finding", Kind::Update, "recorded", {{"description", "x"}}, false, "unknown role"},
    }));
    CAPTURE(role, type, state, changes.dump());
    Status st = ask(role, type, kind, state, changes);
    CHECK(st.ok() == allowed);
    if (!allowed && !st.ok()) {
        CHECK(st.error().code == ErrorCode::Unauthorized);
        CHECK_THAT(st.error().message, Catch::Contains("not allowed") && Catch::Contains(words));
    }
}

TEST_CASE("no rule lets a unit liaison withdraw anything, and every rule names a real type, field and move", "[core][permissions]") {
    for (const auto& spec : recordTypes()) {
        std::vector<std::string> states = {""};
        if (spec.hasLifeCycle()) {
            states.clear();
            for (const auto& c : spec.field(spec.lifeCycle.field)->choices) states.push_back(c.value);
        }
        for (const auto& state : states) {
            CAPTURE(spec.name, state);
            CHECK_FALSE(ask("unit_liaison", spec.name, Kind::Withdraw, state).ok());
            CHECK_FALSE(ask("unit_liaison", spec.name, Kind::Restore, state).ok());
        }
    }
    for (const auto& r : permissions::table()) {
        CAPTURE(r.role, r.type, r.what, r.inStates);
        CHECK(permissions::isKnownRole(r.role));
        const RecordTypeSpec* spec = findRecordType(r.type);
        REQUIRE(spec != nullptr);
        std::istringstream words(r.action == permissions::Action::Edit ? r.what : std::string());
        for (std::string f; words >> f;) CHECK((f == "*" || spec->field(f) != nullptr));
        if (r.action == permissions::Action::Move) {
            const auto gt = r.what.find('>');
            REQUIRE(gt != std::string::npos);
            CHECK(spec->lifeCycle.allows(r.what.substr(0, gt), r.what.substr(gt + 1)));
        }
        std::istringstream states(r.inStates);
        for (std::string s; states >> s;) {
            bool known = false;
            for (const auto& c : spec->field("status")->choices) known |= c.value == s;
            CHECK(known);
        }
    }
}

TEST_CASE("a conflict's resolution needs the permission of the change it makes", "[core][permissions]") {
    Record f = recordIn("finding", "verified");
    CHECK_FALSE(permissions::authorize([&] {
                    auto r = permissions::resolution("finding", f, "description", "已整改无问题");
                    r.role = "unit_liaison";
                    return r;
                }()).ok());
    auto restore = permissions::resolution("finding", f, "_withdrawn", "restore");
    CHECK(restore.kind == Kind::Restore);
    restore.role = "discipline_inspector";
    CHECK(permissions::authorize(restore).ok());
    restore.role = "inspector";
    CHECK_FALSE(permissions::authorize(restore).ok());  // only while recorded
}

TEST_CASE("docs/permissions.md is the table", "[core][permissions][docs]") {
    std::ifstream in(std::string(FIELDCHECK_SOURCE_DIR) + "/docs/permissions.md", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    INFO("regenerate it with: build/dev/cli/fieldcheck permissions --markdown > docs/permissions.md");
    CHECK(ss.str() == permissions::markdown());
}

TEST_CASE("an enrolled device refuses what its role may not do, before anything is written or queued", "[core][permissions][store]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    Record f = s->createRecord("finding", findingFields(unit.id, "消防通道堵塞")).value();  // not enrolled: no role
    REQUIRE(s->updateRecord("finding", f.id, {{"status", "submitted"}}).ok());
    const auto outboxBefore = s->pendingOutbox()->size();
    const auto auditBefore = s->auditEntries()->size();

    REQUIRE(replication::setSyncState(*s, "role", "unit_liaison").ok());
    auto edit = s->updateRecord("finding", f.id, {{"description", "已整改无问题"}});
    REQUIRE_FALSE(edit.ok());
    CHECK(edit.error().code == ErrorCode::Unauthorized);
    CHECK_THAT(edit.error().message, Catch::Contains("科室/单位联络员") && Catch::Contains("问题描述"));
    CHECK(s->withdrawRecord("finding", f.id, "误报").error().code == ErrorCode::Unauthorized);
    CHECK(s->createRecord("accountability_case", {{"unit_id", unit.id}, {"target", "x"}, {"reason", "concealed"}}).error().code ==
          ErrorCode::Unauthorized);
    CHECK(s->attach("finding", f.id, {1, 2, 3}, "image/jpeg", "x.jpg").error().code == ErrorCode::Unauthorized);
    CHECK(s->pendingOutbox()->size() == outboxBefore);
    CHECK(s->auditEntries()->size() == auditBefore);
    CHECK(s->getRecord("finding", f.id)->fields["description"] == "消防通道堵塞");
    // What the role may do still works, and the role survives a reopen.
    CHECK(s->createRecord("self_inspection", {{"unit_id", unit.id}, {"period", "2026-05"}, {"zero_report", true}}).ok());
    const std::string path = s->path();
    s.reset();
    auto reopened = openTestStore(path);
    CHECK(reopened->updateRecord("finding", f.id, {{"description", "再改"}}).error().code == ErrorCode::Unauthorized);
    CHECK(reopened->verifyAudit()->ok());
}
