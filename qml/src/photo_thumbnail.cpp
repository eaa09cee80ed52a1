#include "photo_thumbnail.h"

#include <QBuffer>
#include <QImageReader>
#include <QPainter>
#include <algorithm>
#include <vector>

#include "fieldcheck/core/store.h"
#include "logging.h"

namespace fieldcheck::ui {

namespace {

// Zeroes through a volatile pointer so that the compiler cannot drop the stores as dead (the
// buffer is freed right after).
void wipe(std::vector<uint8_t>& bytes) {
    volatile uint8_t* p = bytes.data();
    for (size_t i = 0; i < bytes.size(); ++i) p[i] = 0;
    bytes.clear();
}

struct Decoded {
    quint64 generation = 0;
    QImage image;
};

}  // namespace

PhotoThumbnail::PhotoThumbnail(QQuickItem* parent) : QQuickPaintedItem(parent) {}

PhotoThumbnail::~PhotoThumbnail() { m_latest->store(++m_generation); }

QImage PhotoThumbnail::decode(const QByteArray& bytes, int longerSide) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);  // the camera's orientation
    const QSize full = reader.size();
    if (full.isValid() && std::max(full.width(), full.height()) > longerSide) {
        reader.setScaledSize(full.scaled(longerSide, longerSide, Qt::KeepAspectRatio));
    }
    return reader.read();
}

void PhotoThumbnail::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &PhotoThumbnail::drop);
        connect(m_session, &Session::unlockedChanged, this, &PhotoThumbnail::load);
    }
    emit sessionChanged();
    load();
}

void PhotoThumbnail::setAttachmentId(const QString& id) {
    if (id == m_attachmentId) return;
    m_attachmentId = id;
    emit attachmentIdChanged();
    load();
}

void PhotoThumbnail::setDecodeSize(int size) {
    size = std::max(size, 16);
    if (size == m_decodeSize) return;
    m_decodeSize = size;
    emit decodeSizeChanged();
    load();
}

void PhotoThumbnail::drop() {
    m_latest->store(++m_generation);
    m_image = QImage();
    setStatus(Null);
    update();
}

void PhotoThumbnail::load() {
    drop();
    if (!m_session || !m_session->isUnlocked() || m_attachmentId.isEmpty()) return;
    setStatus(Loading);
    const quint64 generation = m_generation;
    const std::string id = m_attachmentId.toStdString();
    const int size = m_decodeSize;
    m_session->run<Decoded>(
        this,
        [latest = m_latest, generation, id, size](Store& store) {
            Decoded out;
            out.generation = generation;
            if (latest->load() != generation) return out;
            auto bytes = store.readAttachment(id);
            if (!bytes.ok()) {
                qCWarning(lcUi).noquote() << "reading attachment" << QString::fromStdString(id)
                                          << "failed:" << QString::fromStdString(bytes.error().toString());
                return out;
            }
            // Decoded from the bytes in place; they are overwritten once the image is made.
            const QByteArray view = QByteArray::fromRawData(reinterpret_cast<const char*>(bytes->data()),
                                                            static_cast<qsizetype>(bytes->size()));
            out.image = decode(view, size);
            wipe(bytes.value());
            return out;
        },
        [this](Decoded decoded) {
            if (decoded.generation != m_generation) return;
            m_image = std::move(decoded.image);
            setStatus(m_image.isNull() ? Error : Ready);
            update();
        });
}

void PhotoThumbnail::paint(QPainter* painter) {
    if (m_image.isNull() || width() <= 0 || height() <= 0) return;
    // Fill the item, cropping the longer side (as a photo strip shows its photos).
    const QSizeF box = size();
    const QSizeF scaled = QSizeF(m_image.size()).scaled(box, Qt::KeepAspectRatioByExpanding);
    const QRectF source((scaled.width() - box.width()) / 2 * m_image.width() / scaled.width(),
                        (scaled.height() - box.height()) / 2 * m_image.height() / scaled.height(),
                        box.width() * m_image.width() / scaled.width(), box.height() * m_image.height() / scaled.height());
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawImage(QRectF(QPointF(0, 0), box), m_image, source);
}

void PhotoThumbnail::setStatus(Status status) {
    if (status == m_status) return;
    m_status = status;
    emit statusChanged();
}

}  // namespace fieldcheck::ui
