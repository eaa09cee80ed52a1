#include "qt_camera.h"

#include <QCamera>
#include <QCameraDevice>
#include <QDateTime>
#include <QImage>
#include <QImageCapture>
#include <QMediaCaptureSession>
#include <QMediaDevices>

namespace fieldcheck::platform {

QtCamera::QtCamera(QObject* parent) : Camera(parent) {
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        finishWithFailure(
            tr("The camera did not deliver the photo within %n second(s). Try again, or choose a "
               "photo file instead.",
               nullptr, kCaptureTimeoutMs / 1000));
    });
}

QtCamera::~QtCamera() = default;

bool QtCamera::isAvailable() const {
    // Asked each time: a webcam can be plugged in or out while the app runs.
    return !QMediaDevices::videoInputs().isEmpty();
}

QString QtCamera::unavailableReason() const {
    return isAvailable() ? QString() : noCameraReason();
}

bool QtCamera::ensureDevice() {
    if (m_camera != nullptr) return true;
    const QCameraDevice device = QMediaDevices::defaultVideoInput();
    if (device.isNull()) return false;
    m_camera = new QCamera(device, this);
    m_imageCapture = new QImageCapture(this);
    m_session = new QMediaCaptureSession(this);
    m_session->setCamera(m_camera);
    m_session->setImageCapture(m_imageCapture);
    if (m_videoOutput != nullptr) m_session->setVideoOutput(m_videoOutput);

    connect(m_imageCapture, &QImageCapture::readyForCaptureChanged, this, [this](bool ready) {
        if (ready) takePictureWhenReady();
    });
    connect(m_imageCapture, &QImageCapture::imageCaptured, this, &QtCamera::onImageCaptured);
    connect(m_imageCapture, &QImageCapture::errorOccurred, this,
            [this](int requestId, QImageCapture::Error, const QString& errorString) {
                // -1: the capture was refused before it got an id (no camera, not ready).
                if (!m_capturePending || (requestId != m_requestId && requestId != -1)) return;
                finishWithFailure(tr("The camera could not take the photo (%1). Try again, or "
                                     "choose a photo file instead.")
                                      .arg(errorString));
            });
    connect(m_camera, &QCamera::errorOccurred, this,
            [this](QCamera::Error error, const QString& errorString) {
                if (error == QCamera::NoError || !m_capturePending) return;
                finishWithFailure(tr("The camera failed (%1). Close other apps that use the "
                                     "camera, check that FieldCheck may use it, then try again; "
                                     "or choose a photo file instead.")
                                      .arg(errorString));
            });
    return true;
}

void QtCamera::capture() {
    if (m_capturePending) {
        QTimer::singleShot(0, this, [this] {
            emit failed(tr("A photo is already being taken. Wait for it, then try again."));
        });
        return;
    }
    if (!isAvailable() || !ensureDevice()) {
        QTimer::singleShot(0, this, [this] { emit failed(noCameraReason()); });
        return;
    }
    m_capturePending = true;
    m_requestId = -1;
    m_watchdog.start(kCaptureTimeoutMs);
    if (!m_camera->isActive()) m_camera->start();
    // Ready now if a viewfinder kept the camera running; otherwise readyForCaptureChanged(true)
    // follows once the device has started.
    takePictureWhenReady();
}

void QtCamera::takePictureWhenReady() {
    if (!m_capturePending || m_requestId >= 0 || !m_imageCapture->isReadyForCapture()) return;
    // capture(), not captureToFile(): the image comes back as a QImage and nothing is saved.
    m_requestId = m_imageCapture->capture();
}

void QtCamera::onImageCaptured(int requestId, const QImage& image) {
    if (!m_capturePending || requestId != m_requestId) return;
    CapturedPhoto photo;
    photo.capturedMs = QDateTime::currentMSecsSinceEpoch();
    photo.bytes = encodeJpegInMemory(image);
    if (photo.bytes.isEmpty()) {
        finishWithFailure(
            tr("The photo could not be encoded as JPEG. Reinstall FieldCheck, or choose a photo "
               "file instead."));
        return;
    }
    photo.mediaType = QStringLiteral("image/jpeg");
    photo.fileName = photoFileName(photo.capturedMs);
    m_capturePending = false;
    m_requestId = -1;
    m_watchdog.stop();
    releaseDeviceIfIdle();
    emit captured(photo);
}

void QtCamera::finishWithFailure(const QString& message) {
    if (!m_capturePending) return;
    m_capturePending = false;
    m_requestId = -1;
    m_watchdog.stop();
    releaseDeviceIfIdle();
    emit failed(message);
}

void QtCamera::setVideoOutput(QObject* output) {
    m_videoOutput = output;
    if (output == nullptr) {
        if (m_session != nullptr) m_session->setVideoOutput(nullptr);
        releaseDeviceIfIdle();
        return;
    }
    if (!isAvailable() || !ensureDevice()) return;  // the page shows unavailableReason()
    m_session->setVideoOutput(output);
    m_camera->start();
}

void QtCamera::releaseDeviceIfIdle() {
    // An open camera drains the battery and keeps its light on: close it when nothing shows it.
    if (m_camera != nullptr && m_videoOutput == nullptr && !m_capturePending) m_camera->stop();
}

}  // namespace fieldcheck::platform
