// Where the inspector stands when a finding is recorded (现场定位): one position fix on request.
// One interface, an implementation over Qt Positioning (qt_position_source.h: GPS, the network's
// location, an NMEA receiver or log) and an in-memory fake with fault switches for tests and the
// demo (fake_position_source.h).
//
// A fix says how it was obtained: its accuracy as the source reports it, and whether it was
// simulated (a replayed NMEA log; Android's mock locations) so that the record can show that its
// position is not evidence.
//
// requestFix() is asynchronous: exactly one fixed() or failed() follows, from the event loop. A
// call while one is pending joins it (one answer for both).
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

namespace fieldcheck::platform {

struct PositionFix {
    // Accuracy when the source gives none (or gives NaN): no claim is made, the UI shows "unknown".
    static constexpr double kUnknownAccuracy = -1.0;

    double latitude = 0.0;                // WGS 84 degrees, north positive
    double longitude = 0.0;               // WGS 84 degrees, east positive
    double accuracyM = kUnknownAccuracy;  // horizontal, metres; kUnknownAccuracy when unknown
    qint64 timeMs = 0;       // when the fix was taken (the source's time), ms since the epoch (UTC)
    bool simulated = false;  // a replayed or mock position: not evidence of where anyone stood
    QString sourceName;  // which source gave it ("geoclue2", "android", "nmea"), for diagnostics

    bool hasAccuracy() const { return accuracyM >= 0.0; }
};

class PositionSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~PositionSource() override = default;

    // Asks for one fix, to arrive within `timeoutMs` (kDefaultTimeoutMs when not positive).
    virtual void requestFix(int timeoutMs) = 0;

    static constexpr int kDefaultTimeoutMs = 30000;

    // The messages both the real source and the fake give, translated.
    static QString noSourceMessage();
    static QString accessDeniedMessage();
    static QString timeoutMessage(int timeoutMs);
    static QString closedMessage();
    static QString unknownErrorMessage();

Q_SIGNALS:
    void fixed(const fieldcheck::platform::PositionFix& fix);
    // What went wrong and what to do, translated.
    void failed(const QString& message);
};

}  // namespace fieldcheck::platform

Q_DECLARE_METATYPE(fieldcheck::platform::PositionFix)
