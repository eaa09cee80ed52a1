// The Findings page's list (qml/src/finding_list_model.h) over 10,000 findings: pages of 50 as
// the view asks, newest first, filters by unit and state, and writes reported by the session
// applied to single rows — never a reset — with QAbstractItemModelTester watching throughout.
#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <set>

#include "app_test_support.h"
#include "finding_list_model.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using fieldcheck::ui::FindingListModel;

namespace {

constexpr int kFindings = 10000;
constexpr int kOtherUnit = 300;  // findings of a second unit, created among the first one's
constexpr int kPage = 50;
constexpr int64_t kStart = 1779242400000;  // 2026-05-20 10:00 Beijing time

// 10,000 findings of one unit and 300 of another among them, one millisecond apart, every fifth
// one submitted: written once per test run (one transaction) and copied for each test.
struct Seed {
    TempDir dir;
    std::string path = dir.file("many.db");
    std::string unitId, otherUnitId;
    std::vector<std::string> ids;  // of unitId's findings, in the order created
    int64_t lastMs = kStart;

    Seed() {
        ManualClock clock{kStart};
        auto store = createTestStore(path, &clock);
        Status st = store->transaction([&]() -> Status {
            unitId = createUnit(*store, "MZ001", "区社会福利院").id;
            otherUnitId = createUnit(*store, "MZ002", "区救助管理站").id;
            int others = 0;
            for (int i = 0; i < kFindings; ++i) {
                clock.advanceMs(1);
                FC_ASSIGN_OR_RETURN(Record r,
                                    store->createRecord("finding", findingFields(unitId, "问题 " + std::to_string(i))));
                if (i % 5 == 0) FC_TRY(store->updateRecord("finding", r.id, {{"status", "submitted"}}));
                ids.push_back(r.id);
                if (i % 33 == 0 && others < kOtherUnit) {
                    FC_TRY(store->createRecord("finding", findingFields(otherUnitId, "别处的问题 " + std::to_string(i))));
                    ++others;
                }
            }
            return {};
        });
        REQUIRE(st.ok());
        REQUIRE(store->checkpoint().ok());
        lastMs = clock.nowMs();
    }
};

const Seed& seed() {
    static const Seed s;
    return s;
}

// A Session on a copy of the seeded store.
struct ManyFindings {
    const Seed& seeded = seed();
    ManualClock clock{seeded.lastMs + 1000};
    TempDir dir;
    ui::Session session{QString::fromStdString(dir.file("many.db"))};
    std::string unitId = seeded.unitId, otherUnitId = seeded.otherUnitId;
    const std::vector<std::string>& ids = seeded.ids;

    ManyFindings() {
        copyTree(seeded.dir.path(), dir.path());
        session.adopt(openTestStore(dir.file("many.db"), &clock));
    }

    // The id of the finding the list shows at `row` (newest first).
    const std::string& newest(int row) const { return ids[ids.size() - 1 - static_cast<size_t>(row)]; }
};

QString idAt(const FindingListModel& model, int row) {
    return model.data(model.index(row), FindingListModel::FindingIdRole).toString();
}

void start(FindingListModel& model, ui::Session& session) {
    model.setPageSize(kPage);
    model.setSession(&session);
    REQUIRE(waitUntil([&] { return !model.isLoading() && model.rowCount() > 0; }));
}

void fetchPage(FindingListModel& model) {
    REQUIRE(model.canFetchMore({}));
    model.fetchMore({});
    REQUIRE(waitUntil([&] { return !model.isLoading(); }));
}

// Every kind of change a model can announce, to show that only the expected one came.
struct ChangeSpies {
    QSignalSpy dataChanged, inserted, removed, reset, layout;
    explicit ChangeSpies(FindingListModel& m)
        : dataChanged(&m, &QAbstractItemModel::dataChanged),
          inserted(&m, &QAbstractItemModel::rowsInserted),
          removed(&m, &QAbstractItemModel::rowsRemoved),
          reset(&m, &QAbstractItemModel::modelReset),
          layout(&m, &QAbstractItemModel::layoutChanged) {}
};

}  // namespace

TEST_CASE("the finding list holds only the pages fetched, newest first, and updates one row per write", "[app][findings]") {
    ManyFindings fx;
    FindingListModel model;
    model.setUnitId(QString::fromStdString(fx.unitId));
    start(model, fx.session);

    CHECK(model.totalCount() == kFindings);
    CHECK(model.rowCount() == kPage);
    CHECK(model.canFetchMore({}));
    CHECK_FALSE(model.isComplete());
    settle(fx.session);
    CHECK(model.rowCount() == kPage);  // nothing more arrives unless asked for
    for (int row = 0; row < kPage; ++row) {
        CAPTURE(row);
        CHECK(idAt(model, row).toStdString() == fx.newest(row));
    }
    CHECK(model.data(model.index(0), FindingListModel::UnitNameRole) == "区社会福利院");
    CHECK(model.data(model.index(0), FindingListModel::StatusLabelRole).toString().size() > 0);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.fetchMore({});
    CHECK(model.isLoading());
    model.fetchMore({});  // while a page is on its way: ignored
    REQUIRE(waitUntil([&] { return !model.isLoading(); }));
    settle(fx.session);
    CHECK(model.rowCount() == 2 * kPage);
    REQUIRE(inserted.count() == 1);
    CHECK(inserted.at(0).at(1).toInt() == kPage);
    CHECK(inserted.at(0).at(2).toInt() == 2 * kPage - 1);
    for (int row = kPage; row < 2 * kPage; ++row) {
        CAPTURE(row);
        CHECK(idAt(model, row).toStdString() == fx.newest(row));
    }

    SECTION("a changed finding updates its own row and nothing else") {
        const int row = 7;
        const std::string id = fx.newest(row);
        ChangeSpies spies(model);
        onStoreThread(fx.session,
                      [&](Store& s) { must(s.updateRecord("finding", id, {{"description", "伙食补助重复发放"}})); });
        fx.session.notifyChanged("finding", {QString::fromStdString(id)});
        REQUIRE(waitUntil([&] { return spies.dataChanged.count() > 0; }));
        settle(fx.session);
        REQUIRE(spies.dataChanged.count() == 1);
        CHECK(spies.dataChanged.at(0).at(0).value<QModelIndex>().row() == row);
        CHECK(spies.dataChanged.at(0).at(1).value<QModelIndex>().row() == row);
        CHECK(spies.inserted.count() == 0);
        CHECK(spies.removed.count() == 0);
        CHECK(spies.reset.count() == 0);
        CHECK(spies.layout.count() == 0);
        CHECK(model.data(model.index(row), FindingListModel::DescriptionRole) == "伙食补助重复发放");
        CHECK(model.rowCount() == 2 * kPage);
    }

    SECTION("a finding not loaded changes nothing shown") {
        ChangeSpies spies(model);
        const std::string old = fx.ids.front();  // the oldest: on the last page
        onStoreThread(fx.session, [&](Store& s) { must(s.updateRecord("finding", old, {{"subcategory", "伙食"}})); });
        fx.session.notifyChanged("finding", {QString::fromStdString(old)});
        settle(fx.session);
        settle(fx.session);
        CHECK(spies.dataChanged.count() == 0);
        CHECK(spies.inserted.count() == 0);
        CHECK(spies.reset.count() == 0);
        CHECK(model.rowCount() == 2 * kPage);
    }

    SECTION("a finding just recorded comes in at the top, and the next page neither repeats nor skips one") {
        ChangeSpies spies(model);
        std::string fresh;
        onStoreThread(fx.session, [&](Store& s) {
            fx.clock.advanceMs(1000);
            fresh = must(s.createRecord("finding", findingFields(fx.unitId, "新录入的问题"))).id;
        });
        fx.session.notifyChanged("finding", {QString::fromStdString(fresh)});
        REQUIRE(waitUntil([&] { return spies.inserted.count() == 1; }));
        CHECK(spies.inserted.at(0).at(1).toInt() == 0);
        CHECK(spies.reset.count() == 0);
        CHECK(idAt(model, 0).toStdString() == fresh);
        CHECK(model.totalCount() == kFindings + 1);
        fetchPage(model);
        REQUIRE(model.rowCount() == 3 * kPage + 1);
        std::set<QString> seen;
        for (int row = 1; row < model.rowCount(); ++row) {
            CAPTURE(row);
            CHECK(idAt(model, row).toStdString() == fx.newest(row - 1));
            seen.insert(idAt(model, row));
        }
        CHECK(seen.size() == static_cast<size_t>(3 * kPage));
    }
}

TEST_CASE("the finding list filters by unit and state, and a finding that moves out of the filter leaves its row",
          "[app][findings]") {
    ManyFindings fx;

    SECTION("another unit's findings only") {
        FindingListModel model;
        model.setUnitId(QString::fromStdString(fx.otherUnitId));
        start(model, fx.session);
        CHECK(model.totalCount() == kOtherUnit);
        while (model.canFetchMore({})) fetchPage(model);
        CHECK(model.rowCount() == kOtherUnit);
        CHECK(model.isComplete());
        for (int row = 0; row < model.rowCount(); ++row) {
            CHECK(model.data(model.index(row), FindingListModel::UnitNameRole) == "区救助管理站");
        }
    }

    SECTION("submitted ones of the unit; one moved on leaves, one moved in arrives at its place") {
        FindingListModel model;
        model.setUnitId(QString::fromStdString(fx.unitId));
        model.setStatus("submitted");
        start(model, fx.session);
        CHECK(model.totalCount() == kFindings / 5);
        CHECK(model.rowCount() == kPage);
        for (int row = 0; row < model.rowCount(); ++row) {
            CHECK(model.data(model.index(row), FindingListModel::StatusRole) == "submitted");
        }

        ChangeSpies spies(model);
        const QString leaving = idAt(model, 3);
        onStoreThread(fx.session, [&](Store& s) { must(s.updateRecord("finding", leaving.toStdString(), {{"status", "verified"}})); });
        fx.session.notifyChanged("finding", {leaving});
        REQUIRE(waitUntil([&] { return spies.removed.count() == 1; }));
        CHECK(spies.removed.at(0).at(1).toInt() == 3);
        CHECK(model.rowOf(leaving) == -1);
        CHECK(model.rowCount() == kPage - 1);
        CHECK(model.totalCount() == kFindings / 5 - 1);

        // The newest finding of all is still recorded (9999 % 5 != 0): submitted, it leads the list.
        const std::string arriving = fx.newest(0);
        onStoreThread(fx.session, [&](Store& s) { must(s.updateRecord("finding", arriving, {{"status", "submitted"}})); });
        fx.session.notifyChanged("finding", {QString::fromStdString(arriving)});
        REQUIRE(waitUntil([&] { return spies.inserted.count() == 1; }));
        CHECK(spies.inserted.at(0).at(1).toInt() == 0);
        CHECK(idAt(model, 0).toStdString() == arriving);
        CHECK(spies.reset.count() == 0);

        // The next page continues where the loaded rows end.
        fetchPage(model);
        std::set<QString> seen;
        for (int row = 0; row < model.rowCount(); ++row) seen.insert(idAt(model, row));
        CHECK(seen.size() == static_cast<size_t>(model.rowCount()));
        CHECK(model.rowCount() == 2 * kPage);
        CHECK_FALSE(seen.count(leaving));
    }
}

TEST_CASE("the finding list keeps the item model contract over 10,000 findings while it loads and follows writes",
          "[app][findings]") {
    ManyFindings fx;
    ModelTestWarnings warnings;
    FindingListModel model;
    model.setPageSize(kPage);
    model.setUnitId(QString::fromStdString(fx.unitId));
    model.setStatus("submitted");
    // The tester asks for more on every change, as a view scrolled to the end would.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setSession(&fx.session);
    const bool done = waitUntil([&] { return model.isComplete() && !model.isLoading(); }, 20000);
    INFO("rows " << model.rowCount() << " loading " << model.isLoading() << " complete " << model.isComplete() << " can " << model.canFetchMore({}));
    REQUIRE(done);
    REQUIRE(model.rowCount() == kFindings / 5);
    settle(fx.session);

    ChangeSpies spies(model);
    const QString changed = idAt(model, 123);
    onStoreThread(fx.session, [&](Store& s) { must(s.updateRecord("finding", changed.toStdString(), {{"subcategory", "伙食补助"}})); });
    fx.session.notifyChanged("finding", {changed});
    REQUIRE(waitUntil([&] { return spies.dataChanged.count() == 1; }));
    settle(fx.session);
    CHECK(spies.dataChanged.count() == 1);
    CHECK(spies.dataChanged.at(0).at(0).value<QModelIndex>().row() == 123);
    CHECK(model.data(model.index(123), FindingListModel::SubcategoryRole) == "伙食补助");

    // Moved out of the filter, and a new one recorded and submitted: a row leaves, a row comes.
    std::string fresh;
    onStoreThread(fx.session, [&](Store& s) {
        must(s.updateRecord("finding", changed.toStdString(), {{"status", "verified"}}));
        fx.clock.advanceMs(1000);
        fresh = must(s.createRecord("finding", findingFields(fx.unitId, "新录入的问题"))).id;
        must(s.updateRecord("finding", fresh, {{"status", "submitted"}}));
    });
    fx.session.notifyChanged("finding", {changed, QString::fromStdString(fresh)});
    REQUIRE(waitUntil([&] { return spies.removed.count() == 1 && spies.inserted.count() == 1; }));
    settle(fx.session);
    CHECK(spies.removed.at(0).at(1).toInt() == 123);
    CHECK(spies.inserted.at(0).at(1).toInt() == 0);
    CHECK(idAt(model, 0).toStdString() == fresh);
    CHECK(model.rowCount() == kFindings / 5);
    CHECK(model.totalCount() == kFindings / 5);
    CHECK(model.isComplete());
    CHECK(spies.reset.count() == 0);
    CHECK(spies.layout.count() == 0);

    CHECK(warnings.messages().isEmpty());
}

TEST_CASE("the finding list empties when the session locks", "[app][findings]") {
    ManyFindings fx;
    FindingListModel model;
    start(model, fx.session);
    CHECK(model.totalCount() == kFindings + kOtherUnit);  // no unit: every finding
    fx.session.lock();
    CHECK(model.rowCount() == 0);
    CHECK_FALSE(model.canFetchMore({}));
    CHECK(model.totalCount() == 0);
}
