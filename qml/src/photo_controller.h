// Photos and documents as evidence of one record (a finding, a visit): the photo strip of a page.
//
// QML creates it with the Session, the Devices and the record (`recordType`, `recordId`); it
// lists the record's sealed attachments (file name, SHA-256 taken at capture, time, who) and adds
// new ones:
// - takePhoto(): the device's camera (Devices.camera) takes one; the photo's bytes go by value to
//   the session's store thread and into the encrypted vault with platform::sealPhoto(), which
//   records their SHA-256 and wipes them. The photo never lies in a gallery, a cache folder or a
//   temporary file: it exists in memory only until it is sealed;
// - attachFile(): on a device without a camera, a file the user chose is sealed with
//   Store::attachFile(), read one chunk at a time; the original file is only read, never moved
//   or changed.
// A record that does not exist yet (recordId empty: a new finding before its first save) takes
// nothing; the page says to save it first. Whether the record takes photos at all is the core's
// answer: the store refuses a withdrawn record, and permissions::authorize() the roles the table
// does not allow to attach (e.g. an inspector once the finding is submitted) — `canAttach` and
// `refusal` say so beforehand, from the same table, so the page offers no button that would fail.
//
// Every read and write is a job on the session's store thread. After sealing, the session is told
// (recordsChanged) so that the record's page shows the new audit entry. Thumbnails are
// PhotoThumbnail items, decoded in memory from the vault.
//
// `photos`: [{attachmentId, fileName, mediaType, isImage, sha256, sha256Short, capturedAt,
// capturedBy, size}], in the order they were sealed.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QVariantList>
#include <atomic>
#include <memory>

#include "devices.h"
#include "session.h"

namespace fieldcheck {
struct Attachment;
struct Error;
}  // namespace fieldcheck

namespace fieldcheck::platform {
struct CapturedPhoto;
}

namespace fieldcheck::ui {

class PhotoController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(fieldcheck::ui::Devices* devices READ devices WRITE setDevices NOTIFY devicesChanged)
    Q_PROPERTY(QString recordType READ recordType WRITE setRecordType NOTIFY recordChanged)
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY recordChanged)
    Q_PROPERTY(QVariantList photos READ photos NOTIFY photosChanged)
    Q_PROPERTY(int count READ count NOTIFY photosChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    // A photo is being taken or sealed, or a file sealed.
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // The record exists, is not withdrawn, and the role may attach to it.
    Q_PROPERTY(bool canAttach READ canAttach NOTIFY permissionChanged)
    // Why not (translated), and the core's rule that refuses it; empty when canAttach.
    Q_PROPERTY(QString refusal READ refusal NOTIFY permissionChanged)
    Q_PROPERTY(QString refusalDetail READ refusalDetail NOTIFY permissionChanged)
    Q_PROPERTY(bool cameraAvailable READ isCameraAvailable NOTIFY devicesChanged)
    Q_PROPERTY(QString cameraUnavailableReason READ cameraUnavailableReason NOTIFY devicesChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(QString errorDetail READ errorDetail NOTIFY errorMessageChanged)
    // What the last seal did ("Photo sealed, SHA-256 1a2b…"); empty otherwise.
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)

public:
    explicit PhotoController(QObject* parent = nullptr);
    ~PhotoController() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    Devices* devices() const { return m_devices; }
    void setDevices(Devices* devices);
    const QString& recordType() const { return m_recordType; }
    void setRecordType(const QString& type);
    const QString& recordId() const { return m_recordId; }
    void setRecordId(const QString& id);
    const QVariantList& photos() const { return m_photos; }
    int count() const { return static_cast<int>(m_photos.size()); }
    bool isLoading() const { return m_loading; }
    bool isBusy() const { return m_busy; }
    bool canAttach() const { return m_canAttach; }
    const QString& refusal() const { return m_refusal; }
    const QString& refusalDetail() const { return m_refusalDetail; }
    bool isCameraAvailable() const;
    QString cameraUnavailableReason() const;
    const QString& errorMessage() const { return m_errorMessage; }
    const QString& errorDetail() const { return m_errorDetail; }
    const QString& notice() const { return m_notice; }

    // Takes a photo with the camera and seals it as evidence of the record.
    Q_INVOKABLE void takePhoto();
    // Seals the file at `file` (a local file URL) as evidence of the record; the file is only read.
    Q_INVOKABLE void attachFile(const QUrl& file);
    Q_INVOKABLE void reload();

    // "1a2b3c4d…9e8f": enough of a SHA-256 for a person to compare with a printed ledger.
    static QString shortHash(const QString& sha256);

    struct Snapshot;

signals:
    void sessionChanged();
    void devicesChanged();
    void recordChanged();
    void photosChanged();
    void loadingChanged();
    void busyChanged();
    void permissionChanged();
    void errorMessageChanged();
    void noticeChanged();
    // A photo or file was sealed into the vault as evidence of the record.
    void attached(const QString& attachmentId, const QString& sha256);

private:
    void clear();
    void apply(Snapshot snapshot);
    void onCaptured(const fieldcheck::platform::CapturedPhoto& photo);
    void onCaptureFailed(const QString& message);
    void seal(bool photo, std::function<Result<Attachment>(Store&)> job);
    void showError(const fieldcheck::Error& error);
    void setLoading(bool loading);
    void setBusy(bool busy);
    void setError(const QString& message, const QString& detail = {});
    void setNotice(const QString& notice);

    QPointer<Session> m_session;
    QPointer<Devices> m_devices;
    QString m_recordType, m_recordId;
    QVariantList m_photos;
    bool m_loading = false;
    bool m_busy = false;
    bool m_capturing = false;  // this controller asked the camera (another page may share it)
    bool m_canAttach = false;
    QString m_refusal, m_refusalDetail, m_errorMessage, m_errorDetail, m_notice;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
};

}  // namespace fieldcheck::ui
