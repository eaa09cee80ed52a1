#include "fake_camera.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QGuiApplication>
#include <QPainter>
#include <QTimer>

namespace fieldcheck::platform {

namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 480;
constexpr int kCounterBits = 16;

}  // namespace

FakeCamera::FakeCamera(QObject* parent) : Camera(parent) {}

bool FakeCamera::isAvailable() const {
    return !m_faults.unavailable;
}

QString FakeCamera::unavailableReason() const {
    return m_faults.unavailable ? noCameraReason() : QString();
}

void FakeCamera::setFaults(const Faults& faults) {
    m_faults = faults;
}

void FakeCamera::setFixedCaptureTime(std::optional<qint64> ms) {
    m_fixedCaptureMs = ms;
}

QByteArray FakeCamera::markerOf(int photoNumber) {
    // Zero-padded: photo 1's marker must not be found inside photo 10's.
    return QByteArray("fieldcheck-fake-photo-") +
           QByteArray::number(photoNumber).rightJustified(6, '0');
}

QString FakeCamera::injectedFailureMessage() {
    return tr(
        "The camera could not take the photo (test fake: injected failure). Try again, or choose a "
        "photo file instead.");
}

void FakeCamera::capture() {
    ++m_calls;
    if (m_faults.unavailable) {
        QTimer::singleShot(0, this, [this] { emit failed(noCameraReason()); });
        return;
    }
    if (m_faults.failNextCapture) {
        m_faults.failNextCapture = false;
        QTimer::singleShot(0, this, [this] { emit failed(injectedFailureMessage()); });
        return;
    }
    const int number = ++m_photos;
    const qint64 capturedMs = m_fixedCaptureMs.value_or(QDateTime::currentMSecsSinceEpoch());
    QTimer::singleShot(0, this, [this, number, capturedMs] {
        CapturedPhoto photo;
        photo.bytes = encodeJpegInMemory(drawPhoto(number));
        if (photo.bytes.isEmpty()) {
            emit failed(
                tr("The photo could not be encoded as JPEG. Reinstall FieldCheck, or choose a "
                   "photo file instead."));
            return;
        }
        photo.mediaType = QStringLiteral("image/jpeg");
        photo.capturedMs = capturedMs;
        photo.fileName = photoFileName(capturedMs);
        emit captured(photo);
    });
}

QImage FakeCamera::drawPhoto(int photoNumber) const {
    QImage image(kWidth, kHeight, QImage::Format_RGB32);
    // A fixed pattern: diagonal colour bands, the same for every photo.
    for (int y = 0; y < kHeight; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < kWidth; ++x) {
            const int band = ((x + y) / 40) % 6;
            line[x] = qRgb(40 * band, 255 - 30 * band, (x * 255) / kWidth);
        }
    }
    QPainter painter(&image);
    // The photo's number as a row of blocks (white: 1, black: 0), readable without fonts.
    for (int bit = 0; bit < kCounterBits; ++bit) {
        const bool set = ((photoNumber >> (kCounterBits - 1 - bit)) & 1) != 0;
        painter.fillRect(16 + bit * 38, kHeight - 56, 34, 40, set ? Qt::white : Qt::black);
    }
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) != nullptr) {
        painter.setPen(Qt::white);
        QFont font = painter.font();
        font.setPixelSize(48);
        painter.setFont(font);
        painter.drawText(QRect(0, 0, kWidth, kHeight - 64), Qt::AlignCenter,
                         QStringLiteral("FieldCheck test photo #%1").arg(photoNumber));
    }
    painter.end();
    // The JPEG writer puts an image's text into a comment segment: the marker travels with the
    // bytes.
    image.setText(QStringLiteral("FieldCheck"), QString::fromLatin1(markerOf(photoNumber)));
    return image;
}

}  // namespace fieldcheck::platform
