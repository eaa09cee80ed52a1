// Connectivity: the fake, the operating system's answer through QNetworkInformation (whatever this
// machine has), and the trigger that asks for a sync when the connection comes back.
#include <catch2/catch.hpp>

#include <QElapsedTimer>

#include "auto_sync_trigger.h"
#include "fake_connectivity.h"
#include "qt_connectivity.h"
#include "signal_wait.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using platform::AutoSyncTrigger;
using platform::Connectivity;
using platform::FakeConnectivity;

namespace {

// The trigger's minimum interval in these tests: short, yet far longer than a busy machine may
// stall between two calls that must fall inside one interval.
constexpr int kInterval = 1000;

}  // namespace

TEST_CASE("the connectivity fake says online or offline as set, and signals changes only",
          "[platform][connectivity]") {
    FakeConnectivity connectivity(false);
    QSignalSpy changed(&connectivity, &Connectivity::onlineChanged);
    CHECK_FALSE(connectivity.isOnline());
    CHECK_FALSE(connectivity.property("online").toBool());
    CHECK(connectivity.isKnown());

    connectivity.setOnline(true);
    connectivity.setOnline(true);
    REQUIRE(changed.count() == 1);
    CHECK(changed.at(0).at(0).toBool());
    CHECK(connectivity.property("online").toBool());
    connectivity.setOnline(false);
    REQUIRE(changed.count() == 2);
    CHECK_FALSE(changed.at(1).at(0).toBool());

    connectivity.setKnown(false);
    CHECK_FALSE(connectivity.isKnown());
    CHECK(changed.count() == 2);
}

TEST_CASE(
    "the system's connectivity loads and gives a consistent answer, online when it does not know",
    "[platform][connectivity]") {
    platform::QtConnectivity connectivity;
    INFO("backend: '" << connectivity.backendName().toStdString() << "', known: "
                      << connectivity.isKnown() << ", online: " << connectivity.isOnline());
    CHECK(connectivity.property("online").toBool() == connectivity.isOnline());
    if (!connectivity.isKnown()) CHECK(connectivity.isOnline());  // no answer: the sync just tries
    if (connectivity.isKnown()) CHECK_FALSE(connectivity.backendName().isEmpty());
    // A second one shares the process's QNetworkInformation and says the same.
    platform::QtConnectivity second;
    CHECK(second.isKnown() == connectivity.isKnown());
    CHECK(second.isOnline() == connectivity.isOnline());
    CHECK(second.backendName() == connectivity.backendName());
}

TEST_CASE("a sync is wanted when the connection comes back, not when it says online again",
          "[platform][connectivity][auto-sync]") {
    FakeConnectivity connectivity(false);
    AutoSyncTrigger trigger(connectivity, kInterval);
    QSignalSpy wanted(&trigger, &AutoSyncTrigger::syncWanted);

    connectivity.setOnline(true);
    CHECK(wanted.count() == 1);
    // A backend that repeats "online" (the fake itself never does): no comeback, no sync.
    emit connectivity.onlineChanged(true);
    emit connectivity.onlineChanged(true);
    runEventLoopFor(kInterval + 100);
    CHECK(wanted.count() == 1);
    CHECK_FALSE(trigger.isDeferred());
}

TEST_CASE("starting online is no comeback", "[platform][connectivity][auto-sync]") {
    FakeConnectivity connectivity(true);
    AutoSyncTrigger trigger(connectivity, kInterval);
    QSignalSpy wanted(&trigger, &AutoSyncTrigger::syncWanted);
    runEventLoopFor(50);
    CHECK(wanted.count() == 0);
    CHECK(AutoSyncTrigger(connectivity).minIntervalMs() == AutoSyncTrigger::kDefaultMinIntervalMs);
    CHECK(AutoSyncTrigger::kDefaultMinIntervalMs == 30000);
}

TEST_CASE(
    "a second comeback within the interval waits for its end, and one after the interval syncs at "
    "once",
    "[platform][connectivity][auto-sync]") {
    FakeConnectivity connectivity(false);
    AutoSyncTrigger trigger(connectivity, kInterval);
    QSignalSpy wanted(&trigger, &AutoSyncTrigger::syncWanted);
    QElapsedTimer clock;
    clock.start();

    connectivity.setOnline(true);
    REQUIRE(wanted.count() == 1);
    connectivity.setOnline(false);
    connectivity.setOnline(true);  // within the interval
    CHECK(wanted.count() == 1);
    CHECK(trigger.isDeferred());
    REQUIRE(waitForSignals(wanted, 2, 5 * kInterval));
    CHECK(clock.elapsed() >= kInterval - 5);  // not twice within the interval
    CHECK_FALSE(trigger.isDeferred());

    // After the interval a comeback asks at once.
    connectivity.setOnline(false);
    runEventLoopFor(kInterval + 50);
    connectivity.setOnline(true);
    CHECK(wanted.count() == 3);
}

TEST_CASE("a comeback that is gone again before the interval ends asks for nothing",
          "[platform][connectivity][auto-sync]") {
    FakeConnectivity connectivity(false);
    AutoSyncTrigger trigger(connectivity, kInterval);
    QSignalSpy wanted(&trigger, &AutoSyncTrigger::syncWanted);

    connectivity.setOnline(true);
    connectivity.setOnline(false);
    connectivity.setOnline(true);
    REQUIRE(trigger.isDeferred());
    connectivity.setOnline(false);
    CHECK_FALSE(trigger.isDeferred());
    runEventLoopFor(kInterval + 200);
    CHECK(wanted.count() == 1);
}
