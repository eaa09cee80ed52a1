// The operating system's key store: where the app keeps the device secret that, with the user's
// short PIN, unwraps the database key (the keyring's PIN wrapping). A secret in the key store is
// out of reach of whoever copies the app's files: the Secret Service keeps it encrypted under the
// user's login, the Android Keystore and the iOS Keychain in hardware where the device has it.
//
// One interface, an implementation per OS (platform/qt/qt_key_store.h for Linux, macOS and
// Windows through QtKeychain; Android's and iOS's are to sit beside it, compiled only there) and an
// in-memory fake with fault switches for tests. Where no key store answers, callers ask for the full passphrase:
// no implementation ever falls back to keeping a secret in a file.
//
// Calls block until the key store answers (a D-Bus round trip, a system prompt): never call them
// on the UI thread.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck::platform {

class KeyStore {
public:
    virtual ~KeyStore() = default;
    // For messages: "Secret Service", "Android Keystore", "test fake".
    virtual std::string name() const = 0;
    // The secret kept under `account`. NotFound: nothing is kept there. Unsupported: no key store
    // answers on this machine (use the passphrase). Unauthorized: the key store refused access
    // (the user said no, or the store is locked). IoError: anything else, with the store's words.
    virtual Result<SecretBytes> read(const std::string& account) = 0;
    // Keeps `secret` under `account`, replacing what was there. Errors as for read().
    virtual Status write(const std::string& account, const SecretBytes& secret) = 0;
    // Removes the secret under `account`; succeeds when there was none.
    virtual Status erase(const std::string& account) = 0;
};

// A key store in memory for tests, with switches for the ways a real one fails.
class FakeKeyStore : public KeyStore {
public:
    struct Faults {
        bool unavailable = false;   // every call: Unsupported (no key store on this machine)
        bool denyAccess = false;    // every call: Unauthorized (the user refused)
        bool failWrites = false;    // write: IoError, nothing kept
        bool failErases = false;    // erase: IoError, the secret stays
        bool loseSecrets = false;   // read: NotFound although written (a reset key store)
    };

    std::string name() const override { return "test fake"; }
    Result<SecretBytes> read(const std::string& account) override;
    Status write(const std::string& account, const SecretBytes& secret) override;
    Status erase(const std::string& account) override;

    void setFaults(const Faults& faults);
    bool holds(const std::string& account) const;
    int calls() const;  // read, write and erase calls so far, failed ones included

private:
    Status fault() const;

    mutable std::mutex m_mutex;
    Faults m_faults;
    std::map<std::string, std::string> m_secrets;  // in memory only; tests look, never persist
    int m_calls = 0;
};

}  // namespace fieldcheck::platform
