// The device's camera, for photo evidence of a finding (问题取证照片). One interface, an
// implementation per platform (qt_camera.h: Qt Multimedia on the desktop, Android and iOS) and an
// in-memory fake with fault switches for tests and the demo (fake_camera.h).
//
// A photo is evidence about people in care: it exists only in memory until sealPhoto() puts it
// into the store's encrypted vault. No implementation writes it to a file, the gallery, a cache
// folder or a temporary file; the platform's "capture to file" calls are not used.
//
// Signals are always emitted from the event loop, never from inside capture(): a caller can
// connect after calling and still gets the answer. Each capture() is answered by exactly one
// captured() or failed().
#pragma once

#include <QByteArray>
#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <string>

#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::platform {

// One photo as the camera gave it, encoded, in memory only.
struct CapturedPhoto {
    QByteArray bytes;       // the encoded image (JPEG)
    QString mediaType;      // "image/jpeg"
    qint64 capturedMs = 0;  // when the shutter fired, ms since the epoch (UTC)
    QString fileName;       // a name for people ("IMG_20261207_143012.jpg"), never a path on disk
};

class Camera : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~Camera() override = default;

    // Whether capture() can take a photo now (a camera is present and allowed).
    virtual bool isAvailable() const = 0;
    // Why not, for the user, translated; empty when available.
    virtual QString unavailableReason() const = 0;
    // Takes one photo, asynchronously: captured() or failed() follows from the event loop.
    virtual void capture() = 0;

    // The reason both the real camera and the fake give when there is no camera.
    static QString noCameraReason();

Q_SIGNALS:
    void captured(const fieldcheck::platform::CapturedPhoto& photo);
    // What went wrong and what to do, translated.
    void failed(const QString& message);
};

// Seals `photo` into `store`'s encrypted vault as evidence for the record `recordType`/`recordId`
// (Store::attach: the SHA-256 of the bytes is recorded, the plaintext never touches disk).
//
// On success the photo's bytes are overwritten with zeros and released: the buffer the QByteArray
// shares with its copies (a queued signal's argument, a preview) is the one overwritten, so no copy
// keeps the plaintext. Best effort: a copy Qt made before (a detached one) is out of reach. On
// failure the bytes are kept so that the caller can try again or tell the user; the intermediate
// copy made for the store is wiped either way.
Result<Attachment> sealPhoto(Store& store, const std::string& recordType,
                             const std::string& recordId, CapturedPhoto& photo);

// Overwrites the bytes of `bytes`'s shared buffer with zeros and empties it (see sealPhoto).
void wipePhotoBytes(QByteArray& bytes);

// For the implementations. `image` as a JPEG encoded in memory (a QBuffer, never a file); empty
// when it cannot be encoded (no JPEG plugin, a null image).
QByteArray encodeJpegInMemory(const QImage& image, int quality = 90);
// The name a photo taken at `capturedMs` is shown and exported under: "IMG_20261207_143012.jpg"
// (local time, as the camera app of the phone would name it).
QString photoFileName(qint64 capturedMs);

}  // namespace fieldcheck::platform

Q_DECLARE_METATYPE(fieldcheck::platform::CapturedPhoto)
