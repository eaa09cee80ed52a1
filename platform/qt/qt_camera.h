// The camera through Qt Multimedia (QCamera, QImageCapture, QMediaCaptureSession): the desktop's
// webcam, the phone's back camera on Android and iOS.
//
// A photo goes from QImageCapture::capture() — which hands over a QImage and writes nothing —
// straight to a JPEG encoded into a QBuffer in memory. captureToFile(), which would save into the
// Pictures folder, is never called.
//
// The camera device is opened only when needed: when a viewfinder is attached (setVideoOutput) or
// for one capture, after which it is closed again unless a viewfinder still shows it. On Android
// and iOS Qt Multimedia asks for the camera permission when the device is first opened; a refusal
// arrives as a camera error and is reported through failed().
//
// Needs a QGuiApplication (the platform's camera plugins and QImage's JPEG encoder).
#pragma once

#include <QPointer>
#include <QTimer>

#include "camera.h"

QT_BEGIN_NAMESPACE
class QCamera;
class QImage;
class QImageCapture;
class QMediaCaptureSession;
QT_END_NAMESPACE

namespace fieldcheck::platform {

class QtCamera : public Camera {
    Q_OBJECT
public:
    explicit QtCamera(QObject* parent = nullptr);
    ~QtCamera() override;

    bool isAvailable() const override;
    QString unavailableReason() const override;
    void capture() override;

    // Shows the viewfinder in `output` (a QML VideoOutput, a QVideoSink); opens the camera.
    // nullptr detaches it and closes the camera unless a capture is under way.
    void setVideoOutput(QObject* output);

    // How long a capture may take, from capture() to the image, before it fails.
    static constexpr int kCaptureTimeoutMs = 15000;

private:
    bool ensureDevice();
    void takePictureWhenReady();
    void onImageCaptured(int requestId, const QImage& image);
    void finishWithFailure(const QString& message);
    void releaseDeviceIfIdle();

    QCamera* m_camera = nullptr;              // owned (child); null until first needed
    QImageCapture* m_imageCapture = nullptr;  // owned (child)
    QMediaCaptureSession* m_session = nullptr;
    QPointer<QObject> m_videoOutput;  // not owned; QML may destroy it with its page
    QTimer m_watchdog;
    bool m_capturePending = false;  // capture() called, not yet answered
    int m_requestId = -1;           // QImageCapture's id of the pending capture, once asked
};

}  // namespace fieldcheck::platform
