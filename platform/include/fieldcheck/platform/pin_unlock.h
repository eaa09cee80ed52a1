// Unlocking a store with a short PIN (keyring.h, "pin"), the device secret kept by the platform
// key store (key_store.h). The secret is 32 random bytes made when the PIN is set, kept under the
// account "device-secret/<store id>" and never written anywhere else.
//
// Without a key store (Unsupported), or when the key store has lost the secret, the PIN cannot
// work: the errors say to open the store with the passphrase. The PIN wrapping and the secret go
// together: five wrong PINs in a row erase both.
#pragma once

#include <memory>
#include <string>

#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/key_store.h"

namespace fieldcheck::platform {

std::string deviceSecretAccount(const std::string& storeId);

// Sets the PIN with a new device secret: the PIN wrapping into the keyring (the passphrase proves
// the right to), then the secret into the key store. When the key store does not keep it, no PIN
// is set (the error says why). A PIN set before is replaced.
Status enablePin(KeyStore& keyStore, const std::string& path, const SecretBytes& passphrase, const SecretBytes& pin,
                 const KdfParams& kdf, StoreOptions options = {});

// Opens the store with the PIN. Errors as Store::openWithPin(), and: Unsupported when no key store
// answers, NotFound when the key store no longer holds the secret (the PIN wrapping is then
// removed: it can never open the store again), Unauthorized when the key store refused.
Result<std::unique_ptr<Store>> openWithPin(KeyStore& keyStore, const std::string& path, const SecretBytes& pin,
                                           StoreOptions options = {});

// Removes the PIN wrapping, then the device secret.
Status disablePin(KeyStore& keyStore, const std::string& path);

}  // namespace fieldcheck::platform
