#include "photo_controller.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QMimeDatabase>
#include <optional>
#include <utility>
#include <vector>

#include "camera.h"
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "logging.h"

namespace fieldcheck::ui {

struct PhotoController::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    QString error;
    bool found = false;
    bool withdrawn = false;
    std::optional<Error> refused;  // the permission table's refusal for the enrolled role
    std::vector<Attachment> attachments;
};

namespace {

QString formatTime(int64_t ms) {
    if (ms <= 0) return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// Reads the record's attachments and whether it takes new ones (as Store::attach would decide).
Status loadInto(Store& store, const std::string& type, const std::string& id, PhotoController::Snapshot& s) {
    auto record = store.getRecord(type, id);
    if (!record.ok()) {
        if (record.error().code == ErrorCode::NotFound) return {};  // found stays false
        return record.error();
    }
    s.found = true;
    s.withdrawn = record->withdrawn;
    FC_ASSIGN_OR_RETURN(auto role, replication::syncState(store, "role"));
    if (role && !role->empty()) {
        permissions::Request request;
        request.role = *role;
        request.type = type;
        request.kind = permissions::Request::Kind::Attach;
        request.before = &record.value();
        if (Status verdict = permissions::authorize(request); !verdict.ok()) s.refused = verdict.error();
    }
    FC_ASSIGN_OR_RETURN(s.attachments, store.attachmentsOf(type, id));
    return {};
}

}  // namespace

PhotoController::PhotoController(QObject* parent) : QObject(parent) {}

PhotoController::~PhotoController() { m_latest->store(++m_generation); }

QString PhotoController::shortHash(const QString& sha256) {
    if (sha256.size() <= 12) return sha256;
    return sha256.left(8) + QStringLiteral("…") + sha256.right(4);
}

void PhotoController::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &PhotoController::clear);
        connect(m_session, &Session::unlockedChanged, this, &PhotoController::reload);
        connect(m_session, &Session::recordsChanged, this, [this](const QString& type, const QStringList& ids) {
            // A move or a withdrawal of the record changes whether it takes photos.
            if (type == m_recordType && ids.contains(m_recordId)) reload();
        });
        connect(m_session, &Session::manyRecordsChanged, this, &PhotoController::reload);
    }
    emit sessionChanged();
    reload();
}

void PhotoController::setDevices(Devices* devices) {
    if (devices == m_devices) return;
    if (m_devices && m_devices->camera()) m_devices->camera()->disconnect(this);
    m_devices = devices;
    if (m_devices && m_devices->camera()) {
        connect(m_devices->camera(), &platform::Camera::captured, this, &PhotoController::onCaptured);
        connect(m_devices->camera(), &platform::Camera::failed, this, &PhotoController::onCaptureFailed);
    }
    emit devicesChanged();
}

void PhotoController::setRecordType(const QString& type) {
    if (type == m_recordType) return;
    m_recordType = type;
    emit recordChanged();
    reload();
}

void PhotoController::setRecordId(const QString& id) {
    if (id == m_recordId) return;
    m_recordId = id;
    emit recordChanged();
    reload();
}

bool PhotoController::isCameraAvailable() const {
    return m_devices && m_devices->camera() && m_devices->camera()->isAvailable();
}

QString PhotoController::cameraUnavailableReason() const {
    if (!m_devices || !m_devices->camera()) return platform::Camera::noCameraReason();
    return m_devices->camera()->unavailableReason();
}

void PhotoController::reload() {
    m_latest->store(++m_generation);
    if (!m_session || !m_session->isUnlocked() || m_recordType.isEmpty() || m_recordId.isEmpty()) {
        clear();
        if (m_recordId.isEmpty() && !m_recordType.isEmpty()) {
            m_refusal = tr("Save the record first; then photos can be added.");
            emit permissionChanged();
        }
        return;
    }
    setLoading(true);
    const quint64 generation = m_generation;
    const std::string type = m_recordType.toStdString();
    const std::string id = m_recordId.toStdString();
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation, type, id](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            if (Status st = loadInto(store, type, id, s); !st.ok()) {
                qCWarning(lcUi).noquote() << "reading the attachments of" << QString::fromStdString(type)
                                          << QString::fromStdString(id)
                                          << "failed:" << QString::fromStdString(st.error().toString());
                s = Snapshot{};
                s.generation = generation;
                s.error = PhotoController::tr("The photos could not be read. The store may be damaged.");
            }
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void PhotoController::clear() {
    m_latest->store(++m_generation);
    setLoading(false);
    m_capturing = false;
    setBusy(false);
    if (!m_photos.isEmpty()) {
        m_photos.clear();
        emit photosChanged();
    }
    m_canAttach = false;
    m_refusal.clear();
    m_refusalDetail.clear();
    emit permissionChanged();
    setError({});
    setNotice({});
}

void PhotoController::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    setLoading(false);
    m_photos.clear();
    for (const Attachment& a : s.attachments) {
        const QString sha = QString::fromStdString(a.sha256);
        const QString mediaType = QString::fromStdString(a.mediaType);
        m_photos.append(QVariantMap{{QStringLiteral("attachmentId"), QString::fromStdString(a.id)},
                                    {QStringLiteral("fileName"), QString::fromStdString(a.fileName)},
                                    {QStringLiteral("mediaType"), mediaType},
                                    {QStringLiteral("isImage"), mediaType.startsWith(QLatin1String("image/"))},
                                    {QStringLiteral("sha256"), sha},
                                    {QStringLiteral("sha256Short"), shortHash(sha)},
                                    {QStringLiteral("capturedAt"), formatTime(a.capturedMs)},
                                    {QStringLiteral("capturedBy"), QString::fromStdString(a.capturedBy)},
                                    {QStringLiteral("size"), QLocale().formattedDataSize(a.sizeBytes)}});
    }
    emit photosChanged();

    m_canAttach = false;
    m_refusalDetail.clear();
    if (!s.error.isEmpty()) {
        m_refusal = s.error;
    } else if (!s.found) {
        m_refusal = tr("This record is not on this device.");
    } else if (s.withdrawn) {
        m_refusal = tr("This record was withdrawn: no photos can be added.");
    } else if (s.refused) {
        m_refusal = tr("Your role may not add photos to this record now.");
        m_refusalDetail = QString::fromStdString(s.refused->message);
    } else {
        m_canAttach = true;
        m_refusal.clear();
    }
    emit permissionChanged();
}

void PhotoController::takePhoto() {
    if (m_busy || !m_session) return;
    setError({});
    setNotice({});
    if (!m_canAttach) {
        setError(m_refusal, m_refusalDetail);
        return;
    }
    if (!isCameraAvailable()) {
        setError(cameraUnavailableReason());
        return;
    }
    m_capturing = true;
    setBusy(true);
    m_devices->camera()->capture();
}

void PhotoController::onCaptured(const platform::CapturedPhoto& photo) {
    if (!m_capturing) return;  // another page asked for this one
    m_capturing = false;
    // The job owns the photo (its bytes share the camera's buffer, which sealPhoto() wipes); it
    // crosses to the store thread by value and is wiped there, sealed or not.
    auto held = std::make_shared<platform::CapturedPhoto>(photo);
    const std::string type = m_recordType.toStdString();
    const std::string id = m_recordId.toStdString();
    seal(true, [held, type, id](Store& store) {
        auto sealed = platform::sealPhoto(store, type, id, *held);
        platform::wipePhotoBytes(held->bytes);  // on failure too: the user takes it again
        return sealed;
    });
}

void PhotoController::onCaptureFailed(const QString& message) {
    if (!m_capturing) return;
    m_capturing = false;
    setBusy(false);
    setError(message);
}

void PhotoController::attachFile(const QUrl& file) {
    if (m_busy || !m_session) return;
    setError({});
    setNotice({});
    if (!m_canAttach) {
        setError(m_refusal, m_refusalDetail);
        return;
    }
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable()) {
        setError(tr("The file “%1” cannot be read. Choose it again, or another one.").arg(info.fileName()));
        return;
    }
    setBusy(true);
    const std::string type = m_recordType.toStdString();
    const std::string id = m_recordId.toStdString();
    const std::string source = path.toStdString();
    const std::string mediaType = QMimeDatabase().mimeTypeForFile(info).name().toStdString();
    const std::string fileName = info.fileName().toStdString();
    seal(false, [type, id, source, mediaType, fileName](Store& store) {
        return store.attachFile(type, id, source, mediaType, fileName);
    });
}

void PhotoController::seal(bool photo, std::function<Result<Attachment>(Store&)> job) {
    setBusy(true);
    m_session->run<Result<Attachment>>(this, std::move(job), [this, photo](Result<Attachment> sealed) {
        setBusy(false);
        if (!sealed.ok()) {
            qCInfo(lcUi).noquote() << "sealing an attachment failed:" << QString::fromStdString(sealed.error().toString());
            showError(sealed.error());
            reload();  // the record may have moved on
            return;
        }
        const QString sha = QString::fromStdString(sealed->sha256);
        //: %1 is the start and the end of the photo's SHA-256
        setNotice(photo ? tr("Photo sealed on the device, SHA-256 %1.").arg(shortHash(sha))
                        //: %1 is the start and the end of the file's SHA-256
                        : tr("File sealed on the device, SHA-256 %1.").arg(shortHash(sha)));
        m_session->notifyChanged(m_recordType, {m_recordId});
        emit attached(QString::fromStdString(sealed->id), sha);
        reload();
    });
}

void PhotoController::showError(const fieldcheck::Error& error) {
    switch (error.code) {
        case ErrorCode::Unauthorized:
            setError(tr("Your role may not add photos to this record now."), QString::fromStdString(error.message));
            return;
        case ErrorCode::IllegalTransition:
            setError(tr("This record was withdrawn: no photos can be added."));
            return;
        case ErrorCode::NotFound:
            setError(tr("This record is not on this device any more."));
            return;
        case ErrorCode::InvalidArgument:
            setError(tr("The photo was empty. Take it again."));
            return;
        case ErrorCode::IoError:
            setError(tr("The photo could not be sealed: the device refused to write it. Free some space and try again."));
            return;
        default:
            qCWarning(lcUi).noquote() << "sealing failed:" << QString::fromStdString(error.toString());
            setError(tr("The photo could not be sealed. Try again; if it keeps failing, report it to the office."));
            return;
    }
}

void PhotoController::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void PhotoController::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
}

void PhotoController::setError(const QString& message, const QString& detail) {
    if (message == m_errorMessage && detail == m_errorDetail) return;
    m_errorMessage = message;
    m_errorDetail = detail;
    emit errorMessageChanged();
}

void PhotoController::setNotice(const QString& notice) {
    if (notice == m_notice) return;
    m_notice = notice;
    emit noticeChanged();
}

}  // namespace fieldcheck::ui
