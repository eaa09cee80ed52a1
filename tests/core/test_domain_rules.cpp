#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "fieldcheck/core/campaign_rules.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

// 2026-05-20 10:00 Beijing time.
constexpr int64_t kMay20 = 1779242400000;

struct Fixture {
    TempDir dir;
    ManualClock clock{kMay20};
    std::unique_ptr<Store> store = createTestStore(dir.file("s.db"), &clock);
    Record unit = createUnit(*store);

    Record create(const std::string& type, const nlohmann::json& fields) {
        auto r = store->createRecord(type, fields);
        if (!r.ok()) FAIL(type << ": " << r.error().toString());
        return r.value();
    }
    Result<Record> move(const Record& r, const std::string& to, nlohmann::json extra = nlohmann::json::object()) {
        extra["status"] = to;
        return store->updateRecord(r.type, r.id, extra);
    }
    Record plan() { return create("rectification_plan", {{"unit_id", unit.id}, {"title", "整改方案"}}); }
    Record measure(const Record& plan, const std::string& kind = "immediate") {
        return create("rectification_measure", {{"plan_id", plan.id}, {"description", "措施"}, {"owner", "王科长"},
                                                {"deadline", "2026-06-30"}, {"kind", kind}});
    }
};

}  // namespace

TEST_CASE("the finding life cycle allows only its transitions", "[core][rules][lifecycle]") {
    // path to reach the start state, the move, allowed?
    auto [path, to, allowed] = GENERATE(table<std::vector<std::string>, std::string, bool>({
        {{}, "submitted", true},
        {{}, "verified", false},
        {{}, "closed", false},
        {{"submitted"}, "recorded", true},
        {{"submitted"}, "verified", true},
        {{"submitted"}, "rectifying", false},
        {{"submitted", "verified"}, "case_opened", true},
        {{"submitted", "verified"}, "transferred", true},
        {{"submitted", "verified"}, "rectifying", true},
        {{"submitted", "verified"}, "closed", false},
        {{"submitted", "verified", "case_opened"}, "closed", true},
        {{"submitted", "verified", "rectifying"}, "closed", true},
        {{"submitted", "verified", "rectifying", "closed"}, "rectifying", false},
        {{"submitted", "verified", "rectifying", "closed"}, "recorded", false},
    }));
    CAPTURE(path, to);
    Fixture fx;
    Record f = fx.create("finding", findingFields(fx.unit.id, "台账不符"));
    for (const auto& step : path) REQUIRE(fx.move(f, step).ok());
    auto r = fx.move(f, to);
    CHECK(r.ok() == allowed);
    if (!allowed) {
        CHECK(r.error().code == ErrorCode::IllegalTransition);
        CHECK_THAT(r.error().message, Catch::Contains("cannot go from"));
    }
}

TEST_CASE("a new record starts in its initial state and computed fields are not the caller's", "[core][rules][lifecycle]") {
    Fixture fx;
    auto f = findingFields(fx.unit.id, "x");
    f["status"] = "closed";
    CHECK(fx.store->createRecord("finding", f).error().code == ErrorCode::IllegalTransition);
    f["status"] = "recorded";
    CHECK(fx.store->createRecord("finding", f).ok());
    auto g = findingFields(fx.unit.id, "y");
    g["case_opened_date"] = "2026-05-01";
    auto r = fx.store->createRecord("finding", g);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("computed"));
}

TEST_CASE("opening a case dates it, for the four batches", "[core][rules][lifecycle]") {
    Fixture fx;
    Record f = fx.create("finding", findingFields(fx.unit.id, "截留救灾款"));
    for (const char* s : {"submitted", "verified", "case_opened"}) REQUIRE(fx.move(f, s).ok());
    CHECK(fx.store->getRecord("finding", f.id)->fields["case_opened_date"] == "2026-05-20");
}

TEST_CASE("a rectification plan needs at least three concrete measures to be submitted", "[core][rules][rectification]") {
    auto [measures, withdrawn, allowed] = GENERATE(table<int, int, bool>({
        {0, 0, false}, {2, 0, false}, {3, 0, true}, {3, 1, false}, {4, 1, true}, {5, 0, true},
    }));
    CAPTURE(measures, withdrawn);
    Fixture fx;
    Record plan = fx.plan();
    std::vector<Record> ms;
    for (int i = 0; i < measures; ++i) ms.push_back(fx.measure(plan));
    for (int i = 0; i < withdrawn; ++i) REQUIRE(fx.store->withdrawRecord("rectification_measure", ms[static_cast<size_t>(i)].id, "合并").ok());
    auto r = fx.move(plan, "submitted");
    CHECK(r.ok() == allowed);
    if (!allowed) CHECK_THAT(r.error().message, Catch::Contains("不少于3条") && Catch::Contains("has " + std::to_string(measures - withdrawn)));
}

TEST_CASE("a measure that needs higher-level support opens one escalation", "[core][rules][rectification]") {
    Fixture fx;
    Record plan = fx.plan();
    Record a = fx.measure(plan, "needs_support");
    auto escalations = fx.store->listRecords("escalation").value();
    REQUIRE(escalations.size() == 1);
    CHECK(escalations[0].fields["measure_id"] == a.id);
    CHECK(escalations[0].fields["unit_id"] == fx.unit.id);
    CHECK(escalations[0].fields["status"] == "open");
    CHECK(escalations[0].fields["to_whom"] == "leader_in_charge");
    // changing the measure again does not open a second one
    REQUIRE(fx.store->updateRecord("rectification_measure", a.id, {{"owner", "李科长"}}).ok());
    // an ordinary measure turned into one that needs support opens its own
    Record b = fx.measure(plan, "long_term");
    CHECK(fx.store->countRecords("escalation").value() == 1);
    REQUIRE(fx.store->updateRecord("rectification_measure", b.id, {{"kind", "needs_support"}}).ok());
    CHECK(fx.store->countRecords("escalation").value() == 2);
    // answering needs an answer
    CHECK(fx.move(escalations[0], "answered").error().code == ErrorCode::IllegalTransition);
    auto answered = fx.move(escalations[0], "answered", {{"answer", "同意"}});
    REQUIRE(answered.ok());
    CHECK(answered->fields["answered_date"] == "2026-05-20");
}

TEST_CASE("a measure is done only with evidence, and the date is recorded", "[core][rules][rectification]") {
    Fixture fx;
    Record m = fx.measure(fx.plan());
    CHECK(fx.move(m, "done").error().code == ErrorCode::IllegalTransition);
    auto done = fx.move(m, "done", {{"completion_evidence", "整改前后照片"}});
    REQUIRE(done.ok());
    CHECK(done->fields["completed_date"] == "2026-05-20");
    auto reopened = fx.move(m, "in_progress");
    REQUIRE(reopened.ok());
    CHECK(reopened->fields["completed_date"].is_null());
}

TEST_CASE("four-styles petitions concluded 否 go under supervision", "[core][rules][petitions]") {
    auto [category, conclusion, status] = GENERATE(table<std::string, std::string, std::string>({
        {"four_styles", "unsubstantiated", "required"},
        {"four_styles", "substantiated", "none"},
        {"four_styles", "pending", "none"},
        {"eight_rules", "unsubstantiated", "none"},
        {"safety", "unsubstantiated", "none"},
    }));
    CAPTURE(category, conclusion);
    Fixture fx;
    Record c = fx.create("complaint", {{"unit_id", fx.unit.id}, {"channel", "letter"}, {"received_date", "2026-05-02"},
                                       {"category", category}, {"summary", "反映问题"}, {"conclusion", conclusion}});
    CHECK(c.fields["supervision_status"] == status);
}

TEST_CASE("supervision moves from required to supervising to concluded — overdue ones are flagged", "[core][rules][petitions]") {
    Fixture fx;
    auto complaint = [&](const std::string& summary) {
        return fx.create("complaint", {{"unit_id", fx.unit.id}, {"channel", "hotline"}, {"received_date", "2026-04-02"},
                                       {"category", "four_styles"}, {"summary", summary}, {"conclusion", "unsubstantiated"}});
    };
    Record waiting = complaint("未分配");
    Record late = complaint("已逾期");
    Record inTime = complaint("未到期");
    Record done = complaint("已办结");
    Record pending = complaint("待查");
    REQUIRE(fx.store->updateRecord("complaint", pending.id, {{"conclusion", "pending"}}).ok());  // stays required once flagged
    REQUIRE(fx.store->updateRecord("complaint", late.id, {{"supervisor", "刘秀英"}, {"supervision_deadline", "2026-05-19"}}).ok());
    REQUIRE(fx.store->updateRecord("complaint", inTime.id, {{"supervisor", "刘秀英"}, {"supervision_deadline", "2026-05-20"}}).ok());
    REQUIRE(fx.store->updateRecord("complaint", done.id, {{"supervisor", "孙秀英"}, {"supervision_deadline", "2026-05-01"}}).ok());
    REQUIRE(fx.store->updateRecord("complaint", done.id, {{"supervision_outcome", "重新核查属实，已整改"}}).ok());
    CHECK(fx.store->updateRecord("complaint", done.id, {{"supervision_outcome", "改写"}}).error().code == ErrorCode::IllegalTransition);
    CHECK(fx.store->updateRecord("complaint", done.id, {{"supervision_status", "none"}}).error().code == ErrorCode::InvalidArgument);

    auto list = supervisedPetitions(*fx.store, "2026-05-20").value();
    std::map<std::string, SupervisedPetition> byId;
    for (const auto& p : list) byId[p.complaintId] = p;
    REQUIRE(byId.size() == 5);
    CHECK(byId[waiting.id].status == "required");
    CHECK_FALSE(byId[waiting.id].overdue);
    CHECK(byId[late.id].status == "supervising");
    CHECK(byId[late.id].overdue);
    CHECK_FALSE(byId[inTime.id].overdue);  // due today is not overdue yet
    CHECK(byId[done.id].status == "concluded");
    CHECK_FALSE(byId[done.id].overdue);  // concluded, even though past its deadline
    CHECK(byId[pending.id].status == "required");
}

TEST_CASE("zero report plus complaint in the same period means a mandatory spot check", "[core][rules][spot-check]") {
    // zero report?, complaint received, complaint withdrawn?, self-inspection withdrawn?, mandatory?
    auto [zero, received, complaintWithdrawn, reportWithdrawn, mandatory] = GENERATE(table<bool, std::string, bool, bool, bool>({
        {true, "2026-04-15", false, false, true},
        {true, "2026-04-01", false, false, true},   // first day of the period
        {true, "2026-04-30", false, false, true},   // last day of the period
        {true, "2026-03-31", false, false, false},  // the day before
        {true, "2026-05-01", false, false, false},  // the day after
        {false, "2026-04-15", false, false, false}, // problems were reported: no mandatory check
        {true, "2026-04-15", true, false, false},   // the complaint was withdrawn
        {true, "2026-04-15", false, true, false},   // the zero report was withdrawn
        {true, "", false, false, false},            // no complaint at all
    }));
    CAPTURE(zero, received, complaintWithdrawn, reportWithdrawn);
    Fixture fx;
    Record other = createUnit(*fx.store, "MZ002", "东城街道敬老院");
    Record report = fx.create("self_inspection", {{"unit_id", fx.unit.id}, {"period", "2026-04"}, {"zero_report", zero}});
    fx.create("self_inspection", {{"unit_id", other.id}, {"period", "2026-04"}, {"zero_report", true}});
    if (!received.empty()) {
        Record c = fx.create("complaint", {{"unit_id", fx.unit.id}, {"channel", "online"}, {"received_date", received},
                                           {"category", "misconduct"}, {"summary", "乱收费"}});
        if (complaintWithdrawn) REQUIRE(fx.store->withdrawRecord("complaint", c.id, "重复件").ok());
    }
    if (reportWithdrawn) REQUIRE(fx.store->withdrawRecord("self_inspection", report.id, "填报错误").ok());
    auto list = mandatorySpotChecks(*fx.store, "2026-04").value();
    REQUIRE(list.size() == (mandatory ? 1u : 0u));
    if (mandatory) {
        CHECK(list[0].unitId == fx.unit.id);
        CHECK(list[0].complaints == 1);
        CHECK(list[0].selfInspectionId == report.id);
    }
    CHECK(mandatorySpotChecks(*fx.store, "2026-4").error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("monthly reports are on time, late, missing or pending against the due day", "[core][rules][reports]") {
    // submitted on (empty: not submitted), today, expected state
    auto [submittedOn, today, state] = GENERATE(table<std::string, std::string, std::string>({
        {"2026-05-03", "2026-05-20", "on_time"},
        {"2026-05-05", "2026-05-20", "on_time"},  // on the due day
        {"2026-05-06", "2026-05-20", "late"},
        {"", "2026-05-05", "pending"},            // due today: not missing yet
        {"", "2026-05-06", "missing"},
        {"draft", "2026-05-06", "missing"},       // a draft is not a report
    }));
    CAPTURE(submittedOn, today);
    Fixture fx;
    if (!submittedOn.empty()) {
        Record r = fx.create("monthly_report", {{"unit_id", fx.unit.id}, {"month", "2026-04"}, {"work_done", "已完成"},
                                                {"problems_remaining", "无"}, {"next_plan", "巩固"}});
        if (submittedOn != "draft") {
            fx.clock.setMs(kMay20 + (std::stoi(submittedOn.substr(8, 2)) - 20) * 86400000LL);
            REQUIRE(fx.move(r, "submitted").ok());
        }
    }
    auto states = monthlyReportStates(*fx.store, "2026-04", today).value();
    REQUIRE(states.size() == 1);
    CHECK(states[0].dueDate == "2026-05-05");
    CHECK(states[0].state == state);
}

TEST_CASE("the report due day is a campaign setting and December's report is due in January", "[core][rules][reports]") {
    CHECK(monthlyReportDueDate("2026-12", 5) == "2027-01-05");
    CHECK(monthlyReportDueDate("2026-04", 10) == "2026-05-10");
    CHECK(monthlyReportDueDate("2026-01", 31) == "2026-02-28");  // clamped to a day every month has
    Fixture fx;
    fx.create("campaign", {{"code", "C"}, {"name", "专项"}, {"report_due_day", 12}});
    CHECK(monthlyReportStates(*fx.store, "2026-04", "2026-05-11")->front().state == "pending");
    CHECK(monthlyReportStates(*fx.store, "2026-04", "2026-05-13")->front().state == "missing");
}

TEST_CASE("a monthly report has three parts before it can be submitted", "[core][rules][reports]") {
    Fixture fx;
    Record r = fx.create("monthly_report", {{"unit_id", fx.unit.id}, {"month", "2026-04"}, {"work_done", "已完成"}});
    auto refused = fx.move(r, "submitted");
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("problems_remaining") && Catch::Contains("存在问题"));
    REQUIRE(fx.store->updateRecord("monthly_report", r.id, {{"problems_remaining", "无"}, {"next_plan", "继续"}}).ok());
    auto ok = fx.move(r, "submitted");
    REQUIRE(ok.ok());
    CHECK(ok->fields["submitted_date"] == "2026-05-20");
}

TEST_CASE("missing and late reports are proposed for accountability once — a person decides", "[core][rules][accountability]") {
    Fixture fx;
    Record late = createUnit(*fx.store, "MZ002", "迟报单位");
    createUnit(*fx.store, "MZ003", "未报单位");
    Record onTime = createUnit(*fx.store, "MZ004", "按时单位");
    for (const auto& [unit, day] : std::vector<std::pair<Record, int64_t>>{{late, 8}, {onTime, 3}, {fx.unit, 5}}) {
        Record r = fx.create("monthly_report", {{"unit_id", unit.id}, {"month", "2026-04"}, {"work_done", "a"},
                                                {"problems_remaining", "b"}, {"next_plan", "c"}});
        fx.clock.setMs(kMay20 + (day - 20) * 86400000LL);
        REQUIRE(fx.move(r, "submitted").ok());
    }
    fx.clock.setMs(kMay20);
    auto proposed = proposeAccountabilityForReports(*fx.store, "2026-04", "2026-05-20");
    REQUIRE(proposed.ok());
    REQUIRE(proposed->size() == 2);
    std::map<std::string, std::string> reasons;
    for (const auto& c : proposed.value()) reasons[c.fields["target"].get<std::string>()] = c.fields["reason"].get<std::string>();
    CHECK(reasons["迟报单位"] == "poor_rectification");
    CHECK(reasons["未报单位"] == "not_reported");
    CHECK(proposed->at(0).fields["status"] == "proposed");

    // Proposing again adds nothing, also after a decision.
    auto again = proposeAccountabilityForReports(*fx.store, "2026-04", "2026-05-21");
    CHECK(again->empty());
    CHECK(fx.move(proposed->at(0), "confirmed", {{"decision_note", "经核实未报送"}}).error().code ==
          ErrorCode::IllegalTransition);  // needs a measure
    // ... and a reason of the decider's own: blank, or the proposal's text left as it was, is none.
    const auto noReason = fx.move(proposed->at(0), "confirmed", {{"measure", "谈话提醒"}});
    CHECK(noReason.error().code == ErrorCode::IllegalTransition);
    CHECK(noReason.error().message.find("decision_note") != std::string::npos);
    CHECK(fx.move(proposed->at(0), "confirmed", {{"measure", "谈话提醒"}, {"decision_note", "  "}}).error().code ==
          ErrorCode::IllegalTransition);
    CHECK(fx.move(proposed->at(0), "dismissed", {}).error().code == ErrorCode::IllegalTransition);
    // The date of the decision is the rules' to set.
    CHECK(fx.move(proposed->at(0), "confirmed", {{"measure", "谈话提醒"}, {"decision_note", "经核实未报送"}, {"decided_date", "2026-01-01"}})
              .error()
              .code == ErrorCode::InvalidArgument);
    auto confirmed = fx.move(proposed->at(0), "confirmed", {{"measure", "谈话提醒"}, {"decision_note", "经核实未报送，予以谈话提醒"}});
    REQUIRE(confirmed.ok());
    CHECK(confirmed->fields["decided_date"] == "2026-05-20");
    REQUIRE(fx.move(proposed->at(1), "dismissed", {{"decision_note", "已说明原因"}}).ok());
    CHECK(proposeAccountabilityForReports(*fx.store, "2026-04", "2026-05-22")->empty());
    CHECK(fx.move(proposed->at(1), "confirmed").error().code == ErrorCode::IllegalTransition);
}

TEST_CASE("visits: timestamps, distance to the unit and the two-person flag", "[core][rules][visits]") {
    auto [present, flagged] = GENERATE(table<std::string, bool>({
        {"张三", true}, {"", true}, {"张三、李四", false}, {"张三,李四", false}, {"张三， 李四；王五", false}, {" 、 张三 、", true},
    }));
    CAPTURE(present);
    Fixture fx;
    REQUIRE(fx.store->updateRecord("unit", fx.unit.id, {{"latitude", 39.9}, {"longitude", 116.4}}).ok());
    Record group = fx.create("campaign", {{"code", "C"}, {"name", "专项"}});
    Record g = fx.create("inspection_group", {{"campaign_id", group.id}, {"code", "G1"}, {"name", "第一检查组"}});
    Record v = fx.create("visit", {{"unit_id", fx.unit.id}, {"group_id", g.id}});
    CHECK(fx.move(v, "submitted").error().code == ErrorCode::IllegalTransition);  // must start first
    auto started = fx.move(v, "started", {{"gps_latitude", 39.9009}, {"gps_longitude", 116.4}, {"inspectors_present", present}});
    REQUIRE(started.ok());
    CHECK(started->fields["started_ms"] == kMay20);
    CHECK(started->fields["distance_to_unit_m"].get<double>() == Approx(100.1).margin(0.2));
    fx.clock.advanceMs(3600 * 1000);
    auto submitted = fx.move(v, "submitted");
    REQUIRE(submitted.ok());
    CHECK(submitted->fields["submitted_ms"] == kMay20 + 3600 * 1000);
    CHECK(submitted->fields["fewer_than_two"] == flagged);
    CHECK(visitsWithFewerThanTwo(*fx.store)->size() == (flagged ? 1u : 0u));
}

TEST_CASE("the dashboard counts the four batches and progress per unit", "[core][rules][dashboard]") {
    Fixture fx;
    Record other = createUnit(*fx.store, "MZ002", "东城街道敬老院");
    std::vector<Record> fs;
    for (int i = 0; i < 5; ++i) fs.push_back(fx.create("finding", findingFields(i < 4 ? fx.unit.id : other.id, "问题" + std::to_string(i))));
    for (const char* s : {"submitted", "verified", "case_opened", "closed"}) REQUIRE(fx.move(fs[0], s).ok());
    for (const char* s : {"submitted", "verified", "transferred"}) REQUIRE(fx.move(fs[1], s).ok());
    for (const char* s : {"submitted", "verified", "rectifying", "closed"}) REQUIRE(fx.move(fs[2], s).ok());
    REQUIRE(fx.store->withdrawRecord("finding", fs[3].id, "重复").ok());
    Record plan = fx.plan();
    Record m1 = fx.measure(plan);
    fx.measure(plan);
    Record m3 = fx.create("rectification_measure", {{"plan_id", plan.id}, {"description", "逾期措施"}, {"owner", "赵"},
                                                    {"deadline", "2026-05-01"}, {"kind", "long_term"}});
    REQUIRE(fx.move(m1, "done", {{"completion_evidence", "照片"}}).ok());
    fx.create("rule_adopted", {{"unit_id", fx.unit.id}, {"title", "公示制度"}});

    auto d = dashboard(*fx.store, "2026-05-20", "2026-04");
    REQUIRE(d.ok());
    CHECK(d->batches.cluesIdentified == 4);
    CHECK(d->batches.casesInvestigated == 2);
    // The two behind the figure: 立案 then closed, and 移交; the withdrawn and the plain closed one are not.
    auto cases = caseFindings(*fx.store, 10);
    REQUIRE(cases.ok());
    CHECK(cases->total == 2);
    REQUIRE(cases->findings.size() == 2);
    std::set<std::string> caseIds{cases->findings[0].id, cases->findings[1].id};
    CHECK(caseIds == std::set<std::string>{fs[0].id, fs[1].id});
    CHECK(caseFindings(*fx.store, 1)->findings.size() == 1);
    CHECK(caseFindings(*fx.store, 1)->total == 2);
    // The month's findings by category: by found_date, the withdrawn one left out, the most first.
    for (const char* category : {"eight_rules", "eight_rules", "safety"}) {
        auto f = findingFields(fx.unit.id, "四月发现");
        f["category"] = category;
        f["found_date"] = "2026-04-10";
        fx.create("finding", f);
    }
    auto marchOne = findingFields(fx.unit.id, "三月发现");
    marchOne["found_date"] = "2026-03-31";
    fx.create("finding", marchOne);
    auto byCategory = findingsByCategory(*fx.store, "2026-04");
    REQUIRE(byCategory.ok());
    CHECK(byCategory.value() == std::vector<std::pair<std::string, int64_t>>{{"eight_rules", 2}, {"safety", 1}});
    CHECK(findingsByCategory(*fx.store, "1999-01")->empty());
    CHECK_FALSE(findingsByCategory(*fx.store, "2026-13").ok());
    CHECK(d->batches.problemsSolved == 2);
    CHECK(d->batches.rulesIssued == 1);
    CHECK(d->measures == 3);
    CHECK(d->measuresDone == 1);
    CHECK(d->measuresOverdue == 1);
    REQUIRE(d->units.size() == 2);
    const UnitProgress& u = d->units[0];
    CHECK(u.unitCode == "MZ001");
    CHECK(u.batches.cluesIdentified == 3);
    CHECK(u.findingsOpen == 1);
    CHECK(u.percentDone == Approx(33.3));
    CHECK(d->units[1].batches.cluesIdentified == 1);
    CHECK(d->units[1].percentDone == 0);
    CHECK(d->toJson()["four_batches"]["cases_investigated"] == 2);
    (void)m3;
}

TEST_CASE("open findings per unit leave out closed and withdrawn ones and agree with the dashboard", "[core][rules][dashboard]") {
    Fixture fx;
    Record other = createUnit(*fx.store, "MZ002", "东城街道敬老院");
    Record none = createUnit(*fx.store, "MZ003", "区婚姻登记处");
    std::vector<Record> fs;
    for (int i = 0; i < 6; ++i) fs.push_back(fx.create("finding", findingFields(i < 4 ? fx.unit.id : other.id, "问题" + std::to_string(i))));
    for (const char* s : {"submitted", "verified", "case_opened", "closed"}) REQUIRE(fx.move(fs[0], s).ok());
    for (const char* s : {"submitted", "verified", "rectifying"}) REQUIRE(fx.move(fs[1], s).ok());
    REQUIRE(fx.store->withdrawRecord("finding", fs[2].id, "重复").ok());
    REQUIRE(fx.store->updateRecord("finding", fs[4].id, {{"unit_id", fx.unit.id}}).ok());  // moved

    auto counts = openFindingCounts(*fx.store, {fx.unit.id, other.id, none.id, "no-such-unit"});
    REQUIRE(counts.ok());
    // unit: 1 (rectifying), 3 (recorded) and 4 (moved in); other: 5; none: nothing
    CHECK(counts->at(fx.unit.id) == 3);
    CHECK(counts->at(other.id) == 1);
    CHECK(counts->at(none.id) == 0);
    CHECK(counts->at("no-such-unit") == 0);
    CHECK(openFindingCounts(*fx.store, {})->empty());
    auto d = dashboard(*fx.store, "2026-05-20", "2026-04").value();
    for (const auto& u : d.units) CHECK(u.findingsOpen == counts->at(u.unitId));

    // More units than one slice of parameters.
    std::vector<std::string> many(450, none.id);
    many.push_back(other.id);
    CHECK(openFindingCounts(*fx.store, many)->at(other.id) == 1);
}

TEST_CASE("a spot-check draw record is never edited", "[core][rules][draw]") {
    Fixture fx;
    Record d = fx.create("spot_check_draw", {{"period", "2026-04"}, {"sample_size", 1}, {"candidates", nlohmann::json::array()},
                                             {"candidates_sha256", "x"}, {"seed_parts", nlohmann::json::array()},
                                             {"seed", "1"}, {"picks", nlohmann::json::array()}});
    auto r = fx.store->updateRecord("spot_check_draw", d.id, {{"seed", "2"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::IllegalTransition);
    CHECK_THAT(r.error().message, Catch::Contains("withdraw it"));
    CHECK(fx.store->withdrawRecord("spot_check_draw", d.id, "候选名单有误，重新抽签").ok());
}

TEST_CASE("the dashboard's finding counts follow every change and the integrity check compares them", "[core][rules][dashboard]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    {
        auto s = createTestStore(db);
        Record a = createUnit(*s, "MZ001", "甲");
        Record b = createUnit(*s, "MZ002", "乙");
        std::vector<std::string> ids;
        for (int i = 0; i < 6; ++i) ids.push_back(s->createRecord("finding", findingFields(i % 2 ? a.id : b.id, "问题"))->id);
        REQUIRE(s->updateRecord("finding", ids[0], {{"unit_id", a.id}}).ok());  // moved to another unit
        for (const char* st : {"submitted", "verified", "case_opened", "closed"}) REQUIRE(s->updateRecord("finding", ids[1], {{"status", st}}).ok());
        REQUIRE(s->withdrawRecord("finding", ids[2], "重复").ok());
        auto d = dashboard(*s, "2026-05-20", "2026-04").value();
        CHECK(d.units[0].batches.cluesIdentified == 4);  // a: 1, 3, 5 and 0
        CHECK(d.units[1].batches.cluesIdentified == 1);  // b: 4 (2 withdrawn, 0 moved)
        CHECK(d.batches.casesInvestigated == 1);
        CHECK(d.batches.problemsSolved == 1);
        REQUIRE(s->checkIntegrity().ok());
    }
    {
        auto raw = openRawKeyed(db);
        REQUIRE(raw.exec("UPDATE finding_counts SET n = n + 1 WHERE status = 'closed'").ok());
    }
    auto s = openTestStore(db);
    auto st = s->checkIntegrity();
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::Corrupt);
    CHECK_THAT(st.error().message, Catch::Contains("finding counts"));
}
