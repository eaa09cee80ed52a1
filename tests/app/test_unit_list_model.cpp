#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QThread>
#include <set>

#include "app_test_support.h"
#include "unit_list_model.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::UnitListModel;

namespace {

constexpr int kUnits = 1200;
constexpr int kPage = 50;

QString nameAt(const UnitListModel& model, int row) {
    return model.data(model.index(row), UnitListModel::NameRole).toString();
}

QString idAt(const UnitListModel& model, int row) {
    return model.data(model.index(row), UnitListModel::UnitIdRole).toString();
}

bool loaded(const UnitListModel& model) { return !model.isLoading(); }

// Attaches the model to the session and waits for its first page.
void start(UnitListModel& model, ui::Session& session) {
    model.setPageSize(kPage);
    model.setSession(&session);
    REQUIRE(waitUntil([&] { return loaded(model) && model.rowCount() > 0; }));
}

void fetchPage(UnitListModel& model) {
    REQUIRE(model.canFetchMore({}));
    model.fetchMore({});
    REQUIRE(waitUntil([&] { return loaded(model); }));
}

}  // namespace

TEST_CASE("the unit list holds only the pages fetched, in name order", "[app][units]") {
    UnitStore fx(kUnits);
    UnitListModel model;
    start(model, fx.session);
    const auto expected = fx.namesInListOrder();

    CHECK(model.totalCount() == kUnits);
    CHECK(model.rowCount() == kPage);
    CHECK(model.canFetchMore({}));
    CHECK_FALSE(model.isComplete());
    // Nothing more arrives unless asked for.
    settle(fx.session);
    CHECK(model.rowCount() == kPage);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore({});
    CHECK(model.isLoading());
    model.fetchMore({});  // while a page is on its way: ignored
    REQUIRE(waitUntil([&] { return loaded(model); }));
    settle(fx.session);
    CHECK(model.rowCount() == 2 * kPage);
    REQUIRE(inserted.count() == 1);
    CHECK(inserted.at(0).at(1).toInt() == kPage);
    CHECK(inserted.at(0).at(2).toInt() == 2 * kPage - 1);

    for (int row = 0; row < model.rowCount(); ++row) {
        CAPTURE(row);
        CHECK(nameAt(model, row).toStdString() == expected[static_cast<size_t>(row)]);
    }

    SECTION("scrolling to the end loads every unit once, then nothing more") {
        while (model.canFetchMore({})) fetchPage(model);
        CHECK(model.rowCount() == kUnits);
        CHECK(model.isComplete());
        std::set<QString> ids;
        for (int row = 0; row < model.rowCount(); ++row) ids.insert(idAt(model, row));
        CHECK(ids.size() == static_cast<size_t>(kUnits));
        CHECK(nameAt(model, kUnits - 1).toStdString() == expected.back());
    }
}

TEST_CASE("searching the unit list finds a unit by part of its name, best match first", "[app][units][search]") {
    UnitStore fx(kUnits, {{"QS-01", "青松颐养院"}, {"HF-02", "红枫颐养中心"}});
    UnitListModel model;
    start(model, fx.session);

    model.setQuery(QStringLiteral("松颐养"));
    CHECK(model.isSearching());
    REQUIRE(waitUntil([&] { return loaded(model); }));
    REQUIRE(model.rowCount() >= 1);
    CHECK(idAt(model, 0).toStdString() == fx.named("青松颐养院").id);
    CHECK(model.isComplete());
    CHECK(model.hint().isEmpty());

    model.setQuery(QStringLiteral("颐养"));
    REQUIRE(waitUntil([&] { return loaded(model); }));
    CHECK(model.rowCount() == 2);

    SECTION("a search that matches many units pages like the full list") {
        model.setQuery(QStringLiteral("社区服务"));
        REQUIRE(waitUntil([&] { return loaded(model) && model.rowCount() > 0; }));
        CHECK(model.rowCount() == kPage);
        fetchPage(model);
        CHECK(model.rowCount() == 2 * kPage);
        CHECK(model.totalCount() == kUnits + 2);
        for (int row = 0; row < model.rowCount(); ++row) CHECK(nameAt(model, row).contains(QStringLiteral("社区服务")));
    }
    SECTION("one character asks for another instead of searching") {
        model.setQuery(QStringLiteral("养"));
        CHECK_FALSE(model.isSearching());
        CHECK(model.rowCount() == 0);
        CHECK_FALSE(model.isLoading());
        CHECK_FALSE(model.hint().isEmpty());
        CHECK(model.errorMessage().isEmpty());
        CHECK_FALSE(model.canFetchMore({}));
    }
    SECTION("a query with nothing searchable in it gets the hint, not an error") {
        model.setQuery(QStringLiteral("，。"));
        REQUIRE(waitUntil([&] { return loaded(model); }));
        CHECK(model.rowCount() == 0);
        CHECK_FALSE(model.hint().isEmpty());
        CHECK(model.errorMessage().isEmpty());
    }
    SECTION("clearing the query lists every unit again") {
        model.setQuery(QString());
        REQUIRE(waitUntil([&] { return loaded(model) && model.rowCount() > 0; }));
        CHECK(model.rowCount() == kPage);
        CHECK_FALSE(model.isSearching());
    }
}

TEST_CASE("a query's result that arrives after the query changed never shows", "[app][units][search]") {
    UnitStore fx(kUnits, {{"QS-01", "青松颐养院"}});
    UnitListModel model;
    start(model, fx.session);
    QStringList shown;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, [&](const QModelIndex&, int first, int last) {
        for (int row = first; row <= last; ++row) shown << nameAt(model, row);
    });

    model.setQuery(QStringLiteral("青松颐养"));
    // The event loop does not run meanwhile: the store thread answers the first query and its
    // result waits in the queue while the query changes under it.
    QThread::msleep(300);
    model.setQuery(QStringLiteral("社区服务"));
    REQUIRE(waitUntil([&] { return loaded(model) && model.rowCount() > 0; }));
    settle(fx.session);

    CHECK(model.rowCount() == kPage);
    REQUIRE_FALSE(shown.isEmpty());
    for (const QString& name : shown) {
        CAPTURE(name.toStdString());
        CHECK(name.contains(QStringLiteral("社区服务")));
    }
    CHECK(model.rowOf(QString::fromStdString(fx.named("青松颐养院").id)) == -1);
}

TEST_CASE("a write to one unit updates its row only — a unit not loaded changes nothing", "[app][units]") {
    UnitStore fx(kUnits);
    UnitListModel model;
    start(model, fx.session);
    const auto expected = fx.namesInListOrder();

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);

    const QString renamed = idAt(model, 3);
    onStoreThread(fx.session, [&](Store& s) {
        REQUIRE(s.updateRecord("unit", renamed.toStdString(), {{"name", "第0000号社区服务站（新址）"}}).ok());
    });
    fx.session.notifyChanged(QStringLiteral("unit"), {renamed});
    REQUIRE(waitUntil([&] { return changed.count() > 0; }));
    settle(fx.session);
    REQUIRE(changed.count() == 1);
    CHECK(changed.at(0).at(0).toModelIndex().row() == 3);
    CHECK(changed.at(0).at(1).toModelIndex().row() == 3);
    CHECK(nameAt(model, 3) == QStringLiteral("第0000号社区服务站（新址）"));

    // The unit 1100th by name is not loaded.
    const std::string farName = expected[1100];
    const std::string far = fx.named(farName).id;
    REQUIRE(model.rowOf(QString::fromStdString(far)) == -1);
    onStoreThread(fx.session, [&](Store& s) { REQUIRE(s.updateRecord("unit", far, {{"name", "改名单位"}}).ok()); });
    fx.session.notifyChanged(QStringLiteral("unit"), {QString::fromStdString(far)});
    settle(fx.session);
    CHECK(changed.count() == 1);

    // A finding recorded against the unit in row 5 changes that row's open findings only.
    const QString inspected = idAt(model, 5);
    std::string findingId;
    onStoreThread(fx.session, [&](Store& s) {
        auto f = s.createRecord("finding", findingFields(inspected.toStdString(), "消防通道堵塞"));
        REQUIRE(f.ok());
        findingId = f->id;
    });
    fx.session.notifyChanged(QStringLiteral("finding"), {QString::fromStdString(findingId)});
    REQUIRE(waitUntil([&] { return changed.count() == 2; }));
    settle(fx.session);
    CHECK(changed.count() == 2);
    CHECK(changed.at(1).at(0).toModelIndex().row() == 5);
    CHECK(model.data(model.index(5), UnitListModel::OpenFindingsRole).toLongLong() == 1);

    CHECK(reset.count() == 0);
    CHECK(inserted.count() == 0);
    CHECK(removed.count() == 0);
    CHECK(layout.count() == 0);
    CHECK(model.rowCount() == kPage);
}

TEST_CASE("locking the session empties the unit list and drops a page on its way", "[app][units]") {
    UnitStore fx(kUnits);
    UnitListModel model;
    start(model, fx.session);
    model.fetchMore({});
    REQUIRE(model.isLoading());
    fx.session.lock();
    CHECK(model.rowCount() == 0);
    CHECK(model.totalCount() == 0);
    CHECK_FALSE(model.isLoading());
    CHECK_FALSE(model.canFetchMore({}));
    QCoreApplication::processEvents();
    REQUIRE_FALSE(waitUntil([&] { return model.rowCount() > 0; }, 500));
}

TEST_CASE("the unit list keeps the item model contract while it loads, searches and follows writes", "[app][units]") {
    UnitStore fx(300, {{"QS-01", "青松颐养院"}});
    ModelTestWarnings warnings;
    UnitListModel model;
    model.setPageSize(kPage);
    // The tester asks for more on every change, as a view scrolled to the end would.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setSession(&fx.session);
    REQUIRE(waitUntil([&] { return model.isComplete(); }));
    CHECK(model.rowCount() == 301);

    model.setQuery(QStringLiteral("社区服务"));
    REQUIRE(waitUntil([&] { return loaded(model) && model.isComplete(); }));
    CHECK(model.rowCount() == 300);

    const QString first = idAt(model, 0);
    onStoreThread(fx.session, [&](Store& s) { REQUIRE(s.updateRecord("unit", first.toStdString(), {{"address", "和平路1号"}}).ok()); });
    fx.session.notifyChanged(QStringLiteral("unit"), {first});
    settle(fx.session);
    CHECK(model.data(model.index(0), UnitListModel::AddressRole).toString() == QStringLiteral("和平路1号"));

    model.setQuery(QStringLiteral("养"));
    model.setQuery(QString());
    REQUIRE(waitUntil([&] { return loaded(model) && model.isComplete(); }));
    fx.session.notifyManyChanged();
    REQUIRE(waitUntil([&] { return loaded(model) && model.isComplete(); }));
    fx.session.lock();
    CHECK(model.rowCount() == 0);

    CHECK(warnings.messages().join(QLatin1Char('\n')).toStdString() == "");
}
