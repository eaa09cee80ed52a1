// Waiting for Qt signals in Catch2 tests: QSignalSpy with the event loop running.
#pragma once

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

namespace fieldcheck::test {

// Runs the event loop until `spy` has recorded `count` signals or `timeoutMs` has passed; returns
// whether it got them.
inline bool waitForSignals(QSignalSpy& spy, int count, int timeoutMs = 5000) {
    QElapsedTimer clock;
    clock.start();
    while (spy.count() < count) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0) return false;
        spy.wait(static_cast<int>(left));
    }
    return true;
}

// Runs the event loop for `ms` whatever happens: to show that something does not happen.
inline void runEventLoopFor(int ms) {
    QTest::qWait(ms);
}

}  // namespace fieldcheck::test
