#include "camera.h"

#include <QBuffer>
#include <QDateTime>

#include <cstdint>
#include <vector>

namespace fieldcheck::platform {

namespace {

// Zeroes through a volatile pointer so that the compiler cannot drop the stores as dead (the
// buffer is freed right after).
void zero(void* data, size_t size) {
    volatile auto* p = static_cast<volatile unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) p[i] = 0;
}

}  // namespace

QString Camera::noCameraReason() {
    return tr("No camera was found on this device. You can choose a photo file instead.");
}

void wipePhotoBytes(QByteArray& bytes) {
    // data() would detach a shared buffer and wipe a fresh copy, leaving the plaintext in the
    // buffer the other copies still point at. Write through the shared buffer itself, unless it
    // is not Qt's to write (QByteArray::fromRawData, a literal): then there is nothing we own.
    if (!bytes.isEmpty() && bytes.data_ptr().isMutable()) {
        zero(const_cast<char*>(bytes.constData()), static_cast<size_t>(bytes.size()));
    }
    bytes = QByteArray();
}

QByteArray encodeJpegInMemory(const QImage& image, int quality) {
    if (image.isNull()) return {};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "JPEG", quality)) {
        wipePhotoBytes(bytes);  // a partial encoding is still the photo's pixels
        return {};
    }
    return bytes;
}

QString photoFileName(qint64 capturedMs) {
    return QDateTime::fromMSecsSinceEpoch(capturedMs)
        .toString(QStringLiteral("'IMG_'yyyyMMdd'_'HHmmss'.jpg'"));
}

Result<Attachment> sealPhoto(Store& store, const std::string& recordType,
                             const std::string& recordId, CapturedPhoto& photo) {
    if (photo.bytes.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument, "the photo is empty: take it again");
    }
    // Store::attach takes a vector; this copy is wiped whatever happens.
    std::vector<uint8_t> plain(
        reinterpret_cast<const uint8_t*>(photo.bytes.constData()),
        reinterpret_cast<const uint8_t*>(photo.bytes.constData()) + photo.bytes.size());
    auto sealed = store.attach(recordType, recordId, plain, photo.mediaType.toStdString(),
                               photo.fileName.toStdString());
    zero(plain.data(), plain.size());
    if (sealed.ok()) wipePhotoBytes(photo.bytes);
    return sealed;
}

}  // namespace fieldcheck::platform
