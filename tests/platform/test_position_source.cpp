// The position: the fake and its fault switches; the Qt Positioning source over Qt's NMEA source
// (a recorded log replayed, a live receiver fed line by line, a receiver that stays silent), over
// a scripted source for each error, without any source, and over this machine's default source.
#include <catch2/catch.hpp>

#include <QBuffer>
#include <QDateTime>
#include <QElapsedTimer>
#include <QGeoPositionInfoSource>
#include <QNmeaPositionInfoSource>

#include <cmath>

#include "fake_position_source.h"
#include "qt_position_source.h"
#include "signal_wait.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using platform::FakePositionSource;
using platform::PositionFix;
using platform::PositionSource;
using platform::QtPositionSource;

namespace {

// One NMEA 0183 sentence with its checksum (XOR of the bytes between '$' and '*') and CR LF.
QByteArray nmea(const QByteArray& body) {
    unsigned char sum = 0;
    for (char c : body) sum ^= static_cast<unsigned char>(c);
    return "$" + body + "*" + QByteArray::number(sum, 16).toUpper().rightJustified(2, '0') + "\r\n";
}

// One fix at 39°54.4200' N, 116°23.4600' E (the bureau's car park), on 7 December 2026 at
// 08:30:00 UTC, HDOP 0.9: the recommended minimum sentence (date, time, position) first, then the
// fix data with the dilution of precision, as receivers send them.
QByteArray recordedFix() {
    return nmea("GPRMC,083000.00,A,3954.4200,N,11623.4600,E,0.0,0.0,071226,,,A") +
           nmea("GPGGA,083000.00,3954.4200,N,11623.4600,E,1,08,0.9,50.0,M,-8.0,M,,");
}
constexpr double kLatitude = 39.0 + 54.42 / 60.0;
constexpr double kLongitude = 116.0 + 23.46 / 60.0;
qint64 fixTimeMs() {
    return QDateTime(QDate(2026, 12, 7), QTime(8, 30, 0), Qt::UTC).toMSecsSinceEpoch();
}

// A live NMEA receiver (a serial port): sequential, data arrives when fed, with readyRead().
class NmeaFeed : public QIODevice {
public:
    NmeaFeed() { open(QIODevice::ReadOnly); }
    void feed(const QByteArray& bytes) {
        m_pending += bytes;
        emit readyRead();
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override {
        return m_pending.size() + QIODevice::bytesAvailable();
    }
    bool canReadLine() const override {
        return m_pending.contains('\n') || QIODevice::canReadLine();
    }

protected:
    qint64 readData(char* data, qint64 maxSize) override {
        const qint64 n = std::min<qint64>(maxSize, m_pending.size());
        std::copy_n(m_pending.constData(), n, data);
        m_pending.remove(0, n);
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_pending;
};

// A position source that answers each request with the error it was given, or not at all.
class ScriptedSource : public QGeoPositionInfoSource {
public:
    explicit ScriptedSource(std::optional<Error> answer)
        : QGeoPositionInfoSource(nullptr), m_answer(answer) {}
    void requestUpdate(int) override {
        ++requests;
        if (m_answer) {
            m_error = *m_answer;
            emit errorOccurred(*m_answer);  // from inside the call, as some backends do
        }
    }
    QGeoPositionInfo lastKnownPosition(bool) const override { return {}; }
    PositioningMethods supportedPositioningMethods() const override {
        return AllPositioningMethods;
    }
    int minimumUpdateInterval() const override { return 0; }
    Error error() const override { return m_error; }
    void startUpdates() override {}
    void stopUpdates() override {}
    int requests = 0;

private:
    std::optional<Error> m_answer;
    Error m_error = NoError;
};

PositionFix fixAt(const QSignalSpy& spy, int index) {
    return spy.at(index).at(0).value<PositionFix>();
}

}  // namespace

TEST_CASE("the position fake answers with its fix from the event loop and counts the requests",
          "[platform][position]") {
    FakePositionSource source;
    source.setFix(kLatitude, kLongitude, 12.5);
    QSignalSpy fixed(&source, &PositionSource::fixed);
    QSignalSpy failed(&source, &PositionSource::failed);

    source.requestFix(1000);
    CHECK(fixed.count() == 0);
    REQUIRE(waitForSignals(fixed, 1));
    const PositionFix fix = fixAt(fixed, 0);
    CHECK(fix.latitude == kLatitude);
    CHECK(fix.longitude == kLongitude);
    CHECK(fix.accuracyM == 12.5);
    CHECK(fix.hasAccuracy());
    CHECK_FALSE(fix.simulated);
    CHECK(std::abs(fix.timeMs - QDateTime::currentMSecsSinceEpoch()) < 60000);
    CHECK(fix.sourceName == "test fake");

    source.setFix(1.0, 2.0, PositionFix::kUnknownAccuracy, true);
    source.requestFix(1000);
    REQUIRE(waitForSignals(fixed, 2));
    CHECK(fixAt(fixed, 1).simulated);
    CHECK_FALSE(fixAt(fixed, 1).hasAccuracy());
    CHECK(failed.count() == 0);
    CHECK(source.calls() == 2);
}

TEST_CASE("the position fake fails in each of the ways a real source does",
          "[platform][position]") {
    FakePositionSource source;
    QSignalSpy fixed(&source, &PositionSource::fixed);
    QSignalSpy failed(&source, &PositionSource::failed);

    SECTION("no location service") {
        source.setFaults({.unavailable = true});
        source.requestFix(1000);
        REQUIRE(waitForSignals(failed, 1));
        CHECK(failed.at(0).at(0).toString() == PositionSource::noSourceMessage());
    }
    SECTION("the user refused location access") {
        source.setFaults({.denyAccess = true});
        source.requestFix(1000);
        REQUIRE(waitForSignals(failed, 1));
        CHECK(failed.at(0).at(0).toString() == PositionSource::accessDeniedMessage());
        CHECK(failed.at(0).at(0).toString().contains("system settings"));
    }
    SECTION("no fix in time: the timeout message, after the timeout") {
        source.setFaults({.timeOut = true});
        QElapsedTimer clock;
        clock.start();
        source.requestFix(300);
        REQUIRE(waitForSignals(failed, 1));
        CHECK(clock.elapsed() >= 290);
        CHECK(failed.at(0).at(0).toString() == PositionSource::timeoutMessage(300));
    }
    runEventLoopFor(20);
    CHECK(fixed.count() == 0);
    CHECK(failed.count() == 1);
    CHECK(source.calls() == 1);
}

TEST_CASE(
    "a recorded NMEA log replayed by Qt's NMEA source gives its position, marked as simulated",
    "[platform][position]") {
    QBuffer log;
    log.setData(recordedFix());
    log.open(QIODevice::ReadOnly);
    auto* nmeaSource = new QNmeaPositionInfoSource(QNmeaPositionInfoSource::SimulationMode);
    nmeaSource->setDevice(&log);
    nmeaSource->setUserEquivalentRangeError(
        5.0);  // the receiver's range error: accuracy = 2 × HDOP × UERE
    QtPositionSource source(nmeaSource);
    REQUIRE(source.isAvailable());
    QSignalSpy fixed(&source, &PositionSource::fixed);
    QSignalSpy failed(&source, &PositionSource::failed);

    source.requestFix(5000);
    CHECK(fixed.count() ==
          0);  // the NMEA source answers inside requestUpdate(); ours still waits for the loop
    REQUIRE(waitForSignals(fixed, 1));
    const PositionFix fix = fixAt(fixed, 0);
    CHECK(fix.latitude == Approx(kLatitude).margin(1e-9));
    CHECK(fix.longitude == Approx(kLongitude).margin(1e-9));
    CHECK(fix.accuracyM == Approx(2 * 0.9 * 5.0));
    CHECK(fix.timeMs == fixTimeMs());
    CHECK(fix.simulated);
    CHECK_FALSE(fix.sourceName.isEmpty());
    runEventLoopFor(50);
    CHECK(failed.count() == 0);
    CHECK(fixed.count() == 1);
}

TEST_CASE(
    "a live NMEA receiver gives the same position, not marked as simulated, with the accuracy "
    "unknown without its range error",
    "[platform][position]") {
    NmeaFeed receiver;
    auto* nmeaSource = new QNmeaPositionInfoSource(QNmeaPositionInfoSource::RealTimeMode);
    nmeaSource->setDevice(&receiver);
    QtPositionSource source(nmeaSource);
    QSignalSpy fixed(&source, &PositionSource::fixed);
    QSignalSpy failed(&source, &PositionSource::failed);

    source.requestFix(5000);
    receiver.feed(recordedFix());
    REQUIRE(waitForSignals(fixed, 1));
    const PositionFix fix = fixAt(fixed, 0);
    CHECK(fix.latitude == Approx(kLatitude).margin(1e-9));
    CHECK(fix.longitude == Approx(kLongitude).margin(1e-9));
    CHECK_FALSE(fix.simulated);
    // No range error given: Qt's NMEA source reports the accuracy as NaN; that is "unknown", not 0
    // m.
    CHECK_FALSE(fix.hasAccuracy());
    CHECK(fix.accuracyM == PositionFix::kUnknownAccuracy);
    CHECK(failed.count() == 0);
}

TEST_CASE("a receiver that stays silent gives the timeout message once the timeout has passed",
          "[platform][position]") {
    NmeaFeed receiver;
    auto* nmeaSource = new QNmeaPositionInfoSource(QNmeaPositionInfoSource::RealTimeMode);
    nmeaSource->setDevice(&receiver);
    QtPositionSource source(nmeaSource);
    QSignalSpy fixed(&source, &PositionSource::fixed);
    QSignalSpy failed(&source, &PositionSource::failed);

    QElapsedTimer clock;
    clock.start();
    source.requestFix(400);
    REQUIRE(waitForSignals(failed, 1, 5000));
    // Qt's own timeout (a coarse timer: up to 5 % early), well before our guard's.
    CHECK(clock.elapsed() >= 400 * 95 / 100 - 5);
    CHECK(clock.elapsed() < 400 + QtPositionSource::kTimeoutGraceMs);
    CHECK(failed.at(0).at(0).toString() == PositionSource::timeoutMessage(400));
    CHECK(failed.at(0).at(0).toString().contains("without a position"));

    // A fix that arrives after the request has failed is not delivered as its answer.
    receiver.feed(recordedFix());
    runEventLoopFor(100);
    CHECK(fixed.count() == 0);
    CHECK(failed.count() == 1);
}

TEST_CASE("each error of a position source becomes a message that says what to do",
          "[platform][position]") {
    using E = QGeoPositionInfoSource::Error;
    const auto [error, expected] = GENERATE(table<E, QString>({
        {QGeoPositionInfoSource::AccessError, PositionSource::accessDeniedMessage()},
        {QGeoPositionInfoSource::ClosedError, PositionSource::closedMessage()},
        {QGeoPositionInfoSource::UpdateTimeoutError, PositionSource::timeoutMessage(2000)},
        {QGeoPositionInfoSource::UnknownSourceError, PositionSource::unknownErrorMessage()},
    }));
    CAPTURE(static_cast<int>(error));
    auto* scripted = new ScriptedSource(error);
    QtPositionSource source(scripted);
    QSignalSpy fixed(&source, &PositionSource::fixed);
    QSignalSpy failed(&source, &PositionSource::failed);

    source.requestFix(2000);
    CHECK(failed.count() ==
          0);  // the error came inside requestUpdate(); the answer comes from the loop
    REQUIRE(waitForSignals(failed, 1));
    CHECK(failed.at(0).at(0).toString() == expected);
    CHECK(fixed.count() == 0);
    CHECK(scripted->requests == 1);
}

TEST_CASE("a position source that never answers is given up after the timeout and a grace period",
          "[platform][position]") {
    auto* silent = new ScriptedSource(std::nullopt);
    QtPositionSource source(silent);
    QSignalSpy failed(&source, &PositionSource::failed);

    QElapsedTimer clock;
    clock.start();
    source.requestFix(200);
    source.requestFix(200);  // joins the pending request
    CHECK(silent->requests == 1);
    REQUIRE(waitForSignals(failed, 1, 5000));
    CHECK(clock.elapsed() >= 200 + QtPositionSource::kTimeoutGraceMs - 10);
    CHECK(failed.at(0).at(0).toString() == PositionSource::timeoutMessage(200));
    runEventLoopFor(50);
    CHECK(failed.count() == 1);  // one answer for the two calls
}

TEST_CASE("without any position source every request says that the device has none",
          "[platform][position]") {
    QtPositionSource source(static_cast<QGeoPositionInfoSource*>(nullptr));
    CHECK_FALSE(source.isAvailable());
    QSignalSpy failed(&source, &PositionSource::failed);
    source.requestFix(1000);
    CHECK(failed.count() == 0);
    REQUIRE(waitForSignals(failed, 1));
    CHECK(failed.at(0).at(0).toString() == PositionSource::noSourceMessage());
}

TEST_CASE("this machine's default position source answers a request exactly once, whatever it has",
          "[platform][position]") {
    QtPositionSource source;
    INFO("default source available: " << source.isAvailable());
    QSignalSpy fixed(&source, &PositionSource::fixed);
    QSignalSpy failed(&source, &PositionSource::failed);
    source.requestFix(500);
    QElapsedTimer clock;
    clock.start();
    while (fixed.count() + failed.count() == 0 &&
           clock.elapsed() < 500 + QtPositionSource::kTimeoutGraceMs + 2000) {
        runEventLoopFor(50);
    }
    REQUIRE(fixed.count() + failed.count() > 0);
    INFO("answer: " << (fixed.count() > 0 ? std::string("a fix")
                                          : failed.at(0).at(0).toString().toStdString()));
    runEventLoopFor(200);
    CHECK(fixed.count() + failed.count() == 1);
    if (!source.isAvailable())
        CHECK(failed.at(0).at(0).toString() == PositionSource::noSourceMessage());
}
