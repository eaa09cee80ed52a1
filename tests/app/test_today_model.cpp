// Today's model on the demo data: sections in order, overdue rows first within a section, the unit
// each row opens, what waits for sync; a model checker watches it load and reload.
#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QSettings>
#include <algorithm>
#include <memory>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/store.h"
#include "app_environment.h"
#include "app_settings.h"
#include "app_test_support.h"
#include "session.h"
#include "today_model.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("Today lists the demo data's work in sections, overdue first, and counts what waits for sync",
          "[app][today]") {
    TempDir dir;
    ui::Session session(QString::fromStdString(dir.file("today.db")));
    auto store = createTestStore(dir.file("today.db"));
    REQUIRE(seedDemoData(*store).ok());
    const int64_t outbox = static_cast<int64_t>(store->pendingOutbox().value().size());
    session.adopt(std::move(store));

    ui::TodayModel model;
    ModelTestWarnings warnings;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setSession(&session);
    REQUIRE(waitUntil([&] { return !model.isLoading() && model.rowCount() > 0; }));
    CHECK(model.errorMessage().isEmpty());
    CHECK(model.changesWaiting() == outbox);
    CHECK(model.photosWaiting() == 0);
    CHECK_FALSE(model.lastContact().isValid());  // never synced

    // Sections never interleave, in the page's order; within one, overdue rows come first.
    const QStringList order{QStringLiteral("visits"), QStringLiteral("spotChecks"), QStringLiteral("petitions")};
    int lastSection = -1;
    bool seenOnTime = false;
    int overdue = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex i = model.index(row);
        const int section = order.indexOf(model.data(i, ui::TodayModel::SectionRole).toString());
        REQUIRE(section >= 0);
        REQUIRE(section >= lastSection);
        if (section != lastSection) seenOnTime = false;
        lastSection = section;
        const bool isOverdue = model.data(i, ui::TodayModel::OverdueRole).toBool();
        overdue += isOverdue ? 1 : 0;
        if (!isOverdue) seenOnTime = true;
        CHECK_FALSE((isOverdue && seenOnTime));
        CHECK_FALSE(model.data(i, ui::TodayModel::TitleRole).toString().isEmpty());
        CHECK_FALSE(model.data(i, ui::TodayModel::UnitIdRole).toString().isEmpty());
    }
    CHECK(model.overdueCount() == overdue);

    // The petitions are the core's supervised ones that are not concluded.
    size_t openPetitions = 0;
    onStoreThread(session, [&](Store& s) {
        for (const auto& p : supervisedPetitions(s, bureauToday(s)).value()) openPetitions += p.status != "concluded" ? 1 : 0;
    });
    int petitionRows = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        petitionRows += model.data(model.index(row), ui::TodayModel::SectionRole).toString() == QStringLiteral("petitions");
    }
    CHECK(static_cast<size_t>(petitionRows) == openPetitions);

    // A write to a shown type reloads; locking empties.
    const int before = model.rowCount();
    session.notifyChanged(QStringLiteral("complaint"), {});
    REQUIRE(waitUntil([&] { return !model.isLoading(); }));
    CHECK(model.rowCount() == before);
    session.lock();
    REQUIRE(waitUntil([&] { return model.rowCount() == 0; }));
    CHECK(warnings.messages().isEmpty());
}

TEST_CASE("switching the language rebuilds Today's rows in the new language without reopening the page",
          "[app][today][i18n]") {
    TempDir dir;
    ui::Session session(QString::fromStdString(dir.file("today.db")));
    auto store = createTestStore(dir.file("today.db"));
    REQUIRE(seedDemoData(*store).ok());
    session.adopt(std::move(store));
    ui::AppEnvironment environment(QStringLiteral("zh_CN"));
    ui::AppSettings settings(environment, session,
                             std::make_unique<QSettings>(QString::fromStdString(dir.file("settings.ini")), QSettings::IniFormat));

    ui::TodayModel model;
    model.setSession(&session);
    REQUIRE(waitUntil([&] { return !model.isLoading() && model.rowCount() > 0; }));
    // Every row's detail starts with words the model makes in C++ with tr(): the task, the visit's
    // state, why a spot check was drawn, who supervises a petition.
    auto detail = [&] { return model.rowCount() > 0 ? model.data(model.index(0), ui::TodayModel::DetailRole).toString() : QString(); };
    const QStringList english{QStringLiteral("Visit planned"), QStringLiteral("Visit under way"), QStringLiteral("On-site inspection"),
                              QStringLiteral("Spot check"), QStringLiteral("Petition follow-up"), QStringLiteral("Clue screening"),
                              QStringLiteral("Must be checked"), QStringLiteral("Drawn at random"), QStringLiteral("Supervision needed"),
                              QStringLiteral("Under supervision")};
    auto inEnglish = [&](const QString& text) {
        return std::any_of(english.begin(), english.end(), [&](const QString& e) { return text.startsWith(e); });
    };
    const QString chinese = detail();
    REQUIRE_FALSE(chinese.isEmpty());
    REQUIRE_FALSE(inEnglish(chinese));

    settings.setLanguage(QStringLiteral("en"));
    REQUIRE(waitUntil([&] { return !model.isLoading() && inEnglish(detail()); }));
    settings.setLanguage(QStringLiteral("zh_CN"));
    REQUIRE(waitUntil([&] { return !model.isLoading() && detail() == chinese; }));
}
