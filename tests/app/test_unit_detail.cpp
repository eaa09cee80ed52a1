#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QVariantMap>

#include "app_test_support.h"
#include "fieldcheck/core/replication.h"
#include "unit_detail.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::UnitDetail;

namespace {

// 2026-05-20 10:00 Beijing time.
constexpr int64_t kMay20 = 1779242400000;

QVariantMap at(const QVariantList& list, int i) { return list.at(i).toMap(); }

// A unit in the middle of its rectification, and a neighbour whose records must not show.
struct UnitInCampaign {
    ManualClock clock{kMay20};
    UnitStore fx{0, {{"QS-01", "青松颐养院"}, {"HF-02", "红枫颐养中心"}}, &clock};
    std::string unitId = fx.named("青松颐养院").id;
    std::string neighbourId = fx.named("红枫颐养中心").id;
    std::vector<std::string> openFindings;
    std::string closedFinding, withdrawnFinding, overdueMeasure;

    UnitInCampaign() {
        onStoreThread(fx.session, [&](Store& s) {
            auto must = [](Result<Record> r) {
                if (!r.ok()) FAIL(r.error().toString());
                return r.value();
            };
            Record campaign = must(s.createRecord("campaign", {{"code", "ZF-2026"}, {"name", "基层正风反腐专项治理"}}));
            Record group = must(s.createRecord("inspection_group", {{"campaign_id", campaign.id}, {"code", "G1"}, {"name", "第一检查组"}}));
            must(s.updateRecord("unit", unitId, {{"address", "青松路8号"}, {"leader_in_charge", "王副局长"}, {"key_rectification", true}}));
            for (const char* text : {"消防通道堵塞", "食堂卫生台账缺失", "护理员持证不全"}) {
                openFindings.push_back(must(s.createRecord("finding", findingFields(unitId, text))).id);
            }
            for (const char* st : {"submitted", "verified", "rectifying"}) must(s.updateRecord("finding", openFindings[0], {{"status", st}}));
            closedFinding = must(s.createRecord("finding", findingFields(unitId, "灭火器过期"))).id;
            for (const char* st : {"submitted", "verified", "rectifying", "closed"}) must(s.updateRecord("finding", closedFinding, {{"status", st}}));
            withdrawnFinding = must(s.createRecord("finding", findingFields(unitId, "重复录入"))).id;
            must(s.withdrawRecord("finding", withdrawnFinding, "重复"));
            must(s.createRecord("finding", findingFields(neighbourId, "邻院的问题")));

            Record plan = must(s.createRecord("rectification_plan", {{"campaign_id", campaign.id}, {"unit_id", unitId}, {"title", "青松颐养院整改方案"}}));
            overdueMeasure = must(s.createRecord("rectification_measure", {{"plan_id", plan.id}, {"finding_id", openFindings[0]}, {"description", "疏通消防通道"},
                                                                            {"owner", "李院长"}, {"deadline", "2026-05-01"}, {"kind", "immediate"}})).id;
            must(s.createRecord("rectification_measure", {{"plan_id", plan.id}, {"description", "建立食堂台账"}, {"owner", "张主任"},
                                                          {"deadline", "2026-12-31"}, {"kind", "long_term"}}));
            // Opens an escalation to the leader in charge (record_rules.cpp).
            must(s.createRecord("rectification_measure", {{"plan_id", plan.id}, {"description", "更新消防设施，需区财政支持"}, {"owner", "李院长"},
                                                          {"deadline", "2026-12-31"}, {"kind", "needs_support"}}));
            must(s.updateRecord("rectification_plan", plan.id, {{"status", "submitted"}}));

            // April's report filed on 20 May (due 5 May: late); March's still a draft (overdue).
            Record april = must(s.createRecord("monthly_report", {{"campaign_id", campaign.id}, {"unit_id", unitId}, {"month", "2026-04"},
                                                                  {"work_done", "完成台账梳理"}, {"problems_remaining", "设施老旧"}, {"next_plan", "申请资金"}}));
            must(s.updateRecord("monthly_report", april.id, {{"status", "submitted"}}));
            must(s.createRecord("monthly_report", {{"campaign_id", campaign.id}, {"unit_id", unitId}, {"month", "2026-03"}}));

            Record visit = must(s.createRecord("visit", {{"campaign_id", campaign.id}, {"unit_id", unitId}, {"group_id", group.id},
                                                         {"inspectors_present", "张三、李四"}}));
            must(s.updateRecord("visit", visit.id, {{"status", "started"}, {"gps_latitude", 39.9}, {"gps_longitude", 116.4}}));
            must(s.updateRecord("visit", visit.id, {{"status", "submitted"}}));
            // Planned only: not history yet.
            must(s.createRecord("visit", {{"unit_id", unitId}, {"group_id", group.id}}));
        });
    }
};

void loadDetail(UnitDetail& detail, ui::Session& session, const std::string& unitId) {
    detail.setSession(&session);
    detail.setUnitId(QString::fromStdString(unitId));
    REQUIRE(waitUntil([&] { return !detail.isLoading() && detail.isFound(); }));
}

}  // namespace

TEST_CASE("a unit's page lists its open findings, rectification, reports, escalations and history", "[app][units]") {
    UnitInCampaign c;
    UnitDetail detail;
    loadDetail(detail, c.fx.session, c.unitId);

    CHECK(detail.name() == QStringLiteral("青松颐养院"));
    CHECK(detail.code() == QStringLiteral("QS-01"));
    CHECK(detail.address() == QStringLiteral("青松路8号"));
    CHECK(detail.leaderInCharge() == QStringLiteral("王副局长"));
    CHECK(detail.isKeyRectification());
    CHECK_FALSE(detail.isWithdrawn());
    CHECK(detail.unitTypeLabel() == QStringLiteral("Community service"));  // no translator installed: the source

    // Open findings: the three open ones, newest first; the closed one counted apart, the
    // withdrawn one and the neighbour's left out.
    CHECK(detail.openFindingCount() == 3);
    CHECK(detail.closedFindingCount() == 1);
    const QVariantList findings = detail.openFindings();
    REQUIRE(findings.size() == 3);
    CHECK(at(findings, 0).value(QStringLiteral("description")) == QStringLiteral("护理员持证不全"));
    CHECK(at(findings, 2).value(QStringLiteral("findingId")).toString().toStdString() == c.openFindings[0]);
    CHECK(at(findings, 2).value(QStringLiteral("statusLabel")) == QStringLiteral("Being rectified"));
    CHECK(at(findings, 1).value(QStringLiteral("statusLabel")) == QStringLiteral("Recorded"));
    CHECK(at(findings, 1).value(QStringLiteral("categoryLabel")) == QStringLiteral("Safety hazard"));

    REQUIRE(detail.plans().size() == 1);
    CHECK(detail.planCount() == 1);
    const QVariantMap plan = at(detail.plans(), 0);
    CHECK(plan.value(QStringLiteral("statusLabel")) == QStringLiteral("Submitted"));
    const QVariantList measures = plan.value(QStringLiteral("measures")).toList();
    REQUIRE(measures.size() == 3);
    CHECK(at(measures, 0).value(QStringLiteral("measureId")).toString().toStdString() == c.overdueMeasure);
    CHECK(at(measures, 0).value(QStringLiteral("overdue")).toBool());  // due 1 May, not done on 20 May
    CHECK_FALSE(at(measures, 1).value(QStringLiteral("overdue")).toBool());
    CHECK(at(measures, 2).value(QStringLiteral("kindLabel")) == QStringLiteral("Needs higher-level support"));

    CHECK(detail.reportCount() == 2);
    REQUIRE(detail.reports().size() == 2);
    const QVariantMap april = at(detail.reports(), 0), march = at(detail.reports(), 1);
    CHECK(april.value(QStringLiteral("month")) == QStringLiteral("2026-04"));
    CHECK(april.value(QStringLiteral("dueDate")) == QStringLiteral("2026-05-05"));
    CHECK(april.value(QStringLiteral("submittedDate")) == QStringLiteral("2026-05-20"));
    CHECK(april.value(QStringLiteral("late")).toBool());
    CHECK(march.value(QStringLiteral("month")) == QStringLiteral("2026-03"));
    CHECK(march.value(QStringLiteral("overdue")).toBool());
    CHECK(march.value(QStringLiteral("statusLabel")) == QStringLiteral("Draft"));

    REQUIRE(detail.escalations().size() == 1);
    CHECK(detail.escalationCount() == 1);
    CHECK(at(detail.escalations(), 0).value(QStringLiteral("toWhomLabel")) == QStringLiteral("Leader in charge"));
    CHECK(at(detail.escalations(), 0).value(QStringLiteral("statusLabel")) == QStringLiteral("Awaiting an answer"));

    // History: the submitted visit (not the planned one) and the unit's two audit entries.
    CHECK(detail.historyCount() == 3);
    const QVariantList history = detail.history();
    REQUIRE(history.size() == 3);
    QStringList kinds;
    for (const auto& item : history) kinds << item.toMap().value(QStringLiteral("kind")).toString();
    CHECK(kinds.count(QStringLiteral("visit")) == 1);
    CHECK(kinds.count(QStringLiteral("audit")) == 2);
    for (const auto& item : history) {
        const QVariantMap m = item.toMap();
        if (m.value(QStringLiteral("kind")) == QStringLiteral("visit")) {
            CHECK(m.value(QStringLiteral("detail")) == QStringLiteral("第一检查组 · 张三、李四"));
        } else {
            CHECK(m.value(QStringLiteral("detail")) == QStringLiteral("by tester"));
        }
    }
}

TEST_CASE("a unit's lists are bounded and say how many there are in all", "[app][units]") {
    UnitInCampaign c;
    UnitDetail detail;
    detail.setLimit(2);
    loadDetail(detail, c.fx.session, c.unitId);
    CHECK(detail.openFindings().size() == 2);
    CHECK(detail.openFindingCount() == 3);
    CHECK(detail.history().size() == 2);
    CHECK(detail.historyCount() == 3);
    const QVariantMap plan = at(detail.plans(), 0);
    CHECK(plan.value(QStringLiteral("measures")).toList().size() == 2);
    CHECK(plan.value(QStringLiteral("measureCount")).toLongLong() == 3);
}

TEST_CASE("a unit's page follows writes that concern it and empties on lock", "[app][units]") {
    UnitInCampaign c;
    UnitDetail detail;
    loadDetail(detail, c.fx.session, c.unitId);
    QSignalSpy loadedSpy(&detail, &UnitDetail::loaded);

    // Another unit's record: nothing to reload.
    c.fx.session.notifyChanged(QStringLiteral("unit"), {QString::fromStdString(c.neighbourId)});
    settle(c.fx.session);
    CHECK(loadedSpy.count() == 0);
    CHECK_FALSE(detail.isLoading());

    onStoreThread(c.fx.session, [&](Store& s) { REQUIRE(s.withdrawRecord("finding", c.openFindings[1], "误录").ok()); });
    c.fx.session.notifyChanged(QStringLiteral("finding"), {QString::fromStdString(c.openFindings[1])});
    REQUIRE(waitUntil([&] { return loadedSpy.count() > 0 && !detail.isLoading(); }));
    CHECK(detail.openFindingCount() == 2);
    CHECK(detail.openFindings().size() == 2);

    onStoreThread(c.fx.session, [&](Store& s) { REQUIRE(s.withdrawRecord("unit", c.unitId, "机构撤并").ok()); });
    c.fx.session.notifyChanged(QStringLiteral("unit"), {QString::fromStdString(c.unitId)});
    REQUIRE(waitUntil([&] { return detail.isWithdrawn() && !detail.isLoading(); }));
    CHECK(detail.withdrawnReason() == QStringLiteral("机构撤并"));
    CHECK(detail.historyCount() == 4);  // the withdrawal is in the unit's audit chain

    c.fx.session.lock();
    CHECK_FALSE(detail.isFound());
    CHECK(detail.name().isEmpty());
    CHECK(detail.openFindings().isEmpty());
    CHECK(detail.history().isEmpty());
}

TEST_CASE("a unit that is not on the device is reported as not found", "[app][units]") {
    UnitStore fx(3);
    UnitDetail detail;
    detail.setSession(&fx.session);
    detail.setUnitId(QStringLiteral("no-such-unit"));
    REQUIRE(waitUntil([&] { return !detail.isLoading(); }));
    settle(fx.session);
    CHECK_FALSE(detail.isFound());
    CHECK(detail.errorMessage().isEmpty());
    CHECK(detail.openFindings().isEmpty());
}

TEST_CASE("a unit's page says what the unit files for the month just ended, and what the role may start there", "[app][units]") {
    UnitInCampaign c;
    auto setRole = [&](const std::string& role) {
        onStoreThread(c.fx.session, [&](Store& s) { REQUIRE(replication::setSyncState(s, "role", role).ok()); });
    };
    setRole("unit_liaison");
    UnitDetail detail;
    loadDetail(detail, c.fx.session, c.unitId);
    // 20 May: April was just reported on; its report is filed (late), its self-inspection is not.
    CHECK(detail.period() == QStringLiteral("2026-04"));
    CHECK(detail.selfInspectionId().isEmpty());
    CHECK_FALSE(detail.periodReportId().isEmpty());
    CHECK(detail.periodReportStatusLabel() == QStringLiteral("Filed"));  // a report is 已报送
    CHECK(detail.periodReportDue() == QStringLiteral("2026-05-05"));
    // A liaison files the unit's own work, and never records a finding against it.
    for (const char* type : {"self_inspection", "rectification_plan", "rectification_measure", "monthly_report", "escalation", "finding_answer"}) {
        INFO(type);
        CHECK(detail.mayCreate().value(QString::fromLatin1(type)).toBool());
    }
    CHECK_FALSE(detail.mayRecordFinding());

    // The zero report filed for April shows at once.
    std::string inspectionId;
    onStoreThread(c.fx.session, [&](Store& s) {
        auto r = s.createRecord("self_inspection", {{"unit_id", c.unitId}, {"period", "2026-04"}, {"zero_report", true}});
        REQUIRE(r.ok());
        inspectionId = r->id;
    });
    c.fx.session.notifyChanged(QStringLiteral("self_inspection"), {QString::fromStdString(inspectionId)});
    REQUIRE(waitUntil([&] { return !detail.isLoading() && detail.selfInspectionId().toStdString() == inspectionId; }));
    CHECK(detail.selfInspectionZero());

    // An inspector files none of it.
    setRole("inspector");
    detail.reload();
    REQUIRE(waitUntil([&] { return !detail.isLoading() && detail.isFound(); }));
    CHECK_FALSE(detail.mayCreate().value(QStringLiteral("self_inspection")).toBool());
    CHECK_FALSE(detail.mayCreate().value(QStringLiteral("monthly_report")).toBool());
    CHECK(detail.mayRecordFinding());
}
