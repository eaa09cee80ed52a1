// The position through Qt Positioning: the platform's default source (Android's location service,
// iOS's Core Location, geoclue2 on a Linux desktop) or a given one (an NMEA receiver or a recorded
// NMEA log for tests and demonstrations).
//
// Each requestFix() is one QGeoPositionInfoSource::requestUpdate(timeout). The source's own
// timeout (UpdateTimeoutError) is reported as such; if a source never answers at all, a guard
// reports the timeout kTimeoutGraceMs later. Answers are always delivered from the event loop,
// also when the source answers inside requestUpdate() (the NMEA source replaying a log does).
//
// On Android and iOS Qt Positioning asks for the location permission when the first update is
// requested; a refusal arrives as AccessError and is reported as such.
#pragma once

#include <QTimer>

#include <optional>

#include "position_source.h"

QT_BEGIN_NAMESPACE
class QGeoPositionInfo;
class QGeoPositionInfoSource;
QT_END_NAMESPACE

namespace fieldcheck::platform {

class QtPositionSource : public PositionSource {
    Q_OBJECT
public:
    // Over the platform's default source; without one, every request fails with noSourceMessage().
    explicit QtPositionSource(QObject* parent = nullptr);
    // Over `source`, which this object takes over (it becomes a child); nullptr: no source.
    explicit QtPositionSource(QGeoPositionInfoSource* source, QObject* parent = nullptr);

    bool isAvailable() const { return m_source != nullptr; }
    void requestFix(int timeoutMs) override;

    static constexpr int kTimeoutGraceMs = 1000;

private:
    void attach(QGeoPositionInfoSource* source);
    void onPositionUpdated(const QGeoPositionInfo& info);
    void onSourceError(int error);
    void finish(const std::optional<PositionFix>& fix, const QString& message);
    bool isSimulated() const;

    QGeoPositionInfoSource* m_source = nullptr;  // owned (child)
    QTimer m_guard;
    bool m_pending = false;
    int m_timeoutMs = kDefaultTimeoutMs;  // of the pending request
};

}  // namespace fieldcheck::platform
