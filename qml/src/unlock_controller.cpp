#include "unlock_controller.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fieldcheck/core/keyring.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/pin_unlock.h"
#include "logging.h"
#include "secret_text.h"
#include "session.h"

namespace fieldcheck::ui {

// What a worker thread hands back: an open store or the core's error.
struct UnlockController::Outcome {
    std::unique_ptr<fieldcheck::Store> store;
    std::optional<fieldcheck::Error> error;
};

namespace {

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

// 4 to 12 digits (the keyring's rule): anything else costs no attempt.
bool looksLikePin(const QString& pin) {
    if (pin.size() < 4 || pin.size() > 12) return false;
    for (const QChar c : pin) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) return false;
    }
    return true;
}

}  // namespace

UnlockController::UnlockController(Session& session, fieldcheck::platform::KeyStore* keyStore,
                                   fieldcheck::KdfParams kdfForNewStores, QObject* parent)
    : QObject(parent),
      m_session(session),
      m_keyStore(keyStore),
      m_kdfForNewStores(std::move(kdfForNewStores)),
      m_storeExists(storeFilesExist(session.storePath())) {
    refreshPinSet();
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &UnlockController::onJobFinished);
    connect(&m_pinWatcher, &QFutureWatcherBase::finished, this, [this] {
        const fieldcheck::Status status = m_pinWatcher.result();
        m_pinBusy = false;
        emit pinBusyChanged();
        refreshPinSet();
        if (status.ok()) {
            setPinMessage(m_pinSuccessMessage, false);
            return;
        }
        qCWarning(lcUi).noquote() << "PIN change failed:" << QString::fromStdString(status.error().toString());
        switch (status.error().code) {
            case fieldcheck::ErrorCode::WrongPassphrase:
                setPinMessage(tr("Wrong passphrase: the PIN was not changed."), true);
                break;
            case fieldcheck::ErrorCode::Locked:
                setPinMessage(tr("Too many wrong passphrases. Wait a while, then try again."), true);
                break;
            case fieldcheck::ErrorCode::Unsupported:
            case fieldcheck::ErrorCode::Unauthorized:
                setPinMessage(tr("The device's key store did not keep the PIN's secret, so no PIN was set. "
                                 "Unlock with the passphrase."), true);
                break;
            default:
                setPinMessage(tr("The PIN could not be changed (%1). Try again; the passphrase still opens the store.")
                                  .arg(QString::fromUtf8(fieldcheck::errorCodeName(status.error().code).data())),
                              true);
        }
    });
    connect(&m_passphraseWatcher, &QFutureWatcherBase::finished, this, [this] {
        const fieldcheck::Status status = m_passphraseWatcher.result();
        m_passphraseBusy = false;
        emit passphraseBusyChanged();
        if (status.ok()) {
            setPassphraseMessage(tr("Passphrase changed. Use the new one from now on; the PIN, if set, still works."), false);
            return;
        }
        qCWarning(lcUi).noquote() << "passphrase change failed:" << QString::fromStdString(status.error().toString());
        switch (status.error().code) {
            case fieldcheck::ErrorCode::WrongPassphrase:
                setPassphraseMessage(tr("The current passphrase is wrong: nothing was changed."), true);
                break;
            case fieldcheck::ErrorCode::Locked:
                setPassphraseMessage(tr("Too many wrong passphrases. Wait a while, then try again."), true);
                break;
            default:
                setPassphraseMessage(tr("The passphrase could not be changed (%1). The old one still works; try again.")
                                         .arg(QString::fromUtf8(fieldcheck::errorCodeName(status.error().code).data())),
                                     true);
        }
    });
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
    m_pinWatcher.disconnect(this);
    m_pinWatcher.waitForFinished();
    m_passphraseWatcher.disconnect(this);
    m_passphraseWatcher.waitForFinished();
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
    startUnlock(toSecret(passphrase));
}

void UnlockController::unlockWithPassphrase(fieldcheck::SecretBytes passphrase) {
    if (m_busy || m_session.isUnlocked()) return;
    if (passphrase.empty()) {
        fail(tr("Enter the passphrase."));
        return;
    }
    startUnlock(std::make_shared<const fieldcheck::SecretBytes>(std::move(passphrase)));
}

void UnlockController::startUnlock(std::shared_ptr<const fieldcheck::SecretBytes> passphrase) {
    const std::string path = QFile::encodeName(m_session.storePath()).toStdString();
    start([path, secret = std::move(passphrase)] { return fieldcheck::Store::open(path, *secret); });
}

void UnlockController::unlockWithPin(const QString& pin) {
    if (m_busy || m_session.isUnlocked()) return;
    if (m_keyStore == nullptr || !m_pinSet) {
        fail(tr("No PIN is set on this device. Unlock with the passphrase."));
        return;
    }
    if (!looksLikePin(pin)) {
        fail(tr("A PIN has 4 to 12 digits."));
        return;
    }
    const std::string path = QFile::encodeName(m_session.storePath()).toStdString();
    m_pinAttempt = true;
    start([path, keyStore = m_keyStore, secret = toSecret(pin)] {
        return fieldcheck::platform::openWithPin(*keyStore, path, *secret);
    });
}

void UnlockController::setPin(const QString& passphrase, const QString& pin, const QString& confirmation) {
    if (m_pinBusy || !m_session.isUnlocked()) return;
    if (m_keyStore == nullptr) {
        setPinMessage(tr("This device has no key store, so a PIN cannot be kept safely. Unlock with the passphrase."), true);
        return;
    }
    if (passphrase.isEmpty()) {
        setPinMessage(tr("Enter the passphrase: it proves that you may set a PIN."), true);
        return;
    }
    if (!looksLikePin(pin)) {
        setPinMessage(tr("A PIN has 4 to 12 digits."), true);
        return;
    }
    if (pin != confirmation) {
        setPinMessage(tr("The two PINs do not match. Enter the same PIN twice."), true);
        return;
    }
    const std::string path = QFile::encodeName(m_session.storePath()).toStdString();
    runPinJob([path, keyStore = m_keyStore, kdf = m_kdfForNewStores, pass = toSecret(passphrase), secret = toSecret(pin)] {
        return fieldcheck::platform::enablePin(*keyStore, path, *pass, *secret, kdf);
    }, tr("PIN set. From now on the PIN unlocks this device; the passphrase still works."));
}

void UnlockController::removePin() {
    if (m_pinBusy || !m_session.isUnlocked() || m_keyStore == nullptr) return;
    const std::string path = QFile::encodeName(m_session.storePath()).toStdString();
    runPinJob([path, keyStore = m_keyStore] { return fieldcheck::platform::disablePin(*keyStore, path); },
              tr("PIN removed. Only the passphrase unlocks this device now."));
}

void UnlockController::changePassphrase(const QString& current, const QString& next, const QString& confirmation) {
    if (m_passphraseBusy || !m_session.isUnlocked()) return;
    if (current.isEmpty()) {
        setPassphraseMessage(tr("Enter the current passphrase."), true);
        return;
    }
    if (characterCount(next) < kMinimumPassphraseLength) {
        setPassphraseMessage(tr("The passphrase must have at least %1 characters.").arg(kMinimumPassphraseLength), true);
        return;
    }
    if (next != confirmation) {
        setPassphraseMessage(tr("The two passphrases do not match. Enter the same passphrase twice."), true);
        return;
    }
    const std::string path = QFile::encodeName(m_session.storePath()).toStdString();
    setPassphraseMessage({}, false);
    m_passphraseBusy = true;
    emit passphraseBusyChanged();
    m_passphraseWatcher.setFuture(QtConcurrent::run(
        [path, kdf = m_kdfForNewStores, oldSecret = toSecret(current), newSecret = toSecret(next)] {
            return fieldcheck::Store::changePassphrase(path, *oldSecret, *newSecret, kdf);
        }));
}

void UnlockController::setPassphraseMessage(const QString& message, bool isError) {
    if (message == m_passphraseMessage && isError == m_passphraseMessageIsError) return;
    m_passphraseMessage = message;
    m_passphraseMessageIsError = isError;
    emit passphraseMessageChanged();
}

void UnlockController::runPinJob(std::function<fieldcheck::Status()> job, QString successMessage) {
    m_pinSuccessMessage = std::move(successMessage);
    setPinMessage({}, false);
    m_pinBusy = true;
    emit pinBusyChanged();
    m_pinWatcher.setFuture(QtConcurrent::run(std::move(job)));
}

void UnlockController::setPinMessage(const QString& message, bool isError) {
    if (message == m_pinMessage && isError == m_pinMessageIsError) return;
    m_pinMessage = message;
    m_pinMessageIsError = isError;
    emit pinMessageChanged();
}

void UnlockController::refreshPinSet() {
    bool set = false;
    if (m_keyStore != nullptr && storeFilesExist(m_session.storePath())) {
        // A small file read (the keyring), not the database.
        auto has = fieldcheck::Store::hasPin(QFile::encodeName(m_session.storePath()).toStdString());
        set = has.ok() && has.value();
    }
    if (set == m_pinSet) return;
    m_pinSet = set;
    emit pinSetChanged();
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
    setPinMessage({}, false);
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
    const bool withPin = std::exchange(m_pinAttempt, false);
    setBusy(false);
    refreshStoreExists();
    refreshPinSet();  // the fifth wrong PIN erased it
    if (!outcome || outcome->error) {
        const fieldcheck::Error error = outcome ? *outcome->error
                                                : fieldcheck::Error{fieldcheck::ErrorCode::Internal, "no result"};
        if (withPin) showPinError(error);
        else showCoreError(error);
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

void UnlockController::showPinError(const fieldcheck::Error& error) {
    using fieldcheck::ErrorCode;
    qCWarning(lcUi).noquote() << "PIN unlock failed:" << QString::fromStdString(error.toString());
    switch (error.code) {
        case ErrorCode::WrongPassphrase:
            if (!m_pinSet) {
                setErrorMessage(tr("Too many wrong PINs: the PIN has been erased. Unlock with the passphrase, "
                                   "then choose a new PIN in Settings."));
            } else {
                setErrorMessage(tr("Wrong PIN. After %n more wrong PIN(s) only the passphrase will open the store.",
                                   nullptr, pinAttemptsLeft()));
            }
            startRetryCountdown(secondsToWait(error));
            return;
        case ErrorCode::Locked:
            setErrorMessage(tr("Too many wrong PINs. Wait, then try again."));
            startRetryCountdown(secondsToWait(error));
            return;
        case ErrorCode::NotFound:
            setErrorMessage(tr("The PIN no longer works on this device (the key store lost its secret). Unlock with the "
                               "passphrase and choose a new PIN in Settings."));
            return;
        case ErrorCode::Unsupported:
        case ErrorCode::Unauthorized:
            setErrorMessage(tr("The device's key store did not answer, so the PIN cannot be checked. Unlock with the "
                               "passphrase."));
            return;
        default:
            showCoreError(error);
    }
}

int UnlockController::pinAttemptsLeft() const {
    auto keyring = fieldcheck::Keyring::load(
        fieldcheck::Keyring::pathForStore(QFile::encodeName(m_session.storePath()).toStdString()));
    if (!keyring.ok()) return 0;
    return std::max(0, fieldcheck::kMaxPinAttempts - keyring->failedPinAttempts());
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
