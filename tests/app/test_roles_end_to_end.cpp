// The office's roles end to end (issue 13), through the app's own models on two enrolled devices
// against a real fieldcheck-server on loopback — the same objects the pages drive, with every read
// and write on each session's store thread and every sync through SyncController:
//
//   the unit liaison (liaison3) enrols, files a rectification plan (refused with two measures,
//   submitted with three) and the monthly report for the month just ended, and syncs;
//   the discipline inspector (jijian1) syncs and sees on the dashboard the unit's measures and the
//   reports move; decides an accountability proposal on the register (refused without a reason);
//   runs the spot-check draw for the month and verifies it; writes the monthly summary PDF, whose
//   figures are the dashboard's; syncs — and a third device recomputes the same draw from what the
//   server handed out.
#include <catch2/catch.hpp>

#include <QVariantMap>

#include "app_test_support.h"
#include "dashboard_model.h"
#include "enrolment_controller.h"
#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/spot_check_draw.h"
#include "fieldcheck/core/store.h"
#include "harness.h"
#include "monthly_summary.h"
#include "record_editor.h"
#include "register_model.h"
#include "seed_parts_model.h"
#include "session.h"
#include "spot_check_draw_detail.h"
#include "spot_check_draw_form.h"
#include "sync_controller.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::RecordEditor;

namespace {

// An app on a fresh store: enrolled as `user` through the enrolment page's controller, with the
// Sync page's controller.
struct AppDevice {
    TempDir dir;
    ui::Session session{QString::fromStdString(dir.file("device.db"))};
    ui::SyncController syncer;

    AppDevice(const std::string& serverUrl, const char* user) {
        session.adopt(createTestStore(dir.file("device.db")));
        ui::EnrolmentController enrolment;
        enrolment.setSession(&session);
        bool enrolled = false;
        QObject::connect(&enrolment, &ui::EnrolmentController::enrolled, [&] { enrolled = true; });
        enrolment.enrol(QString::fromStdString(serverUrl), {}, QString::fromLatin1(user), QString::fromLatin1(kDemoPassword));
        REQUIRE(waitUntil([&] { return !enrolment.isBusy() && (enrolled || !enrolment.errorMessage().isEmpty()); }, 60000));
        INFO(enrolment.errorMessage().toStdString());
        REQUIRE(enrolled);
        syncer.setSession(&session);
        REQUIRE(waitUntil([&] { return syncer.isEnrolled(); }));
    }

    void sync() {
        bool finished = false, succeeded = false;
        const auto connection = QObject::connect(&syncer, &ui::SyncController::finished, [&](bool ok) {
            finished = true;
            succeeded = ok;
        });
        syncer.syncNow();
        REQUIRE(waitUntil([&] { return finished; }, 120000));
        QObject::disconnect(connection);
        INFO(syncer.errorMessage().toStdString());
        REQUIRE(succeeded);
        settle(session);
    }
};

void waitReady(RecordEditor& editor) { REQUIRE(waitUntil([&] { return !editor.isLoading() && editor.isReady(); })); }

void waitWritten(RecordEditor& editor, ui::Session& session) {
    REQUIRE(waitUntil([&] { return !editor.isBusy(); }));
    settle(session);
}

// A new record of `type` filled in and saved as the form does; returns its id.
QString create(ui::Session& session, const char* type, const QVariantMap& presets, const QVariantMap& values) {
    RecordEditor editor;
    editor.setType(QString::fromLatin1(type));
    editor.setPresets(presets);
    editor.setSession(&session);
    waitReady(editor);
    for (auto it = values.begin(); it != values.end(); ++it) {
        INFO(type << "." << it.key().toStdString() << ": " << editor.errorDetail().toStdString());
        REQUIRE(editor.setValue(it.key(), it.value()));
    }
    editor.save();
    waitWritten(editor, session);
    INFO(type << ": " << editor.errorMessage().toStdString() << " " << editor.errorDetail().toStdString());
    REQUIRE(editor.errorMessage().isEmpty());
    REQUIRE_FALSE(editor.recordId().isEmpty());
    return editor.recordId();
}

// The life-cycle move `to` of a record as its form makes it; the refusal's detail, or "".
QString move(ui::Session& session, const char* type, const QString& id, const char* to) {
    RecordEditor editor;
    editor.setType(QString::fromLatin1(type));
    editor.setRecordId(id);
    editor.setSession(&session);
    waitReady(editor);
    editor.move(QString::fromLatin1(to));
    waitWritten(editor, session);
    return editor.errorMessage().isEmpty() ? QString() : editor.errorMessage() + QLatin1Char(' ') + editor.errorDetail();
}

qint64 figure(const ui::DashboardModel& m, const char* key) { return m.figures().value(QString::fromLatin1(key)).toLongLong(); }

QVariantMap unitRow(const ui::DashboardModel& m, const QString& unitId) {
    for (const QVariant& v : m.units())
        if (v.toMap().value(QStringLiteral("unitId")).toString() == unitId) return v.toMap();
    return {};
}

void waitCounted(ui::DashboardModel& m) { REQUIRE(waitUntil([&] { return m.isReady() && !m.isLoading(); }, 60000)); }

}  // namespace

TEST_CASE("a unit files its plan and report, and the discipline inspector sees them, decides, draws and reports the same figures",
          "[app][roles]") {
    ServerProcess server;
    server.start();
    AppDevice liaison(server.url(), "liaison3");
    AppDevice office(server.url(), "jijian1");
    liaison.sync();
    office.sync();
    REQUIRE(liaison.syncer.roleCode() == QStringLiteral("unit_liaison"));
    REQUIRE(office.syncer.roleCode() == QStringLiteral("discipline_inspector"));
    const QString unitId = liaison.syncer.ownUnitId();
    REQUIRE_FALSE(unitId.isEmpty());

    // The discipline inspector's dashboard before the unit files anything.
    ui::DashboardModel dashboard;
    dashboard.setSession(&office.session);
    waitCounted(dashboard);
    const QString month = dashboard.shownMonth();
    const QVariantMap before = unitRow(dashboard, unitId);
    REQUIRE_FALSE(before.isEmpty());
    const qint64 missingBefore = figure(dashboard, "reportsMissing"), lateBefore = figure(dashboard, "reportsLate");
    const qint64 measuresBefore = figure(dashboard, "measures");

    // ---- the unit liaison: a plan with three measures, the monthly report, then sync.
    const QString plan = create(liaison.session, "rectification_plan", {{QStringLiteral("unit_id"), unitId}},
                                {{QStringLiteral("title"), QStringLiteral("关于专项整治反馈问题的整改方案")},
                                 {QStringLiteral("cause_analysis"), QStringLiteral("制度执行不严，监督检查不到位")}});
    const QStringList measures = {QStringLiteral("建立资金发放双人复核制度"), QStringLiteral("食堂采购公开比价"),
                                  QStringLiteral("每季度开展一次自查")};
    for (int i = 0; i < measures.size(); ++i) {
        if (i == 2) {  // two measures: the core refuses to submit the plan, and says why
            const QString refusal = move(liaison.session, "rectification_plan", plan, "submitted");
            CHECK(refusal.contains(QStringLiteral("3")));
        }
        create(liaison.session, "rectification_measure", {{QStringLiteral("plan_id"), plan}},
               {{QStringLiteral("description"), measures.at(i)},
                {QStringLiteral("owner"), QStringLiteral("办公室主任")},
                {QStringLiteral("deadline"), QStringLiteral("2027-03-31")},
                {QStringLiteral("kind"), QStringLiteral("long_term")}});
    }
    CHECK(move(liaison.session, "rectification_plan", plan, "submitted").isEmpty());
    const QString report = create(liaison.session, "monthly_report", {{QStringLiteral("unit_id"), unitId}, {QStringLiteral("month"), month}},
                                  {{QStringLiteral("work_done"), QStringLiteral("完成整改方案并报送，三项措施已分解到人")},
                                   {QStringLiteral("problems_remaining"), QStringLiteral("长效机制尚需完善")},
                                   {QStringLiteral("next_plan"), QStringLiteral("按季度开展自查")}});
    CHECK(move(liaison.session, "monthly_report", report, "submitted").isEmpty());
    liaison.sync();

    // ---- the discipline inspector: the sync brings them, the dashboard counts them.
    office.sync();
    waitCounted(dashboard);
    REQUIRE(waitUntil([&] { return figure(dashboard, "measures") == measuresBefore + 3; }, 30000));
    const QVariantMap after = unitRow(dashboard, unitId);
    CHECK(after.value(QStringLiteral("measures")).toLongLong() == before.value(QStringLiteral("measures")).toLongLong() + 3);
    // The report for the month is filed (on time or late: it no longer counts as missing).
    CHECK(figure(dashboard, "reportsMissing") == missingBefore - 1);
    CHECK(figure(dashboard, "reportsLate") + figure(dashboard, "reportsMissing") <= lateBefore + missingBefore);
    onStoreThread(office.session, [&](Store& s) {
        const Record r = must(s.getRecord("monthly_report", report.toStdString()));
        CHECK(str(r, "status") == "submitted");
        CHECK(must(s.getRecord("rectification_plan", plan.toStdString())).fields["status"] == "submitted");
    });

    // ---- the accountability register: a proposal decided with the measure and a reason.
    ui::RegisterModel register_;
    register_.setKind(QStringLiteral("accountability"));
    register_.setSession(&office.session);
    REQUIRE(waitUntil([&] { return register_.isReady() && !register_.isLoading(); }));
    CHECK(register_.mayAct());
    REQUIRE(register_.total() > 0);
    const qint64 proposedBefore = figure(dashboard, "proposedAccountability");
    CHECK(register_.total() == proposedBefore);
    const QString caseId = register_.rows().front().toMap().value(QStringLiteral("recordId")).toString();
    {
        RecordEditor decision;
        decision.setType(QStringLiteral("accountability_case"));
        decision.setRecordId(caseId);
        decision.setSession(&office.session);
        waitReady(decision);
        REQUIRE(decision.setValue(QStringLiteral("measure"), QStringLiteral("talk_reminder")));
        decision.move(QStringLiteral("confirmed"));  // no reason of the decider's own yet
        waitWritten(decision, office.session);
        CHECK(decision.errorDetail().contains(QStringLiteral("decision_note")));
        REQUIRE(decision.setValue(QStringLiteral("decision_note"), QStringLiteral("逾期未报送，约谈单位负责人")));
        decision.move(QStringLiteral("confirmed"));
        waitWritten(decision, office.session);
        INFO(decision.errorMessage().toStdString() << " " << decision.errorDetail().toStdString());
        REQUIRE(decision.errorMessage().isEmpty());
    }
    REQUIRE(waitUntil([&] { return !register_.isLoading() && register_.total() == proposedBefore - 1; }));
    waitCounted(dashboard);
    REQUIRE(waitUntil([&] { return figure(dashboard, "proposedAccountability") == proposedBefore - 1; }));

    // ---- the spot-check draw for the month: announced, drawn with two parties' seed parts, verified.
    QString drawId;
    {
        ui::SpotCheckDrawForm form;
        form.setSession(&office.session);
        REQUIRE(waitUntil([&] { return form.rightsKnown() && !form.period().isEmpty() && !form.isLoading(); }));
        CHECK(form.mayDraw());
        form.setPeriod(month);
        REQUIRE(waitUntil([&] { return !form.isLoading() && form.candidatesLoaded(); }));
        REQUIRE(form.candidateCount() >= 3);
        ui::SeedPartsModel* parts = form.seedParts();
        REQUIRE(parts->rowCount() == 2);
        parts->setParty(0, QStringLiteral("纪检组"));
        parts->setPart(0, QStringLiteral("907162534481"));
        parts->setParty(1, QStringLiteral("局办公室"));
        parts->setPart(1, QStringLiteral("225810394716"));
        form.setCount(3);
        REQUIRE(form.canRun());
        REQUIRE(form.run());
        REQUIRE(waitUntil([&] { return !form.isBusy(); }, 60000));
        INFO(form.errorMessage().toStdString() << " " << form.errorDetail().toStdString());
        REQUIRE_FALSE(form.drawId().isEmpty());
        drawId = form.drawId();
    }
    {
        ui::SpotCheckDrawDetail detail;
        detail.setDrawId(drawId);
        detail.setSession(&office.session);
        REQUIRE(waitUntil([&] { return !detail.isLoading() && detail.isFound(); }));
        CHECK(detail.period() == month);
        CHECK(detail.randomPicks().size() == 3);
        detail.verify();
        REQUIRE(waitUntil([&] { return detail.isVerified() && !detail.isVerifying(); }, 60000));
        CHECK(detail.verificationOk());
        CHECK(detail.failedChecks() == 0);
    }

    // ---- the monthly summary: the dashboard's figures, as the app writes it.
    const std::string pdf = office.dir.file("月度汇总.pdf");
    std::string today;
    onStoreThread(office.session, [&](Store& s) {
        today = bureauToday(s);
        auto written = ui::writeMonthlySummary(s, pdf, {month.toStdString(), today});
        INFO((written.ok() ? std::string() : written.error().toString()));
        REQUIRE(written.ok());
    });
    REQUIRE(dashboard.today() == QString::fromStdString(today));
    const QString text = pdfText(pdf);
    INFO(text.toStdString());
    CHECK(capturedIntegers(text, QStringLiteral("整改措施共 (\\d+) 条，已完成 (\\d+) 条，逾期未完成 (\\d+) 条")) ==
          std::vector<int64_t>{figure(dashboard, "measures"), figure(dashboard, "measuresDone"), figure(dashboard, "measuresOverdue")});
    CHECK(capturedIntegers(text, QStringLiteral("逾期报送 (\\d+) 个，未报送 (\\d+) 个")) ==
          std::vector<int64_t>{figure(dashboard, "reportsLate"), figure(dashboard, "reportsMissing")});
    CHECK(capturedIntegers(text, QStringLiteral("拟问责（待确认）(\\d+) 件"))[0] == figure(dashboard, "proposedAccountability"));

    // ---- everything reaches the server: a third device holds the decision.
    office.sync();
    Device check(server.url(), "jijian1");
    syncOk(check);
    const Record decided = must(check.store().getRecord("accountability_case", caseId.toStdString()));
    CHECK(str(decided, "status") == "confirmed");
    CHECK(str(decided, "decision_note") == "逾期未报送，约谈单位负责人");
    CHECK(str(must(check.store().getRecord("monthly_report", report.toStdString())), "status") == "submitted");
    // Anyone holding what the server handed out recomputes the same draw.
    auto verification = verifyDraw(check.store(), drawId.toStdString());
    REQUIRE(verification.ok());
    INFO(verification->toJson().dump(2));
    CHECK(verification->ok());
}
