#include "qt_position_source.h"

#include <QDateTime>
#include <QGeoCoordinate>
#include <QGeoPositionInfo>
#include <QGeoPositionInfoSource>
#include <QNmeaPositionInfoSource>
#include <QtNumeric>

namespace fieldcheck::platform {

QtPositionSource::QtPositionSource(QObject* parent) : PositionSource(parent) {
    attach(QGeoPositionInfoSource::createDefaultSource(this));
}

QtPositionSource::QtPositionSource(QGeoPositionInfoSource* source, QObject* parent)
    : PositionSource(parent) {
    if (source != nullptr) source->setParent(this);
    attach(source);
}

void QtPositionSource::attach(QGeoPositionInfoSource* source) {
    m_source = source;
    m_guard.setSingleShot(true);
    // Never before the timeout and the grace: a coarse timer may fire 5 % early.
    m_guard.setTimerType(Qt::PreciseTimer);
    connect(&m_guard, &QTimer::timeout, this,
            [this] { finish(std::nullopt, timeoutMessage(m_timeoutMs)); });
    if (m_source == nullptr) return;
    connect(m_source, &QGeoPositionInfoSource::positionUpdated, this,
            &QtPositionSource::onPositionUpdated);
    connect(
        m_source, &QGeoPositionInfoSource::errorOccurred, this,
        [this](QGeoPositionInfoSource::Error error) { onSourceError(static_cast<int>(error)); });
}

void QtPositionSource::requestFix(int timeoutMs) {
    if (m_source == nullptr) {
        QTimer::singleShot(0, this, [this] { emit failed(noSourceMessage()); });
        return;
    }
    if (m_pending) return;  // joins the pending request: one answer serves both
    m_pending = true;
    m_timeoutMs = timeoutMs > 0 ? timeoutMs : kDefaultTimeoutMs;
    m_guard.start(m_timeoutMs + kTimeoutGraceMs);
    // May answer from inside this call (positionUpdated, errorOccurred): finish() defers.
    m_source->requestUpdate(m_timeoutMs);
}

void QtPositionSource::onPositionUpdated(const QGeoPositionInfo& info) {
    if (!m_pending || !info.isValid() || !info.coordinate().isValid()) return;
    PositionFix fix;
    fix.latitude = info.coordinate().latitude();
    fix.longitude = info.coordinate().longitude();
    // Sources that cannot estimate it leave the attribute out, or (the NMEA source without a
    // receiver's range error) set it to NaN: both mean "unknown", never 0 m.
    if (info.hasAttribute(QGeoPositionInfo::HorizontalAccuracy)) {
        const qreal accuracy = info.attribute(QGeoPositionInfo::HorizontalAccuracy);
        if (qIsFinite(accuracy) && accuracy >= 0) fix.accuracyM = accuracy;
    }
    fix.timeMs = info.timestamp().isValid() ? info.timestamp().toMSecsSinceEpoch()
                                            : QDateTime::currentMSecsSinceEpoch();
    fix.simulated = isSimulated();
    fix.sourceName = m_source->sourceName().isEmpty()
                         ? QString::fromLatin1(m_source->metaObject()->className())
                         : m_source->sourceName();
    finish(fix, QString());
}

void QtPositionSource::onSourceError(int error) {
    if (!m_pending) return;
    switch (static_cast<QGeoPositionInfoSource::Error>(error)) {
        case QGeoPositionInfoSource::NoError:
            return;
        case QGeoPositionInfoSource::AccessError:
            finish(std::nullopt, accessDeniedMessage());
            return;
        case QGeoPositionInfoSource::ClosedError:
            finish(std::nullopt, closedMessage());
            return;
        case QGeoPositionInfoSource::UpdateTimeoutError:
            finish(std::nullopt, timeoutMessage(m_timeoutMs));
            return;
        case QGeoPositionInfoSource::UnknownSourceError:
            break;
    }
    finish(std::nullopt, unknownErrorMessage());
}

void QtPositionSource::finish(const std::optional<PositionFix>& fix, const QString& message) {
    if (!m_pending) return;
    m_pending = false;
    m_guard.stop();
    // Through the event loop: the source may have answered from inside requestFix().
    QTimer::singleShot(0, this, [this, fix, message] {
        if (fix) {
            emit fixed(*fix);
        } else {
            emit failed(message);
        }
    });
}

bool QtPositionSource::isSimulated() const {
    // Qt's NMEA source replaying a recorded log.
    if (const auto* nmea = qobject_cast<const QNmeaPositionInfoSource*>(m_source)) {
        return nmea->updateMode() == QNmeaPositionInfoSource::SimulationMode;
    }
    // Android marks positions from a mock-location app (Location.isMock() from API 31,
    // isFromMockProvider() before); Qt 6.4's QGeoPositionInfo does not carry that flag, so the
    // Android build is to read it here through JNI from the platform's last Location
    // (docs/mobile.md, "Mock locations"). Nothing on the desktop or iOS says a position is mocked.
    return false;
}

}  // namespace fieldcheck::platform
