// The Devices service says whether the device is online and asks for a sync once when the
// connection returns (the app shell then syncs an enrolled device).
#include <catch2/catch.hpp>

#include <QSignalSpy>

#include "app_test_support.h"
#include "devices.h"
#include "fake_camera.h"
#include "fake_connectivity.h"
#include "fake_position_source.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("Devices follows the connection and asks for one sync when it returns", "[app][devices]") {
    auto* connectivity = new platform::FakeConnectivity;
    ui::Devices devices(new platform::FakeCamera, new platform::FakePositionSource, connectivity);
    QSignalSpy online(&devices, &ui::Devices::onlineChanged);
    QSignalSpy wanted(&devices, &ui::Devices::syncWanted);
    REQUIRE(devices.isOnline());

    connectivity->setOnline(false);
    CHECK_FALSE(devices.isOnline());
    CHECK(online.count() == 1);
    CHECK(wanted.count() == 0);

    connectivity->setOnline(true);
    CHECK(devices.isOnline());
    CHECK(online.count() == 2);
    REQUIRE(waitUntil([&] { return wanted.count() == 1; }, 5000));
    // Online again while online: nothing more to ask.
    connectivity->setOnline(true);
    QCoreApplication::processEvents();
    CHECK(wanted.count() == 1);
}
