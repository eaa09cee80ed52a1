// Enrolling from the app (EnrolmentController) against a real fieldcheck-server on loopback, then
// a sync through the app's SyncController: the device receives its scope. Wrong passwords, an
// unreachable server and a missing file get messages that say what to do, and change nothing.
#include <catch2/catch.hpp>

#include <QTcpServer>

#include "enrolment_controller.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/sync_client.h"
#include "app_test_support.h"
#include "harness.h"
#include "session.h"
#include "sync_controller.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

// A fresh store adopted by a session, as after "create encrypted store" in the app.
struct FreshDevice {
    TempDir dir;
    ui::Session session{QString::fromStdString(dir.file("device.db"))};
    FreshDevice() { session.adopt(createTestStore(dir.file("device.db"))); }
};

std::optional<sync::Enrolment> enrolmentOf(ui::Session& session) {
    std::optional<sync::Enrolment> found;
    onStoreThread(session, [&](Store& store) {
        auto e = sync::enrolment(store);
        if (e.ok()) found = e.value();
    });
    return found;
}

// A loopback port nothing listens on (bound, then released).
int closedPort() {
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
    const int port = probe.serverPort();
    probe.close();
    return port;
}

}  // namespace

TEST_CASE("the app enrols with the server and its first sync brings the group's units", "[app][enrolment]") {
    ServerProcess server;
    server.start();
    FreshDevice device;
    ui::EnrolmentController enrolment;
    enrolment.setSession(&device.session);
    bool enrolled = false;
    QObject::connect(&enrolment, &ui::EnrolmentController::enrolled, [&] { enrolled = true; });

    enrolment.enrol(QString::fromStdString(server.url()), {}, QStringLiteral("g1m2"), QString::fromLatin1(kDemoPassword));
    REQUIRE(waitUntil([&] { return !enrolment.isBusy() && (enrolled || !enrolment.errorMessage().isEmpty()); }));
    INFO(enrolment.errorMessage().toStdString());
    REQUIRE(enrolled);
    const auto e = enrolmentOf(device.session);
    REQUIRE(e.has_value());
    CHECK(e->userName == "g1m2");
    CHECK(e->serverUrl == server.url());

    ui::SyncController syncer;
    syncer.setSession(&device.session);
    REQUIRE(waitUntil([&] { return syncer.isEnrolled(); }));
    CHECK(syncer.roleCode() == QStringLiteral("inspector"));
    bool finished = false, succeeded = false;
    QObject::connect(&syncer, &ui::SyncController::finished, [&](bool ok) { finished = true; succeeded = ok; });
    syncer.syncNow();
    REQUIRE(waitUntil([&] { return finished; }, 120000));
    INFO(syncer.errorMessage().toStdString());
    CHECK(succeeded);
    int64_t units = 0;
    onStoreThread(device.session, [&](Store& store) { units = store.countRecords("unit").value(); });
    CHECK(units > 0);
}

TEST_CASE("enrolment refusals say what to do and leave the device unenrolled", "[app][enrolment]") {
    ServerProcess server;
    server.start();
    FreshDevice device;
    ui::EnrolmentController enrolment;
    enrolment.setSession(&device.session);
    auto attempt = [&](const QString& address, const QString& file, const QString& user, const QString& password) {
        enrolment.enrol(address, file, user, password);
        REQUIRE(waitUntil([&] { return !enrolment.isBusy(); }, 60000));
        return enrolment.errorMessage();
    };

    CHECK(attempt({}, {}, QStringLiteral("g1m2"), QStringLiteral("x")) ==
          ui::EnrolmentController::tr("Choose the enrolment file the office gave you."));
    CHECK(attempt(QString::fromStdString(server.url()), {}, {}, QStringLiteral("x")) ==
          ui::EnrolmentController::tr("Enter your user name."));
    CHECK(attempt(QString::fromStdString(server.url()), {}, QStringLiteral("g1m2"), QStringLiteral("wrong-password"))
              .startsWith(ui::EnrolmentController::tr("The server did not accept this user name and password.").left(30)));
    const QString unreachable = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
    CHECK(attempt(unreachable, {}, QStringLiteral("g1m2"), QString::fromLatin1(kDemoPassword)) ==
          ui::EnrolmentController::tr("The server at %1 could not be reached. Check the network and the address, then try again.")
              .arg(unreachable));
    CHECK(attempt({}, QStringLiteral("/nonexistent/enrolment.json"), QStringLiteral("g1m2"), QString::fromLatin1(kDemoPassword))
              .startsWith(ui::EnrolmentController::tr("The enrolment file could not be used (%1).").left(20)));
    CHECK_FALSE(enrolmentOf(device.session).has_value());
}
