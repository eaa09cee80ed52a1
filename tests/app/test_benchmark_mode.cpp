// The app's benchmark mode (qml/src/benchmark_mode.h, driven by bench/bench_app): its script, its
// command line, the unlock with a passphrase that never was a QString, and the stall meter.
#include <catch2/catch.hpp>

#include <QEventLoop>
#include <QTimer>
#include <chrono>
#include <thread>

#include "app_options.h"
#include "app_test_support.h"
#include "benchmark_mode.h"
#include "fieldcheck/core/store.h"
#include "session.h"
#include "unlock_controller.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

void runEventLoopFor(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

ui::ParsedOptions parseOptions(const QStringList& arguments) {
    return ui::parseAppOptions(QStringList{QStringLiteral("fieldcheck-app")} + arguments);
}

}  // namespace

TEST_CASE("a benchmark script lists its steps in order with their figures", "[app][benchmark]") {
    const ui::BenchmarkScript script =
        ui::parseBenchmarkScript(QStringLiteral("idle:1000, scroll:units:unitList:50000:400,scroll:FindingsPage.qml:findingList:20,sync,"
                                                "open:dashboard:dashboardModel"));
    REQUIRE(script.error.isEmpty());
    REQUIRE(script.steps.size() == 5);
    CHECK(script.steps[0].kind == ui::BenchmarkStep::Kind::Idle);
    CHECK(script.steps[0].milliseconds == 1000);
    CHECK(script.steps[1].kind == ui::BenchmarkStep::Kind::Scroll);
    CHECK(script.steps[1].page == QStringLiteral("units"));
    CHECK(script.steps[1].list == QStringLiteral("unitList"));
    CHECK(script.steps[1].rows == 50000);
    CHECK(script.steps[1].rowsPerSecond == 400);
    // Without a rate, the default one.
    CHECK(script.steps[2].page == QStringLiteral("FindingsPage.qml"));
    CHECK(script.steps[2].rows == 20);
    CHECK(script.steps[2].rowsPerSecond == ui::kDefaultRowsPerSecond);
    CHECK(script.steps[3].kind == ui::BenchmarkStep::Kind::Sync);
    CHECK(script.steps[4].kind == ui::BenchmarkStep::Kind::Open);
    CHECK(script.steps[4].page == QStringLiteral("dashboard"));
    CHECK(script.steps[4].list == QStringLiteral("dashboardModel"));
}

TEST_CASE("a benchmark script with a mistake is refused, naming the step and what to write", "[app][benchmark]") {
    const auto [text, step, says] = GENERATE(table<const char*, const char*, const char*>({
        {"", "", "empty"},
        {"sync,,idle:5", "step 2", "empty step"},
        {"idle", "step 1", "idle:MS"},
        {"idle:0", "step 1", "idle:MS"},
        {"idle:soon", "step 1", "idle:MS"},
        {"sync,scroll:units:unitList", "step 2", "scroll:PAGE:LIST:ROWS"},
        {"scroll:units:unitList:0", "step 1", "ROWS"},
        {"scroll:units:unitList:many", "step 1", "ROWS"},
        {"scroll:units:unitList:100:0", "step 1", "RATE"},
        {"scroll:units:unitList:100:fast", "step 1", "RATE"},
        {"scroll:\"units\":unitList:100", "step 1", "PAGE"},
        {"scroll:units:unit List:100", "step 1", "LIST"},
        {"sync:now", "step 1", "no arguments"},
        {"open:dashboard", "step 1", "open:TAB:MODEL"},
        {"open:dash board:dashboardModel", "step 1", "TAB"},
        {"fling:units", "step 1", "unknown step"},
    }));
    CAPTURE(text);
    const ui::BenchmarkScript script = ui::parseBenchmarkScript(QString::fromUtf8(text));
    CHECK(script.steps.empty());
    CHECK(script.error.contains(QString::fromUtf8(step)));
    CHECK(script.error.contains(QString::fromUtf8(says)));
}

TEST_CASE("the option --benchmark takes the passphrase from a descriptor and goes with no other mode", "[app][benchmark]") {
    const auto good = parseOptions({QStringLiteral("--db"), QStringLiteral("s.db"), QStringLiteral("--benchmark"), QStringLiteral("sync"),
                                    QStringLiteral("--passphrase-fd"), QStringLiteral("3")});
    CHECK(good.error.isEmpty());
    CHECK(good.options.benchmarkScript == QStringLiteral("sync"));
    CHECK(good.options.passphraseFd == 3);
    CHECK_FALSE(good.options.usesScratchStore());  // the store it is given, never a scratch one
    CHECK(good.options.storePath.endsWith(QStringLiteral("/s.db")));

    const auto [arguments, says] = GENERATE(table<QStringList, const char*>({
        {{QStringLiteral("--benchmark"), QStringLiteral("sync")}, "--benchmark needs --passphrase-fd"},
        {{QStringLiteral("--benchmark"), QStringLiteral("sync"), QStringLiteral("--passphrase-fd"), QStringLiteral("-1")},
         "--benchmark needs --passphrase-fd"},
        {{QStringLiteral("--benchmark"), QStringLiteral("sync"), QStringLiteral("--passphrase-fd"), QStringLiteral("3"), QStringLiteral("--self-test")},
         "cannot be combined"},
        {{QStringLiteral("--benchmark"), QStringLiteral("sync"), QStringLiteral("--passphrase-fd"), QStringLiteral("3"), QStringLiteral("--render"),
          QStringLiteral("out")},
         "cannot be combined"},
        {{QStringLiteral("--benchmark"), QStringLiteral("scroll:units"), QStringLiteral("--passphrase-fd"), QStringLiteral("3")},
         "--benchmark: step 1"},
        {{QStringLiteral("--passphrase-fd"), QStringLiteral("3")}, "only used with --render or --benchmark"},
    }));
    CAPTURE(arguments);
    const auto parsed = parseOptions(arguments);
    CHECK(parsed.error.contains(QString::fromUtf8(says)));
}

TEST_CASE("a passphrase in locked memory opens the store on the unlock controller's worker, and a wrong one does not",
          "[app][benchmark][unlock]") {
    TempDir dir;
    const std::string path = dir.file("bench.db");
    createTestStore(path).reset();
    ui::Session session(QString::fromStdString(path));
    ui::UnlockController controller(session, nullptr, KdfParams::minimumForTests());
    int attempts = 0;
    bool lastSucceeded = false;
    QObject::connect(&controller, &ui::UnlockController::attemptFinished, [&](bool success) {
        ++attempts;
        lastSucceeded = success;
    });

    controller.unlockWithPassphrase(passphrase("not the passphrase"));
    REQUIRE(waitUntil([&] { return attempts == 1; }));
    CHECK_FALSE(lastSucceeded);
    CHECK_FALSE(session.isUnlocked());
    CHECK_FALSE(controller.errorMessage().isEmpty());

    // The core makes the next attempt wait a moment after a wrong passphrase.
    REQUIRE(waitUntil([&] { return controller.retryAfterSeconds() == 0; }, 60000));
    controller.unlockWithPassphrase(testPassphrase());
    REQUIRE(waitUntil([&] { return attempts == 2; }));
    CHECK(lastSucceeded);
    CHECK(session.isUnlocked());
    CHECK(controller.errorMessage().isEmpty());

    // Nothing happens while the store is open (as with unlock()).
    controller.unlockWithPassphrase(testPassphrase());
    CHECK_FALSE(controller.isBusy());
    session.lock();
}

TEST_CASE("the stall meter reports the time the GUI thread was kept from its events", "[app][benchmark]") {
    ui::StallMeter meter(nullptr);
    meter.start();
    runEventLoopFor(40);
    // The GUI thread does something long without returning to its event loop.
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    runEventLoopFor(40);
    const ui::StallMeter::Report report = meter.stop();
    CHECK_FALSE(meter.isRunning());
    CHECK(report.timerGapMaxMs >= 150);
    CHECK(report.timerGapsOver50Ms >= 1);
    CHECK(report.longestStallMs() >= 150);
    CHECK(report.timerTicks >= 3);
    CHECK(report.frames == 0);  // no window: the timer alone
    CHECK(report.durationMs >= 230);
}
