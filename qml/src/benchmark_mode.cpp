#include "benchmark_mode.h"

#include <QAbstractItemModel>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQmlExpression>
#include <QtQml/qqml.h>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QSize>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <thread>

#include "session.h"
#include "sync_controller.h"
#include "today_model.h"
#include "ui_driver.h"
#include "unlock_controller.h"

namespace fieldcheck::ui {

namespace {

constexpr int kTickMs = 2;
constexpr qint64 kFrameNs = 16'666'667;  // one refresh of a 60 Hz display
constexpr qint64 kStallNs = 50'000'000;  // the target for a stall
constexpr qint64 kStuckNs = 60'000'000'000;  // a scroll that moved nothing for a minute has failed
constexpr QSize kPhoneSize(390, 844);

double toMs(qint64 ns) { return static_cast<double>(ns) / 1e6; }

// A name of the app's own (a tab, an objectName, a QML file): letters, digits, '_' and '.'.
bool plainName(const QString& s) {
    if (s.isEmpty()) return false;
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.'); });
}

// Parses one step into `step`; returns what is wrong, or an empty string.
QString parseStep(const QString& text, BenchmarkStep& step) {
    const QStringList parts = text.split(QLatin1Char(':'));
    const QString& name = parts.front();
    if (name == QLatin1String("idle")) {
        bool ok = false;
        const int ms = parts.size() == 2 ? parts[1].toInt(&ok) : 0;
        if (!ok || ms < 1 || ms > 3'600'000) return QStringLiteral("write idle:MS, MS a whole number of milliseconds from 1 to 3600000");
        step.kind = BenchmarkStep::Kind::Idle;
        step.milliseconds = ms;
        return {};
    }
    if (name == QLatin1String("scroll")) {
        if (parts.size() != 4 && parts.size() != 5) return QStringLiteral("write scroll:PAGE:LIST:ROWS or scroll:PAGE:LIST:ROWS:RATE");
        step.kind = BenchmarkStep::Kind::Scroll;
        step.page = parts[1];
        step.list = parts[2];
        if (!plainName(step.page)) return QStringLiteral("PAGE is a tab (units) or a QML file (UnitsPage.qml)");
        if (!plainName(step.list)) return QStringLiteral("LIST is the ListView's objectName");
        bool ok = false;
        step.rows = parts[3].toLongLong(&ok);
        if (!ok || step.rows < 1) return QStringLiteral("ROWS is a whole number of rows, at least 1");
        step.rowsPerSecond = kDefaultRowsPerSecond;
        if (parts.size() == 5) {
            step.rowsPerSecond = parts[4].toDouble(&ok);
            if (!ok || !std::isfinite(step.rowsPerSecond) || step.rowsPerSecond <= 0 || step.rowsPerSecond > 100'000)
                return QStringLiteral("RATE is rows per second, more than 0 and at most 100000");
        }
        return {};
    }
    if (name == QLatin1String("open")) {
        if (parts.size() != 3) return QStringLiteral("write open:TAB:MODEL");
        step.kind = BenchmarkStep::Kind::Open;
        step.page = parts[1];
        step.list = parts[2];
        if (!plainName(step.page)) return QStringLiteral("TAB is a tab of the app shell (dashboard)");
        if (!plainName(step.list)) return QStringLiteral("MODEL is the objectName of the page's model, which has `ready`");
        return {};
    }
    if (name == QLatin1String("sync")) {
        if (parts.size() != 1) return QStringLiteral("sync takes no arguments");
        step.kind = BenchmarkStep::Kind::Sync;
        return {};
    }
    return QStringLiteral("unknown step (idle, scroll, open or sync)");
}

// Runs the event loop until `condition` holds (checked every 2 ms) or `timeoutMs` passes (-1:
// never). It never sleeps outside the event loop, unlike UiDriver::waitFor(): the meters must see
// the GUI thread as the app runs it.
bool waitUntil(const std::function<bool()>& condition, qint64 timeoutMs) {
    if (condition()) return true;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(kTickMs);
    const QDeadlineTimer deadline(timeoutMs);
    bool met = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (condition()) {
            met = true;
            loop.quit();
        } else if (deadline.hasExpired()) {
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    return met;
}

void runEventLoopFor(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

// The nearest-rank percentile (as bench_support's): a value that was actually observed.
double percentile(std::vector<double> sorted, double p) {
    if (sorted.empty()) return 0;
    std::sort(sorted.begin(), sorted.end());
    const double rank = std::ceil(p * static_cast<double>(sorted.size()));
    const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
}

QString graphicsApiName(QSGRendererInterface::GraphicsApi api) {
    switch (api) {
        case QSGRendererInterface::Software: return QStringLiteral("software");
        case QSGRendererInterface::OpenVG: return QStringLiteral("openvg");
        case QSGRendererInterface::OpenGL: return QStringLiteral("opengl");
        case QSGRendererInterface::Direct3D11: return QStringLiteral("d3d11");
        case QSGRendererInterface::Vulkan: return QStringLiteral("vulkan");
        case QSGRendererInterface::Metal: return QStringLiteral("metal");
        case QSGRendererInterface::Null: return QStringLiteral("null");
        default: return QStringLiteral("unknown");
    }
}

void addStalls(QJsonObject& line, const StallMeter::Report& r) {
    line[QStringLiteral("duration_ms")] = r.durationMs;
    line[QStringLiteral("longest_stall_ms")] = r.longestStallMs();
    line[QStringLiteral("longest_stall_at")] = r.longestStallAt();
    line[QStringLiteral("timer_gap_max_ms")] = r.timerGapMaxMs;
    line[QStringLiteral("timer_ticks")] = r.timerTicks;
    line[QStringLiteral("timer_gaps_over_50ms")] = r.timerGapsOver50Ms;
    line[QStringLiteral("frames")] = r.frames;
    line[QStringLiteral("frame_interval_median_ms")] = r.frameIntervalMedianMs;
    line[QStringLiteral("frame_interval_p99_ms")] = r.frameIntervalP99Ms;
    line[QStringLiteral("frame_interval_max_ms")] = r.frameIntervalMaxMs;
    line[QStringLiteral("frame_intervals_over_50ms")] = r.frameIntervalsOver50Ms;
}

}  // namespace

BenchmarkScript parseBenchmarkScript(const QString& text) {
    BenchmarkScript script;
    if (text.trimmed().isEmpty()) {
        script.error = QStringLiteral("the script is empty (steps: idle:MS, scroll:PAGE:LIST:ROWS[:RATE], open:TAB:MODEL, sync)");
        return script;
    }
    const QStringList steps = text.split(QLatin1Char(','));
    for (int i = 0; i < steps.size(); ++i) {
        const QString stepText = steps[i].trimmed();
        BenchmarkStep step;
        const QString mistake = stepText.isEmpty() ? QStringLiteral("an empty step") : parseStep(stepText, step);
        if (!mistake.isEmpty()) {
            script.steps.clear();
            script.error = QStringLiteral("step %1 (\"%2\"): %3").arg(i + 1).arg(stepText, mistake);
            return script;
        }
        script.steps.push_back(step);
    }
    return script;
}

// ---------------------------------------------------------------------------------------------
// StallMeter

StallMeter::StallMeter(QQuickWindow* window, QObject* parent) : QObject(parent), m_window(window) {
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &StallMeter::onTick);
    m_pace.setTimerType(Qt::PreciseTimer);
    m_pace.setSingleShot(true);
    connect(&m_pace, &QTimer::timeout, this, &StallMeter::requestFrame);
}

StallMeter::~StallMeter() {
    if (m_running) stop();
}

void StallMeter::start(Frames frames, std::function<void()> beforeFrame, std::function<qint64()> where) {
    if (m_running) stop();
    m_drive = frames == Frames::Drive;
    m_where = std::move(where);
    m_report = {};
    m_frameIntervals.clear();
    m_beforeFrame = std::move(beforeFrame);
    m_clock.start();
    m_lastTickNs = 0;
    m_lastFrameNs = -1;
    m_running = true;
    m_tick.start();
    if (m_window) {
        // The software and basic render loops swap on the GUI thread (a direct call); the threaded
        // one on its render thread, and then the slot is queued to this thread.
        m_frameConnection = connect(m_window, &QQuickWindow::frameSwapped, this, &StallMeter::onFrameSwapped);
        if (m_drive) requestFrame();
    }
}

StallMeter::Report StallMeter::stop() {
    if (!m_running) return m_report;
    onTick();  // a stall still under way when the meter stops counts too
    m_tick.stop();
    m_pace.stop();
    disconnect(m_frameConnection);
    m_running = false;
    m_beforeFrame = nullptr;
    m_where = nullptr;
    m_report.durationMs = toMs(m_clock.nsecsElapsed());
    m_report.frameIntervalMedianMs = percentile(m_frameIntervals, 0.5);
    m_report.frameIntervalP99Ms = percentile(m_frameIntervals, 0.99);
    return m_report;
}

void StallMeter::onTick() {
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 gap = now - m_lastTickNs;
    m_lastTickNs = now;
    ++m_report.timerTicks;
    if (toMs(gap) > m_report.timerGapMaxMs) {
        m_report.timerGapMaxMs = toMs(gap);
        m_report.timerGapMaxAt = m_where ? m_where() : -1;
    }
    if (gap > kStallNs) ++m_report.timerGapsOver50Ms;
}

void StallMeter::onFrameSwapped() {
    if (!m_running) return;
    const qint64 now = m_clock.nsecsElapsed();
    if (m_lastFrameNs >= 0) {
        const qint64 interval = now - m_lastFrameNs;
        m_frameIntervals.push_back(toMs(interval));
        if (toMs(interval) > m_report.frameIntervalMaxMs) {
            m_report.frameIntervalMaxMs = toMs(interval);
            m_report.frameIntervalMaxAt = m_where ? m_where() : -1;
        }
        if (interval > kStallNs) ++m_report.frameIntervalsOver50Ms;
    }
    m_lastFrameNs = now;
    ++m_report.frames;
    if (!m_drive) return;
    // The next frame one display refresh after the last was asked for, as vsync paces a phone.
    const qint64 wait = m_lastRequestNs + kFrameNs - now;
    m_pace.start(wait > 0 ? static_cast<int>(wait / 1'000'000) : 0);
}

void StallMeter::requestFrame() {
    if (!m_running || !m_window) return;
    m_lastRequestNs = m_clock.nsecsElapsed();
    if (m_beforeFrame) m_beforeFrame();
    m_window->update();
}

// ---------------------------------------------------------------------------------------------
// BenchmarkMode

struct BenchmarkMode::Impl {
    using Clock = std::chrono::steady_clock;

    QQmlApplicationEngine& engine;
    Session& session;
    UnlockController& controller;
    BenchmarkScript script;
    Clock::time_point mainEntered;
    UiDriver ui;
    QPointer<QQuickWindow> window;
    qint64 frames = 0;  // swapped since the window appeared
    Clock::time_point firstFrameAt;
    // The first frame after Today's load: asked for (wantFrame), then timed by the frame handler.
    bool wantFrame = false;
    bool gotFrame = false;
    Clock::time_point gotFrameAt;

    Impl(QQmlApplicationEngine& e, Session& s, UnlockController& c, BenchmarkScript sc, Clock::time_point entered)
        : engine(e), session(s), controller(c), script(std::move(sc)), mainEntered(entered), ui(e) {}

    double sinceMain(Clock::time_point t) const { return std::chrono::duration<double, std::milli>(t - mainEntered).count(); }
    static double between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

    static void emitLine(const QJsonObject& line) {
        const QByteArray text = QJsonDocument(line).toJson(QJsonDocument::Compact);
        std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }

    int fail(const QString& step, const QString& message) {
        emitLine({{QStringLiteral("event"), QStringLiteral("error")}, {QStringLiteral("step"), step}, {QStringLiteral("message"), message}});
        return 1;
    }

    int start(fieldcheck::SecretBytes passphrase);
    QString idle(const BenchmarkStep& step);
    QString scroll(const BenchmarkStep& step);
    QString open(const BenchmarkStep& step);
    QString sync();
};

BenchmarkMode::BenchmarkMode(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, BenchmarkScript script,
                             std::chrono::steady_clock::time_point mainEntered, QObject* parent)
    : QObject(parent), m_impl(std::make_unique<Impl>(engine, session, controller, std::move(script), mainEntered)) {
    // The window appears while the engine loads Main.qml; its first frame may come soon after.
    connect(&engine, &QQmlApplicationEngine::objectCreated, this, [this](QObject* object) {
        auto* window = qobject_cast<QQuickWindow*>(object);
        if (window == nullptr || m_impl->window) return;
        m_impl->window = window;
        // A phone's size, as the screenshots use, before the first frame.
        window->resize(kPhoneSize);
        connect(window, &QQuickWindow::frameSwapped, this, [this] {
            Impl& d = *m_impl;
            const Impl::Clock::time_point now = Impl::Clock::now();
            if (++d.frames == 1) d.firstFrameAt = now;
            if (d.wantFrame && !d.gotFrame) {
                d.gotFrame = true;
                d.gotFrameAt = now;
            }
        });
    });
}

BenchmarkMode::~BenchmarkMode() = default;

int BenchmarkMode::run(fieldcheck::SecretBytes passphrase) {
    Impl& d = *m_impl;
    if (const int failed = d.start(std::move(passphrase)); failed != 0) return failed;
    for (size_t i = 0; i < d.script.steps.size(); ++i) {
        const BenchmarkStep& step = d.script.steps[i];
        QString error;
        QString name;
        switch (step.kind) {
            case BenchmarkStep::Kind::Idle:
                name = QStringLiteral("idle");
                error = d.idle(step);
                break;
            case BenchmarkStep::Kind::Scroll:
                name = QStringLiteral("scroll");
                error = d.scroll(step);
                break;
            case BenchmarkStep::Kind::Open:
                name = QStringLiteral("open");
                error = d.open(step);
                break;
            case BenchmarkStep::Kind::Sync:
                name = QStringLiteral("sync");
                error = d.sync();
                break;
        }
        if (!error.isEmpty()) return d.fail(name, error);
    }
    Impl::emitLine({{QStringLiteral("event"), QStringLiteral("done")}});

    // The harness reads the process's memory now, then closes our standard input.
    std::atomic<bool> closed{false};
    std::thread reader([&closed] {
        while (std::fgetc(stdin) != EOF) {
        }
        closed = true;
    });
    waitUntil([&closed] { return closed.load(); }, -1);
    reader.join();
    d.session.lock();
    return 0;
}

int BenchmarkMode::Impl::start(fieldcheck::SecretBytes passphrase) {
    if (!window) return fail(QStringLiteral("start"), QStringLiteral("the engine made no window"));
    emitLine({{QStringLiteral("event"), QStringLiteral("environment")},
              {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
              {QStringLiteral("platform"), QGuiApplication::platformName()},
              {QStringLiteral("graphics_api"), graphicsApiName(window->rendererInterface()->graphicsApi())},
              {QStringLiteral("frame_signal"), QStringLiteral("frameSwapped")},
              {QStringLiteral("store"), session.storePath()}});

    // 1. The unlock page's first frame: from here a user could type.
    if (!waitUntil([this] { return frames > 0; }, 60'000))
        return fail(QStringLiteral("start"), QStringLiteral("the window swapped no frame within 60 s"));
    if (!ui.isShown(QStringLiteral("unlockPage")))
        return fail(QStringLiteral("start"), QStringLiteral("the first page is not the unlock page"));
    emitLine({{QStringLiteral("event"), QStringLiteral("first_frame")},
              {QStringLiteral("page"), QStringLiteral("unlock")},
              {QStringLiteral("since_main_ms"), sinceMain(firstFrameAt)}});

    // 2. Unlock on UnlockController's worker, as the unlock button does. The app shell and its
    // pages are made inside the controller's answer, before attemptFinished(): Today's model is
    // there to watch from the start of its first load. Times are taken where things happen, not
    // when the waiting loop looks.
    bool finished = false;
    bool unlocked = false;
    Clock::time_point unlockedAt;
    TodayModel* today = nullptr;
    bool loaded = false;
    Clock::time_point loadedAt;
    QObject context;
    auto checkToday = [&] {
        if (loaded || today == nullptr || today->isLoading() || today->today().isEmpty()) return;
        loaded = true;
        loadedAt = Clock::now();
        wantFrame = true;
        window->update();  // there is something new to show; make sure a frame is asked for
    };
    auto watchToday = [&] {
        if (today != nullptr) return;
        today = qobject_cast<TodayModel*>(ui.object(QStringLiteral("todayModel")));
        if (today == nullptr) return;
        QObject::connect(today, &TodayModel::loadingChanged, &context, checkToday);
        checkToday();
    };
    QObject::connect(&controller, &UnlockController::attemptFinished, &context, [&](bool success) {
        unlockedAt = Clock::now();
        finished = true;
        unlocked = success;
        if (success) watchToday();
    });
    const Clock::time_point unlockStartedAt = Clock::now();
    controller.unlockWithPassphrase(std::move(passphrase));
    if (!waitUntil([&finished] { return finished; }, 300'000))
        return fail(QStringLiteral("unlock"), QStringLiteral("no answer within 300 s"));
    if (!unlocked) return fail(QStringLiteral("unlock"), controller.errorMessage());
    emitLine({{QStringLiteral("event"), QStringLiteral("unlocked")},
              {QStringLiteral("since_main_ms"), sinceMain(unlockedAt)},
              {QStringLiteral("unlock_ms"), between(unlockStartedAt, unlockedAt)}});

    // 3. Today's first load, then the frame that shows it.
    if (!waitUntil([&] {
            watchToday();
            return today != nullptr;
        }, 60'000))
        return fail(QStringLiteral("today"), QStringLiteral("no Today page after the unlock"));
    if (!waitUntil([this, &loaded] { return loaded && gotFrame; }, 300'000))
        return fail(QStringLiteral("today"), QStringLiteral("Today did not load, or no frame followed, within 300 s"));
    if (!today->errorMessage().isEmpty()) return fail(QStringLiteral("today"), today->errorMessage());
    const Clock::time_point interactiveAt = gotFrameAt;
    emitLine({{QStringLiteral("event"), QStringLiteral("interactive")},
              {QStringLiteral("since_main_ms"), sinceMain(interactiveAt)},
              {QStringLiteral("first_frame_since_main_ms"), sinceMain(firstFrameAt)},
              {QStringLiteral("unlock_ms"), between(unlockStartedAt, unlockedAt)},
              {QStringLiteral("today_loaded_since_main_ms"), sinceMain(loadedAt)},
              {QStringLiteral("today_rows"), today->rowCount()}});
    return 0;
}

QString BenchmarkMode::Impl::idle(const BenchmarkStep& step) {
    StallMeter meter(window);
    meter.start(StallMeter::Frames::Count);
    runEventLoopFor(step.milliseconds);
    QJsonObject line{{QStringLiteral("event"), QStringLiteral("idle")}};
    addStalls(line, meter.stop());
    emitLine(line);
    return {};
}

QString BenchmarkMode::Impl::scroll(const BenchmarkStep& step) {
    // Open the page: a tab of the shell, or a page pushed on the main stack.
    if (step.page.endsWith(QLatin1String(".qml"))) {
        QQuickItem* stack = ui.item(QStringLiteral("mainStack"));
        if (stack == nullptr) return QStringLiteral("no main stack to push %1 on").arg(step.page);
        QQmlExpression push(qmlContext(stack), stack, QStringLiteral("push(Qt.resolvedUrl(\"%1\"))").arg(step.page));
        push.evaluate();
        if (push.hasError()) return QStringLiteral("cannot open %1: %2").arg(step.page, push.error().toString());
        if (!waitUntil([stack] { return !stack->property("busy").toBool(); }, 30'000))
            return QStringLiteral("the page transition to %1 did not end").arg(step.page);
    } else if (!ui.click(step.page + QStringLiteral("Tab"))) {
        return ui.lastError();
    }
    QQuickItem* list = nullptr;
    if (!waitUntil([&] {
            list = ui.item(step.list);
            // Laid out too: the speed comes from the rows' height.
            return list != nullptr && list->isVisible() && list->property("count").toInt() > 0 && list->height() > 0 &&
                   list->property("contentHeight").toDouble() > 0;
        }, 120'000))
        return QStringLiteral("no visible list '%1' with rows within 120 s").arg(step.list);
    auto* model = qobject_cast<QAbstractItemModel*>(list->property("model").value<QObject*>());

    // A steady speed in pixels, from the rows' height as the list estimates it now.
    const double rowHeight = list->property("contentHeight").toDouble() / std::max(1, list->property("count").toInt());
    const double pixelsPerSecond = step.rowsPerSecond * rowHeight;
    double y = list->property("contentY").toDouble();
    qint64 rowsInView = 0;
    qint64 waitingNs = 0;
    qint64 lastFrameNs = -1;
    qint64 lastProgressNs = 0;
    int lastCount = 0;
    bool finished = false;
    QString trouble;
    QElapsedTimer clock;
    clock.start();

    auto bottomRow = [&]() -> qint64 {
        int index = -1;
        QMetaObject::invokeMethod(list, "indexAt", Q_RETURN_ARG(int, index), Q_ARG(qreal, list->width() / 2),
                                  Q_ARG(qreal, list->property("contentY").toDouble() + list->height() - 1));
        return index;  // -1 on a gap between rows: keep the last figure then
    };
    // Before every frame: count the rows the frame just shown brought into view (it is laid out
    // now), stop once it showed the rows asked for or the list's end, else move on by the time
    // since the last frame, never past what is loaded.
    auto advance = [&] {
        if (finished) return;
        const qint64 now = clock.nsecsElapsed();
        const double end = list->property("originY").toDouble() + list->property("contentHeight").toDouble() - list->height();
        if (lastFrameNs >= 0) {
            rowsInView = std::max(rowsInView, bottomRow() + 1);
            const bool shownEnd = y >= end - 0.5 && (model == nullptr || !model->canFetchMore({}));
            if (rowsInView >= step.rows || shownEnd) {
                finished = true;
                return;
            }
        }
        const double seconds = lastFrameNs < 0 ? 0 : static_cast<double>(now - lastFrameNs) / 1e9;
        const qint64 sinceLast = lastFrameNs < 0 ? 0 : now - lastFrameNs;
        lastFrameNs = now;
        const double wanted = y + seconds * pixelsPerSecond;
        if (wanted > end) waitingNs += sinceLast;  // at the loaded end: the rows are not there yet
        const double next = std::min(wanted, std::max(end, y));
        const int count = list->property("count").toInt();
        if (next > y + 0.5 || count != lastCount) lastProgressNs = now;
        y = next;
        lastCount = count;
        list->setProperty("contentY", y);
        if (now - lastProgressNs > kStuckNs) {
            trouble = QStringLiteral("the list stopped at row %1 of %2 for a minute").arg(rowsInView).arg(count);
            finished = true;
        }
    };

    StallMeter meter(window);
    meter.start(StallMeter::Frames::Drive, advance, [&] { return static_cast<qint64>(model != nullptr ? model->rowCount() : list->property("count").toInt()); });
    const double expectedSeconds = static_cast<double>(step.rows) / step.rowsPerSecond;
    const bool done = waitUntil([&finished] { return finished; }, static_cast<qint64>(expectedSeconds * 3000) + 300'000);
    const StallMeter::Report stalls = meter.stop();
    if (!done) return QStringLiteral("the scroll did not end in time (at row %1)").arg(rowsInView);
    if (!trouble.isEmpty()) return trouble;

    QQuickItem* content = list->property("contentItem").value<QQuickItem*>();
    QJsonObject line{{QStringLiteral("event"), QStringLiteral("scroll")},
                     {QStringLiteral("page"), step.page},
                     {QStringLiteral("list"), step.list},
                     {QStringLiteral("rows_asked"), step.rows},
                     {QStringLiteral("rows_scrolled"), rowsInView},
                     // What the list holds once scrolled: the model's rows, and the items the view keeps.
                     {QStringLiteral("model_rows"), model != nullptr ? model->rowCount() : list->property("count").toInt()},
                     {QStringLiteral("delegate_items"), content != nullptr ? static_cast<int>(content->childItems().size()) : -1},
                     {QStringLiteral("row_height_px"), rowHeight},
                     {QStringLiteral("rows_per_second_asked"), step.rowsPerSecond},
                     {QStringLiteral("rows_per_second"), static_cast<double>(rowsInView) / (stalls.durationMs / 1000.0)},
                     {QStringLiteral("waiting_for_rows_ms"), toMs(waitingNs)}};
    addStalls(line, stalls);
    emitLine(line);
    return {};
}

QString BenchmarkMode::Impl::open(const BenchmarkStep& step) {
    StallMeter meter(window);
    meter.start(StallMeter::Frames::Count);
    gotFrame = false;
    wantFrame = false;
    const Clock::time_point tappedAt = Clock::now();
    if (!ui.click(step.page + QStringLiteral("Tab"))) return ui.lastError();
    QObject* model = nullptr;
    Clock::time_point readyAt;
    if (!waitUntil([&] {
            if (model == nullptr) model = ui.object(step.list);
            if (model == nullptr || !model->property("ready").toBool() || model->property("loading").toBool()) return false;
            readyAt = Clock::now();
            return true;
        }, 300'000))
        return QStringLiteral("%1 was not ready within 5 minutes").arg(step.list);
    wantFrame = true;
    window->update();  // the figures are new: a frame is due
    if (!waitUntil([this] { return gotFrame; }, 30'000)) return QStringLiteral("no frame after %1 was ready").arg(step.list);
    const Clock::time_point frameAt = gotFrameAt;
    wantFrame = false;
    QJsonObject line{{QStringLiteral("event"), QStringLiteral("open")},
                     {QStringLiteral("tab"), step.page},
                     {QStringLiteral("model"), step.list},
                     {QStringLiteral("ready_ms"), between(tappedAt, readyAt)},
                     {QStringLiteral("first_frame_ms"), between(tappedAt, frameAt)}};
    addStalls(line, meter.stop());
    emitLine(line);
    return {};
}

QString BenchmarkMode::Impl::sync() {
    if (!ui.click(QStringLiteral("syncTab"))) return ui.lastError();
    if (!waitUntil([this] { return ui.isShown(QStringLiteral("syncPage")); }, 30'000)) return QStringLiteral("no Sync page");
    auto* syncer = qobject_cast<SyncController*>(ui.object(QStringLiteral("syncController")));
    if (syncer == nullptr) return QStringLiteral("no sync controller");
    if (!waitUntil([syncer] { return syncer->isEnrolled(); }, 30'000))
        return QStringLiteral("the store is not enrolled with a server: a sync needs one");

    bool finished = false;
    bool succeeded = false;
    QObject context;
    QObject::connect(syncer, &SyncController::finished, &context, [&](bool success) {
        finished = true;
        succeeded = success;
    });
    StallMeter meter(window);
    meter.start(StallMeter::Frames::Drive, {}, [syncer] { return syncer->itemsDone(); });
    const Clock::time_point startedAt = Clock::now();
    // The button, as the user taps it.
    if (!ui.click(QStringLiteral("syncButton"))) return ui.lastError();
    if (!waitUntil([&finished] { return finished; }, 3'600'000)) return QStringLiteral("the sync did not end within an hour");
    const Clock::time_point endedAt = Clock::now();
    const StallMeter::Report during = meter.stop();
    // What the sync brought is reloaded by the pages now (Session::manyRecordsChanged).
    meter.start();
    runEventLoopFor(1000);
    const StallMeter::Report after = meter.stop();
    if (!succeeded) return syncer->errorMessage();

    QJsonObject line{{QStringLiteral("event"), QStringLiteral("sync")},
                     {QStringLiteral("sync_ms"), between(startedAt, endedAt)},
                     {QStringLiteral("status"), syncer->statusText()}};
    addStalls(line, during);
    QJsonObject afterLine;
    addStalls(afterLine, after);
    line[QStringLiteral("after")] = afterLine;
    emitLine(line);
    return {};
}

}  // namespace fieldcheck::ui
