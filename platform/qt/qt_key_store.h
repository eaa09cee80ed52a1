// The key store of a desktop through QtKeychain: the Secret Service on Linux (GNOME Keyring,
// KWallet, KeePassXC…), the Keychain on macOS, the Credential Store on Windows. Secrets are kept
// under the service "FieldCheck" and the account the caller names.
//
// QtKeychain can fall back to a plaintext settings file when no key store answers; that fallback is
// switched off here, explicitly: without a key store the calls fail with Unsupported and the app
// asks for the passphrase.
//
// Needs a QCoreApplication. Each call runs QtKeychain's job in a local event loop on the calling
// thread and returns when the key store has answered: call it from a worker thread, not the UI's.
#pragma once

#include <string>

#include "fieldcheck/platform/key_store.h"

namespace fieldcheck::platform {

class QtKeyStore : public KeyStore {
public:
    explicit QtKeyStore(std::string service = "FieldCheck");
    std::string name() const override;
    Result<SecretBytes> read(const std::string& account) override;
    Status write(const std::string& account, const SecretBytes& secret) override;
    Status erase(const std::string& account) override;

private:
    std::string m_service;
};

}  // namespace fieldcheck::platform
