// `fieldcheck-app --db STORE --benchmark SCRIPT --passphrase-fd N`: the app's side of
// bench/bench_app.cpp (docs/benchmarks.md, "The field app"). Test tooling, hidden from --help.
//
// The app starts as it always does, on the unlock page, in a window of a phone's size (390×844,
// as the screenshots). Once that page's first frame is on the screen it unlocks the store through
// UnlockController's worker with the passphrase read from fd N into locked memory (it never
// becomes a QString): the user's path without the typing. It then waits for Today's first load and
// for the frame after it: the app is interactive. Then it runs SCRIPT, steps separated by commas:
//
//   idle:MS                  nothing for MS milliseconds, the stall meter's timer running (a
//                            baseline) and the frames the app renders by itself counted
//   scroll:PAGE:LIST:ROWS[:RATE]
//                            opens PAGE — a tab of the app shell (`units` taps the button
//                            `unitsTab`) or a page pushed on the main stack (`UnitsPage.qml`) —
//                            and scrolls the ListView whose objectName is LIST at a steady RATE
//                            rows per second (default kDefaultRowsPerSecond) by moving its
//                            contentY before every frame, until ROWS rows have come into view or
//                            the list ends; a list that loads pages as it scrolls is waited for at
//                            its loaded end, and that time is reported
//   open:TAB:MODEL           taps the shell's tab TAB (`dashboard` taps `dashboardTab`) and times
//                            it until the object named MODEL says `ready` and the frame after it
//                            is on the screen: the page open "to the first frame with figures"
//   sync                     opens the Sync tab and runs one sync (SyncController::syncNow, as the
//                            button does) on an enrolled store, then 1 s more for the pages to
//                            reload what it brought
//
// stdout gets one JSON object per line and nothing else, flushed at once (the harness times the
// lines): "environment", "first_frame", "unlocked", "interactive" (times since main() was entered),
// one line per step, then "done" — or "error" with what failed, and exit status 1. A step's line
// carries the StallMeter's figures; `longest_stall_at` says where the work was when the longest
// stall ended (scroll: the rows the list's model held; sync: the records received so far). After "done"
// the app waits for its standard input to close (the harness reads the process's memory first),
// then exits 0; run it by hand with </dev/null.
//
// Every step runs the StallMeter below. The meters wait in event loops that never sleep, so what
// they see is the GUI thread as the app runs it.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "fieldcheck/core/crypto.h"

class QQmlApplicationEngine;
class QQuickWindow;

namespace fieldcheck::ui {

class Session;
class UnlockController;

struct BenchmarkStep {
    enum class Kind { Idle, Scroll, Open, Sync };
    Kind kind = Kind::Idle;
    int milliseconds = 0;  // idle
    QString page;          // scroll: a tab ("units") or a page to push ("UnitsPage.qml")
    QString list;          // scroll: the ListView's objectName; open: the model's objectName
    qint64 rows = 0;       // scroll: rows to bring into view (fewer when the list ends first)
    double rowsPerSecond = 0;
};

inline constexpr double kDefaultRowsPerSecond = 250;

struct BenchmarkScript {
    std::vector<BenchmarkStep> steps;
    QString error;  // non-empty: what is wrong with the text, naming the step
};

BenchmarkScript parseBenchmarkScript(const QString& text);

// The longest time the GUI thread went without turning its event loop, seen two ways at once:
// a timer asking to run every 2 ms (the longest gap between two ticks) and, with a window, the
// interval between frames while a frame is asked for up to 60 times a second, as a running
// animation asks on a phone (the longest interval). Either is a stall a user sees: a frame late,
// a tap answered late. GUI thread only.
class StallMeter : public QObject {
    Q_OBJECT

public:
    struct Report {
        double durationMs = 0;
        double timerGapMaxMs = 0;
        qint64 timerTicks = 0;
        qint64 timerGapsOver50Ms = 0;
        qint64 frames = 0;
        double frameIntervalMaxMs = 0;
        double frameIntervalMedianMs = 0;
        double frameIntervalP99Ms = 0;
        qint64 frameIntervalsOver50Ms = 0;
        // What `where` (see start()) said when each maximum ended; -1 without it.
        qint64 timerGapMaxAt = -1, frameIntervalMaxAt = -1;
        // The larger of the two maxima: the figure the 50 ms target is about.
        double longestStallMs() const { return timerGapMaxMs > frameIntervalMaxMs ? timerGapMaxMs : frameIntervalMaxMs; }
        qint64 longestStallAt() const { return timerGapMaxMs > frameIntervalMaxMs ? timerGapMaxAt : frameIntervalMaxAt; }
    };

    // `window` may be null: the timer alone then.
    explicit StallMeter(QQuickWindow* window, QObject* parent = nullptr);
    ~StallMeter() override;

    enum class Frames {
        Drive,  // ask for a frame up to 60 times a second, as a running animation does
        Count   // only count the frames the app renders by itself (an idle app should render none)
    };
    // `beforeFrame` runs before each frame is asked for (the scroll moves the list there);
    // `where` tells where the work was when a longest gap ended (the rows a list holds, the
    // records a sync received).
    void start(Frames frames = Frames::Drive, std::function<void()> beforeFrame = {}, std::function<qint64()> where = {});
    Report stop();
    bool isRunning() const { return m_running; }

private:
    void onTick();
    void onFrameSwapped();
    void requestFrame();

    QPointer<QQuickWindow> m_window;
    QMetaObject::Connection m_frameConnection;
    std::function<void()> m_beforeFrame;
    std::function<qint64()> m_where;
    QTimer m_tick;
    QTimer m_pace;
    QElapsedTimer m_clock;
    bool m_running = false;
    bool m_drive = true;
    qint64 m_lastTickNs = 0;
    qint64 m_lastFrameNs = -1;
    qint64 m_lastRequestNs = 0;
    Report m_report;
    std::vector<double> m_frameIntervals;
};

// Runs the benchmark. Construct it before the engine loads Main.qml, so that it sees the window's
// first frame; then run() once the engine has loaded. Returns the process's exit status.
class BenchmarkMode : public QObject {
    Q_OBJECT

public:
    BenchmarkMode(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, BenchmarkScript script,
                  std::chrono::steady_clock::time_point mainEntered, QObject* parent = nullptr);
    ~BenchmarkMode() override;

    int run(fieldcheck::SecretBytes passphrase);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace fieldcheck::ui
