// Creating and unlocking the encrypted store from the unlock page.
//
// unlockWithPin(pin) opens it with the short PIN when one is set (pinSet); setPin() and
// removePin() are offered in Settings. The PIN works only with the device secret the platform key
// store keeps (platform/pin_unlock.h): without a key store the app asks for the passphrase and
// never keeps a key on disk; the fifth wrong PIN in a row erases the PIN.
//
// createStore(passphrase, confirmation) checks the passphrase (at least kMinimumPassphraseLength
// characters, both entries equal) and creates a new store; unlock(passphrase) opens the existing
// one. Both run Argon2id and SQLCipher on a worker thread (QtConcurrent), so the page stays
// responsive; `busy` is true meanwhile and further requests are ignored. On success the store
// goes to the Session, which switches the UI to the home page. On failure `errorMessage` says,
// in the user's language, what happened and what to do; after too many wrong passphrases the core
// imposes a delay, which `retryAfterSeconds` counts down.
//
// Secrets: the passphrase is copied once into SecretBytes (locked memory, wiped on release) and
// the temporary UTF-8 copy is zeroed. It is never stored in this object, never a property, never
// logged. The QString QML passes in is owned by the JavaScript engine and cannot be wiped from
// here; the page clears its text fields right after the call (known debt: a secure text input).
//
// QML sees it as the singleton `UnlockController` (service_singletons.h). Built in main().
#pragma once

#include <QDeadlineTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck {
class Store;
}
namespace fieldcheck::platform {
class KeyStore;
}

namespace fieldcheck::ui {

class Session;

class UnlockController : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool storeExists READ storeExists NOTIFY storeExistsChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(bool unlocked READ isUnlocked NOTIFY unlockedChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(int retryAfterSeconds READ retryAfterSeconds NOTIFY retryAfterSecondsChanged)
    Q_PROPERTY(int minimumPassphraseLength READ minimumPassphraseLength CONSTANT)
    // The store opens with a short PIN too (keyring "pin" wrapping + the device secret in the key
    // store); the unlock page then asks for the PIN first.
    Q_PROPERTY(bool pinSet READ isPinSet NOTIFY pinSetChanged)
    // A key store answers on this device (else no PIN can be set: the passphrase is always asked).
    Q_PROPERTY(bool keyStoreAvailable READ isKeyStoreAvailable CONSTANT)
    // Setting or removing the PIN (Settings): running, and what came of it.
    Q_PROPERTY(bool pinBusy READ isPinBusy NOTIFY pinBusyChanged)
    Q_PROPERTY(QString pinMessage READ pinMessage NOTIFY pinMessageChanged)
    Q_PROPERTY(bool pinMessageIsError READ pinMessageIsError NOTIFY pinMessageChanged)
    // Changing the passphrase (Settings): running, and what came of it.
    Q_PROPERTY(bool passphraseBusy READ isPassphraseBusy NOTIFY passphraseBusyChanged)
    Q_PROPERTY(QString passphraseMessage READ passphraseMessage NOTIFY passphraseMessageChanged)
    Q_PROPERTY(bool passphraseMessageIsError READ passphraseMessageIsError NOTIFY passphraseMessageChanged)

public:
    static constexpr int kMinimumPassphraseLength = 8;  // Unicode characters

    // `session` must outlive the controller, `keyStore` too when given (nullptr: no key store on
    // this device, the PIN is never offered). `kdfForNewStores` is the Argon2id cost of stores and
    // PINs made here: KdfParams::interactive() in production, minimumForTests() in tests only.
    UnlockController(Session& session, fieldcheck::platform::KeyStore* keyStore,
                     fieldcheck::KdfParams kdfForNewStores, QObject* parent = nullptr);
    // Waits for a running attempt to finish; a store it opened is closed again.
    ~UnlockController() override;

    bool storeExists() const { return m_storeExists; }
    bool isBusy() const { return m_busy; }
    bool isUnlocked() const;
    const QString& errorMessage() const { return m_errorMessage; }
    int retryAfterSeconds() const;
    int minimumPassphraseLength() const { return kMinimumPassphraseLength; }
    bool isPinSet() const { return m_pinSet; }
    bool isKeyStoreAvailable() const { return m_keyStore != nullptr; }
    bool isPinBusy() const { return m_pinBusy; }
    const QString& pinMessage() const { return m_pinMessage; }
    bool pinMessageIsError() const { return m_pinMessageIsError; }
    bool isPassphraseBusy() const { return m_passphraseBusy; }
    const QString& passphraseMessage() const { return m_passphraseMessage; }
    bool passphraseMessageIsError() const { return m_passphraseMessageIsError; }

    // Opens the existing store. Ignored while busy. An empty passphrase is refused without an
    // attempt being counted.
    Q_INVOKABLE void unlock(const QString& passphrase);
    // The same with a passphrase already in locked memory, on the same worker: for the benchmark
    // mode, which reads it from a file descriptor so that it never becomes a QString. Not for QML.
    void unlockWithPassphrase(fieldcheck::SecretBytes passphrase);
    // Creates a new store. Refused (errorMessage) when the passphrase is too short or the two
    // entries differ; the store is not touched then.
    Q_INVOKABLE void createStore(const QString& passphrase, const QString& confirmation);
    // Opens the store with the PIN. Ignored while busy; refused without an attempt unless it is 4
    // to 12 digits.
    Q_INVOKABLE void unlockWithPin(const QString& pin);
    // Settings, while unlocked: lets `pin` open the store from now on (the passphrase proves the
    // right to), or removes the PIN. Run on a worker; `pinBusy`, then `pinMessage`.
    Q_INVOKABLE void setPin(const QString& passphrase, const QString& pin, const QString& confirmation);
    Q_INVOKABLE void removePin();
    // Settings, while unlocked: re-wraps the database key with a new passphrase (the same rules as
    // at creation); the database and a PIN set before are untouched. Run on a worker.
    Q_INVOKABLE void changePassphrase(const QString& current, const QString& next, const QString& confirmation);
    Q_INVOKABLE void clearError();
    // Looks again whether a store exists at the session's path (e.g. after it was restored).
    Q_INVOKABLE void refreshStoreExists();

signals:
    void storeExistsChanged();
    void busyChanged();
    void unlockedChanged();
    void errorMessageChanged();
    void retryAfterSecondsChanged();
    void pinSetChanged();
    void pinBusyChanged();
    void pinMessageChanged();
    void passphraseBusyChanged();
    void passphraseMessageChanged();
    // Emitted once per finished unlock or create attempt (also when refused before starting).
    void attemptFinished(bool success);

private:
    struct Outcome;
    using Job = std::function<fieldcheck::Result<std::unique_ptr<fieldcheck::Store>>()>;

    void start(Job job);
    void startUnlock(std::shared_ptr<const fieldcheck::SecretBytes> passphrase);
    void onJobFinished();
    void fail(const QString& message);
    void showCoreError(const fieldcheck::Error& error);
    void showPinError(const fieldcheck::Error& error);
    int pinAttemptsLeft() const;
    void startRetryCountdown(int seconds);
    void setBusy(bool busy);
    void setErrorMessage(const QString& message);
    void refreshPinSet();
    void runPinJob(std::function<fieldcheck::Status()> job, QString successMessage);
    void setPinMessage(const QString& message, bool isError);
    void setPassphraseMessage(const QString& message, bool isError);

    Session& m_session;
    fieldcheck::platform::KeyStore* m_keyStore;
    fieldcheck::KdfParams m_kdfForNewStores;
    QFutureWatcher<fieldcheck::Status> m_pinWatcher;
    QString m_pinSuccessMessage;
    bool m_pinSet = false;
    bool m_pinBusy = false;
    bool m_pinAttempt = false;  // the running unlock attempt is with the PIN
    QString m_pinMessage;
    bool m_pinMessageIsError = false;
    QFutureWatcher<fieldcheck::Status> m_passphraseWatcher;
    bool m_passphraseBusy = false;
    QString m_passphraseMessage;
    bool m_passphraseMessageIsError = false;
    QFutureWatcher<std::shared_ptr<Outcome>> m_watcher;
    bool m_storeExists = false;
    bool m_busy = false;
    QString m_errorMessage;
    QDeadlineTimer m_retryDeadline;
    QTimer m_retryTicker;
    int m_lastRetrySeconds = 0;
};

}  // namespace fieldcheck::ui
