// The dashboard's models on the demo data: the figures are the core's dashboard() (the query the
// CLI prints and the monthly summary uses), the units come least advanced first, a write moves a
// figure without being asked, a bad month is refused, and the records behind every figure are as
// many as the figure says.
#include <catch2/catch.hpp>

#include <QSignalSpy>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/store.h"
#include "app_test_support.h"
#include "dashboard_figure.h"
#include "dashboard_model.h"
#include "register_model.h"
#include "session.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

struct DemoSession {
    TempDir dir;
    ui::Session session{QString::fromStdString(dir.file("dashboard.db"))};
    DemoSession() {
        auto store = createTestStore(dir.file("dashboard.db"));
        REQUIRE(seedDemoData(*store).ok());
        session.adopt(std::move(store));
    }
    Dashboard core(const std::string& month = {}) {
        Dashboard d;
        onStoreThread(session, [&](Store& s) {
            const std::string today = bureauToday(s);
            d = dashboard(s, today, month.empty() ? previousMonth(today) : month).value();
        });
        return d;
    }
};

qint64 figure(const ui::DashboardModel& m, const char* key) { return m.figures().value(QString::fromLatin1(key)).toLongLong(); }

}  // namespace

TEST_CASE("the dashboard shows the core's figures for the month just ended, the least advanced units first", "[app][dashboard]") {
    DemoSession demo;
    ui::DashboardModel model;
    model.setSession(&demo.session);
    REQUIRE(waitUntil([&] { return model.isReady() && !model.isLoading(); }));
    CHECK(model.errorMessage().isEmpty());

    const Dashboard d = demo.core();
    CHECK(model.shownMonth() == QString::fromStdString(d.month));
    CHECK(model.today() == QString::fromStdString(d.today));
    CHECK(figure(model, "cluesIdentified") == d.batches.cluesIdentified);
    CHECK(figure(model, "casesInvestigated") == d.batches.casesInvestigated);
    CHECK(figure(model, "problemsSolved") == d.batches.problemsSolved);
    CHECK(figure(model, "rulesIssued") == d.batches.rulesIssued);
    CHECK(figure(model, "measures") == d.measures);
    CHECK(figure(model, "measuresDone") == d.measuresDone);
    CHECK(figure(model, "measuresOverdue") == d.measuresOverdue);
    CHECK(figure(model, "reportsLate") == d.reportsLate);
    CHECK(figure(model, "reportsMissing") == d.reportsMissing);
    CHECK(figure(model, "zeroReportUnits") == d.zeroReportUnits);
    CHECK(figure(model, "mandatorySpotChecks") == d.mandatorySpotChecks);
    CHECK(figure(model, "supervisedPetitions") == d.supervisedPetitions);
    CHECK(figure(model, "supervisedOverdue") == d.supervisedOverdue);
    CHECK(figure(model, "visitsFewerThanTwo") == d.visitsFewerThanTwo);
    CHECK(figure(model, "openEscalations") == d.openEscalations);
    CHECK(figure(model, "proposedAccountability") == d.proposedAccountability);
    CHECK(model.figures().size() == ui::DashboardModel::figureKeys().size());
    for (const QString& key : ui::DashboardModel::figureKeys()) CHECK_FALSE(model.titles().value(key).toString().isEmpty());
    // The demo has work in every corner, or the comparison above proves little.
    CHECK(d.batches.cluesIdentified > 0);
    CHECK(d.measures > 0);

    REQUIRE(model.units().size() == static_cast<int>(d.units.size()));
    double last = -1;
    for (const QVariant& v : model.units()) {
        const double percent = v.toMap().value(QStringLiteral("percentDone")).toDouble();
        CHECK(percent >= last);
        last = percent;
    }
}

TEST_CASE("a measure marked done moves the dashboard's figures without a reload being asked for", "[app][dashboard]") {
    DemoSession demo;
    ui::DashboardModel model;
    model.setSession(&demo.session);
    REQUIRE(waitUntil([&] { return model.isReady() && !model.isLoading(); }));
    const qint64 done = figure(model, "measuresDone");

    // A measure not yet done, done now, written the way the app writes (then announced).
    std::string measureId;
    onStoreThread(demo.session, [&](Store& s) {
        for (const Record& m : s.listRecords("rectification_measure").value()) {
            if (!m.withdrawn && m.fields.value("status", "") != "done") {
                measureId = m.id;
                break;
            }
        }
        REQUIRE_FALSE(measureId.empty());
        REQUIRE(s.updateRecord("rectification_measure", measureId,
                               {{"status", "done"}, {"completion_evidence", "整改台账照片"}})
                    .ok());
    });
    demo.session.notifyChanged(QStringLiteral("rectification_measure"), {QString::fromStdString(measureId)});
    REQUIRE(waitUntil([&] { return !model.isLoading() && figure(model, "measuresDone") == done + 1; }));
    CHECK(figure(model, "measuresDone") == demo.core().measuresDone);

    demo.session.lock();
    REQUIRE(waitUntil([&] { return !model.isReady(); }));
    CHECK(model.figures().isEmpty());
    CHECK(model.units().isEmpty());
}

TEST_CASE("the dashboard refuses a month that is not one and steps between months", "[app][dashboard]") {
    DemoSession demo;
    ui::DashboardModel model;
    model.setSession(&demo.session);
    REQUIRE(waitUntil([&] { return model.isReady() && !model.isLoading(); }));
    const QString shown = model.shownMonth();

    model.setMonth(QStringLiteral("2026-13"));
    CHECK_FALSE(model.isReady());
    CHECK(model.errorMessage().contains(QStringLiteral("2026-13")));

    model.setMonth(shown);
    REQUIRE(waitUntil([&] { return model.isReady() && !model.isLoading(); }));
    CHECK(model.errorMessage().isEmpty());
    model.previousMonth();
    REQUIRE(waitUntil([&] { return model.isReady() && !model.isLoading() && model.shownMonth() != shown; }));
    const QDate first = QDate::fromString(shown + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd")).addMonths(-1);
    CHECK(model.shownMonth() == first.toString(QStringLiteral("yyyy-MM")));
    CHECK(figure(model, "reportsMissing") == demo.core(model.shownMonth().toStdString()).reportsMissing);
}

TEST_CASE("the records behind each dashboard figure are as many as the figure says", "[app][dashboard]") {
    DemoSession demo;
    ui::DashboardModel model;
    model.setSession(&demo.session);
    REQUIRE(waitUntil([&] { return model.isReady() && !model.isLoading(); }));

    int listed = 0;
    for (const QString& key : ui::DashboardModel::figureKeys()) {
        INFO(key.toStdString());
        CHECK_FALSE(ui::DashboardFigure::titleOf(key).isEmpty());
        if (!ui::DashboardFigure::findingStatus(key).isEmpty()) continue;  // FindingsPage lists those
        const QVariantMap reg = ui::DashboardFigure::registerOf(key);
        if (!reg.isEmpty()) {  // so do the registers for theirs
            ui::RegisterModel r;
            r.setKind(reg.value(QStringLiteral("kind")).toString());
            r.setFilter(reg.value(QStringLiteral("filter")).toString());
            r.setSession(&demo.session);
            REQUIRE(waitUntil([&] { return !r.isLoading() && r.isReady(); }));
            CHECK(r.filter() == reg.value(QStringLiteral("filter")).toString());
            CHECK(r.total() == figure(model, key.toLatin1().constData()));
            listed += r.total() > 0;
            continue;
        }
        ui::DashboardFigure f;
        f.setKey(key);
        f.setMonth(model.shownMonth());
        f.setSession(&demo.session);
        REQUIRE(waitUntil([&] { return !f.isLoading(); }));
        CHECK(f.errorMessage().isEmpty());
        CHECK(f.total() == figure(model, key.toLatin1().constData()));
        CHECK(f.rows().size() == std::min<qint64>(f.total(), ui::DashboardFigure::kDefaultLimit));
        for (const QVariant& v : f.rows()) {
            const QVariantMap row = v.toMap();
            CHECK_FALSE(row.value(QStringLiteral("title")).toString().isEmpty());
            CHECK_FALSE(row.value(QStringLiteral("recordId")).toString().isEmpty());
        }
        listed += f.total() > 0;
    }
    CHECK(listed >= 5);  // the demo fills most of them

    // A short limit keeps the total.
    ui::DashboardFigure few;
    few.setLimit(1);
    few.setKey(QStringLiteral("measures"));
    few.setSession(&demo.session);
    REQUIRE(waitUntil([&] { return !few.isLoading() && few.total() > 0; }));
    CHECK(few.rows().size() == 1);
    CHECK(few.total() == figure(model, "measures"));

    ui::DashboardFigure unknown;
    unknown.setKey(QStringLiteral("noSuchFigure"));
    unknown.setSession(&demo.session);
    REQUIRE(waitUntil([&] { return !unknown.errorMessage().isEmpty(); }));
    CHECK(unknown.rows().isEmpty());
}
