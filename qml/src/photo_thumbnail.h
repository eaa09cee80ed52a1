// A photo from the vault, shown small: decoded in memory from Store::readAttachment, never
// written to a file, an image cache or the QML engine's pixmap cache.
//
// QML gives it the Session and an attachment id; the sealed file is decrypted and decoded on the
// session's store thread at about `decodeSize` pixels on its longer side (JPEG decodes at a
// reduced scale directly), the decrypted bytes are overwritten as soon as they are decoded, and
// the small image is painted to fill the item (cropped to its shape). It is dropped when the
// session locks. A file that is not an image, or fails its SHA-256 check, leaves `status` Error
// and the page shows a document instead.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QImage>
#include <QPointer>
#include <QQuickPaintedItem>
#include <QString>
#include <atomic>
#include <memory>

#include "session.h"

namespace fieldcheck::ui {

class PhotoThumbnail : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString attachmentId READ attachmentId WRITE setAttachmentId NOTIFY attachmentIdChanged)
    // The longer side the photo is decoded to, in pixels.
    Q_PROPERTY(int decodeSize READ decodeSize WRITE setDecodeSize NOTIFY decodeSizeChanged)
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)

public:
    enum Status { Null, Loading, Ready, Error };
    Q_ENUM(Status)
    static constexpr int kDefaultDecodeSize = 256;

    explicit PhotoThumbnail(QQuickItem* parent = nullptr);
    ~PhotoThumbnail() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& attachmentId() const { return m_attachmentId; }
    void setAttachmentId(const QString& id);
    int decodeSize() const { return m_decodeSize; }
    void setDecodeSize(int size);
    Status status() const { return m_status; }

    void paint(QPainter* painter) override;

    // The photo `bytes` hold, at about `longerSide` pixels on its longer side; a null image when
    // they are not an image Qt can read. For the store thread (and tests).
    static QImage decode(const QByteArray& bytes, int longerSide);

signals:
    void sessionChanged();
    void attachmentIdChanged();
    void decodeSizeChanged();
    void statusChanged();

private:
    void load();
    void drop();
    void setStatus(Status status);

    QPointer<Session> m_session;
    QString m_attachmentId;
    int m_decodeSize = kDefaultDecodeSize;
    Status m_status = Null;
    QImage m_image;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
};

}  // namespace fieldcheck::ui
