#include "fake_position_source.h"

#include <QDateTime>
#include <QTimer>

namespace fieldcheck::platform {

FakePositionSource::FakePositionSource(QObject* parent) : PositionSource(parent) {
    m_fix.sourceName = QStringLiteral("test fake");
}

void FakePositionSource::setFix(const PositionFix& fix) {
    m_fix = fix;
}

void FakePositionSource::setFix(double latitude, double longitude, double accuracyM,
                                bool simulated) {
    m_fix.latitude = latitude;
    m_fix.longitude = longitude;
    m_fix.accuracyM = accuracyM;
    m_fix.simulated = simulated;
}

void FakePositionSource::setFaults(const Faults& faults) {
    m_faults = faults;
}

void FakePositionSource::requestFix(int timeoutMs) {
    ++m_calls;
    const int timeout = timeoutMs > 0 ? timeoutMs : kDefaultTimeoutMs;
    if (m_faults.unavailable) {
        QTimer::singleShot(0, this, [this] { emit failed(noSourceMessage()); });
    } else if (m_faults.denyAccess) {
        QTimer::singleShot(0, this, [this] { emit failed(accessDeniedMessage()); });
    } else if (m_faults.timeOut) {
        QTimer::singleShot(timeout, Qt::PreciseTimer, this,
                           [this, timeout] { emit failed(timeoutMessage(timeout)); });
    } else {
        PositionFix fix = m_fix;
        if (fix.timeMs == 0) fix.timeMs = QDateTime::currentMSecsSinceEpoch();
        QTimer::singleShot(0, this, [this, fix] { emit fixed(fix); });
    }
}

}  // namespace fieldcheck::platform
