// A camera in memory for tests and the demo: each capture() draws a picture (a fixed pattern, the
// capture's number) and encodes it as a JPEG in memory, with switches for the ways a real camera
// fails.
//
// Every photo carries its own marker text in a JPEG comment, markerOf(n) for the n-th photo
// (1-based), so that a test can look for a photo's bytes on disk and in the store and tell one
// photo from another.
//
// Answers come from the event loop (QTimer::singleShot 0), as a real camera's do. Draws the
// number as text when a QGuiApplication runs (fonts need one) and as a row of blocks always.
#pragma once

#include <optional>

#include "camera.h"

namespace fieldcheck::platform {

class FakeCamera : public Camera {
    Q_OBJECT
public:
    struct Faults {
        bool unavailable =
            false;  // no camera: isAvailable() false, capture() fails with the reason
        bool failNextCapture =
            false;  // the next capture() fails (the switch then turns itself off)
    };

    explicit FakeCamera(QObject* parent = nullptr);

    bool isAvailable() const override;
    QString unavailableReason() const override;
    void capture() override;

    void setFaults(const Faults& faults);
    // Every photo's capturedMs is `ms` (the clock otherwise); std::nullopt goes back to the clock.
    void setFixedCaptureTime(std::optional<qint64> ms);
    int captureCalls() const { return m_calls; }  // capture() calls so far, failed ones included
    int photosTaken() const { return m_photos; }  // photos taken so far (photo n: markerOf(n))

    // The marker text inside the n-th photo's bytes.
    static QByteArray markerOf(int photoNumber);
    // The message of a failNextCapture failure.
    static QString injectedFailureMessage();

private:
    QImage drawPhoto(int photoNumber) const;

    Faults m_faults;
    std::optional<qint64> m_fixedCaptureMs;
    int m_calls = 0;
    int m_photos = 0;
};

}  // namespace fieldcheck::platform
