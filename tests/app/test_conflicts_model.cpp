// The Conflicts page's model on a real conflict: a group leader and an inspector changed the same
// finding's description on two devices and synced through a real server. The leader's app lists
// the conflict with both values, who and when, chooses one, and after the next syncs both devices
// hold the chosen value with no conflict left.
#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>

#include "conflicts_model.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "app_test_support.h"
#include "harness.h"
#include "session.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("a group leader sees both values of a conflict with who and when, chooses one, and every device agrees",
          "[app][conflicts]") {
    ServerProcess server;
    server.start();
    Device leader(server.url(), "g1m1"), inspector(server.url(), "g1m2");
    syncOk(leader);
    syncOk(inspector);
    const Record f = anyRecord(leader.store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(leader.store().updateRecord("finding", f.id, {{"description", "组长的说法"}}).ok());
    REQUIRE(inspector.store().updateRecord("finding", f.id, {{"description", "组员的说法"}}).ok());
    syncOk(leader);
    syncOk(inspector);
    syncOk(leader);
    REQUIRE(replication::openConflicts(leader.store())->size() == 1);

    // The leader's app on the leader's store.
    leader.close();
    {
        ui::Session session(QString::fromStdString(leader.path()));
        session.adopt(openTestStore(leader.path()));
        ui::ConflictsModel model;
        ModelTestWarnings warnings;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
        model.setSession(&session);
        REQUIRE(waitUntil([&] { return !model.isLoading() && model.rowCount() == 1; }));
        const QModelIndex row = model.index(0);
        CHECK(model.data(row, ui::ConflictsModel::RecordIdRole).toString().toStdString() == f.id);
        CHECK(model.data(row, ui::ConflictsModel::CanChooseRole).toBool());
        const QVariantList candidates = model.data(row, ui::ConflictsModel::CandidatesRole).toList();
        REQUIRE(candidates.size() == 2);
        QStringList values, authors;
        int chosen = -1;
        for (int i = 0; i < candidates.size(); ++i) {
            const QVariantMap c = candidates[i].toMap();
            values << c.value(QStringLiteral("value")).toString();
            authors << c.value(QStringLiteral("by")).toString();
            CHECK(c.value(QStringLiteral("when")).toLongLong() > 0);
            if (c.value(QStringLiteral("value")).toString() == QStringLiteral("组员的说法")) chosen = i;
        }
        values.sort();
        authors.sort();
        CHECK(values == QStringList{QStringLiteral("组员的说法"), QStringLiteral("组长的说法")});
        CHECK(authors == QStringList{QStringLiteral("g1m1"), QStringLiteral("g1m2")});
        REQUIRE(chosen >= 0);

        bool resolved = false;
        QObject::connect(&model, &ui::ConflictsModel::resolved, [&] { resolved = true; });
        model.choose(0, chosen);
        REQUIRE(waitUntil([&] { return resolved && !model.isChoosing() && model.rowCount() == 0; }));
        CHECK_FALSE(model.messageIsError());
        CHECK(warnings.messages().isEmpty());
        session.lock();
    }
    leader.reopen();
    syncOk(leader);
    syncOk(inspector);
    CHECK(replication::openConflicts(leader.store())->empty());
    CHECK(replication::openConflicts(inspector.store())->empty());
    CHECK(leader.store().getRecord("finding", f.id)->fields["description"] == "组员的说法");
    CHECK(inspector.store().getRecord("finding", f.id)->fields["description"] == "组员的说法");
}
