#include "unlock_controller.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fieldcheck/core/keyring.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "session.h"

namespace fieldcheck::ui {

// What a worker thread hands back: an open store or the core's error.
struct UnlockController::Outcome {
    std::unique_ptr<fieldcheck::Store> store;
    std::optional<fieldcheck::Error> error;
};

namespace {

// Copies the passphrase into locked memory and zeroes the temporary UTF-8 bytes.
std::shared_ptr<const fieldcheck::SecretBytes> toSecret(const QString& passphrase) {
    QByteArray utf8 = passphrase.toUtf8();
    auto secret =
        std::make_shared<const fieldcheck::SecretBytes>(fieldcheck::SecretBytes::fromString(
            std::string_view(utf8.constData(), static_cast<size_t>(utf8.size()))));
    utf8.fill('\0');
    return secret;
}

// Characters as people count them (code points, not UTF-16 units), without copying the secret.
int characterCount(const QString& s) {
    int count = 0;
    for (const QChar c : s) {
        if (!c.isLowSurrogate()) ++count;
    }
    return count;
}

// Whole seconds the next unlock attempt must wait, as the core says; 0 when it need not.
int secondsToWait(const fieldcheck::Error& error) {
    return static_cast<int>((error.retryAfterMs + 999) / 1000);
}

bool storeFilesExist(const QString& path) {
    return fieldcheck::Store::exists(QFile::encodeName(path).toStdString());
}

}  // namespace

UnlockController::UnlockController(Session& session, fieldcheck::KdfParams kdfForNewStores,
                                   QObject* parent)
    : QObject(parent),
      m_session(session),
      m_kdfForNewStores(std::move(kdfForNewStores)),
      m_storeExists(storeFilesExist(session.storePath())) {
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &UnlockController::onJobFinished);
    connect(&m_session, &Session::unlockedChanged, this, &UnlockController::unlockedChanged);
    connect(&m_session, &Session::unlockedChanged, this, [this] {
        if (!m_session.isUnlocked()) refreshStoreExists();
    });
    m_retryTicker.setInterval(250);
    connect(&m_retryTicker, &QTimer::timeout, this, [this] {
        const int seconds = retryAfterSeconds();
        if (seconds != m_lastRetrySeconds) {
            m_lastRetrySeconds = seconds;
            emit retryAfterSecondsChanged();
        }
        if (seconds == 0) m_retryTicker.stop();
    });
}

UnlockController::~UnlockController() {
    // The job holds no pointer to this object; waiting only makes sure a store it opened is
    // closed before the process tears down the libraries it uses.
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

bool UnlockController::isUnlocked() const {
    return m_session.isUnlocked();
}

int UnlockController::retryAfterSeconds() const {
    if (m_retryDeadline.hasExpired()) return 0;
    return static_cast<int>((m_retryDeadline.remainingTime() + 999) / 1000);
}

void UnlockController::unlock(const QString& passphrase) {
    if (m_busy || m_session.isUnlocked()) return;
    if (passphrase.isEmpty()) {
        fail(tr("Enter the passphrase."));
        return;
    }
    const std::string path = QFile::encodeName(m_session.storePath()).toStdString();
    start([path, secret = toSecret(passphrase)] { return fieldcheck::Store::open(path, *secret); });
}

void UnlockController::createStore(const QString& passphrase, const QString& confirmation) {
    if (m_busy) return;
    if (characterCount(passphrase) < kMinimumPassphraseLength) {
        fail(tr("The passphrase must have at least %1 characters.").arg(kMinimumPassphraseLength));
        return;
    }
    if (passphrase != confirmation) {
        fail(tr("The two passphrases do not match. Enter the same passphrase twice."));
        return;
    }
    if (m_session.isUnlocked() || storeFilesExist(m_session.storePath())) {
        refreshStoreExists();
        fail(tr("A store already exists on this device. Unlock it instead."));
        return;
    }
    const QString directory = QFileInfo(m_session.storePath()).absolutePath();
    if (!QDir().mkpath(directory)) {
        qCWarning(lcUi) << "cannot create the store directory" << directory;
        fail(tr("The app cannot write to its data directory (%1).").arg(directory));
        return;
    }
    const std::string path = QFile::encodeName(m_session.storePath()).toStdString();
    start([path, kdf = m_kdfForNewStores, secret = toSecret(passphrase)] {
        return fieldcheck::Store::create(path, *secret, kdf);
    });
}

void UnlockController::clearError() {
    setErrorMessage({});
}

void UnlockController::refreshStoreExists() {
    const bool exists = storeFilesExist(m_session.storePath());
    if (exists == m_storeExists) return;
    m_storeExists = exists;
    emit storeExistsChanged();
}

void UnlockController::start(Job job) {
    setErrorMessage({});
    setBusy(true);
    m_watcher.setFuture(QtConcurrent::run([job = std::move(job)] {
        auto outcome = std::make_shared<Outcome>();
        auto result = job();
        if (result.ok()) {
            outcome->store = std::move(result).value();
        } else {
            outcome->error = result.error();
        }
        return outcome;
    }));
}

void UnlockController::onJobFinished() {
    const std::shared_ptr<Outcome> outcome = m_watcher.result();
    setBusy(false);
    refreshStoreExists();
    if (!outcome || outcome->error) {
        showCoreError(outcome ? *outcome->error
                              : fieldcheck::Error{fieldcheck::ErrorCode::Internal, "no result"});
        emit attemptFinished(false);
        return;
    }
    setErrorMessage({});
    m_retryDeadline = QDeadlineTimer();  // expired: no wait
    m_session.adopt(std::move(outcome->store));
    emit attemptFinished(true);
}

void UnlockController::fail(const QString& message) {
    setErrorMessage(message);
    emit attemptFinished(false);
}

void UnlockController::showCoreError(const fieldcheck::Error& error) {
    using fieldcheck::ErrorCode;
    // The core's message is English, for logs; it holds paths but never the passphrase.
    qCWarning(lcUi).noquote() << "unlock failed:" << QString::fromStdString(error.toString());
    QString message;
    switch (error.code) {
        case ErrorCode::WrongPassphrase:
            message = tr("Wrong passphrase. Check it and try again.");
            break;
        case ErrorCode::Locked:
            message = tr("Too many wrong passphrases. The store is locked for a while.");
            break;
        case ErrorCode::NotFound:
            message = tr("There is no store on this device yet.");
            break;
        case ErrorCode::AlreadyExists:
            message = tr("A store already exists on this device. Unlock it instead.");
            break;
        case ErrorCode::Corrupt:
            message =
                tr("The store is damaged or has been tampered with and cannot be opened. "
                   "Contact the administrator; do not delete it.");
            break;
        case ErrorCode::NotAFieldCheckStore:
            message =
                tr("The file at the store location is not a FieldCheck store, or its keyring "
                   "is missing.");
            break;
        case ErrorCode::TooNew:
            message =
                tr("The store was written by a newer version of FieldCheck. Update the app to "
                   "open it.");
            break;
        case ErrorCode::Unsupported:
            message = tr("This build of the app cannot encrypt data. Contact the administrator.");
            break;
        case ErrorCode::IoError:
            message =
                tr("The store could not be read or written. Check the free space on the device.");
            break;
        default:
            message =
                tr("The store could not be opened (%1).")
                    .arg(QString::fromUtf8(
                        fieldcheck::errorCodeName(error.code).data(),
                        static_cast<qsizetype>(fieldcheck::errorCodeName(error.code).size())));
            break;
    }
    if (error.code == ErrorCode::WrongPassphrase || error.code == ErrorCode::Locked) {
        startRetryCountdown(secondsToWait(error));
    }
    setErrorMessage(message);
}

void UnlockController::startRetryCountdown(int seconds) {
    m_retryDeadline = QDeadlineTimer(qint64(seconds) * 1000);
    m_lastRetrySeconds = retryAfterSeconds();
    emit retryAfterSecondsChanged();
    if (seconds > 0) m_retryTicker.start();
}

void UnlockController::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
}

void UnlockController::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

}  // namespace fieldcheck::ui
