// The keyring: how a store's random 256-bit database key is kept.
//
// The database key never exists on disk in the clear. It is stored only *wrapped* (AEAD-sealed)
// by key-encryption keys, one wrapping per way of unlocking:
//   - "passphrase": KEK = Argon2id(passphrase, salt, KdfParams); parameters recorded with it so the
//     cost can be raised later by re-wrapping;
//   - "pin": KEK = keyed BLAKE2b(key = the device secret, Argon2id(PIN, salt, KdfParams)). The
//     device secret is 32 random bytes that only the platform key store holds (Secret Service,
//     Android Keystore, iOS Keychain: platform/key_store.h): a copy of the app's files does not let
//     anyone try PINs. The wrapping counts its own failed attempts; after kMaxPinAttempts wrong
//     PINs in a row it is erased and only the passphrase opens the store;
//   - "keystore": reserved for a platform keystore that unwraps without any user secret.
//     Unknown kinds are preserved on save.
// Changing the passphrase re-wraps the same database key; the database is never re-encrypted.
//
// The keyring lives beside the database as `<db>.keyring` (JSON, written atomically). It also
// records the SQLCipher settings the database was created with, because they must be known before
// the database can be read, and it counts failed unlock attempts to impose a growing delay.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/clock.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck {

constexpr size_t kDatabaseKeySize = 32;
constexpr size_t kDeviceSecretSize = 32;
// Wrong PINs in a row after which the PIN wrapping is erased.
constexpr int kMaxPinAttempts = 5;

// SQLCipher settings, set explicitly on every open so that a SQLCipher 4 build (different
// defaults) reads the same file. See docs/encryption.md.
struct CipherSettings {
    std::string cipher = "aes-256-cbc";
    int pageSize = 4096;
    bool useHmac = true;
    std::string hmacAlgorithm = "HMAC_SHA1";      // SQLCipher 3.x; 4.x default is HMAC_SHA512
    std::string kdfAlgorithm = "PBKDF2_HMAC_SHA1"; // only derives the HMAC key from the raw key
    int kdfIter = 64000;      // unused with a raw key, recorded for SQLCipher 4 compatibility
    int fastKdfIter = 2;      // iterations deriving the HMAC key
    std::string createdWithVersion;  // PRAGMA cipher_version at creation

    nlohmann::json toJson() const;
    static Result<CipherSettings> fromJson(const nlohmann::json& j);
};

// Growing delay after wrong passphrases: the first `freeAttempts` failures cost nothing, then
// each further failure doubles the wait, up to `maxDelayMs`.
struct UnlockPolicy {
    int freeAttempts = 3;
    int64_t baseDelayMs = 2000;
    int64_t maxDelayMs = 15 * 60 * 1000;
    int64_t delayAfter(int failedAttempts) const;
};

class Keyring {
public:
    static std::string pathForStore(const std::string& databasePath);

    // A new keyring for a new store: records the store id and cipher settings, no wrapping yet.
    static Keyring createNew(std::string storeId, CipherSettings cipher);
    // Reads and validates a keyring file. NotFound if absent, NotAFieldCheckStore if malformed,
    // Corrupt if its checksum does not match.
    static Result<Keyring> load(const std::string& path);
    // The same for a keyring's bytes; `path` names it in errors.
    static Result<Keyring> parse(const std::vector<uint8_t>& bytes, const std::string& path);
    // Writes atomically (temp file, fsync, rename, fsync directory).
    Status save(const std::string& path) const;

    // Adds or replaces the passphrase wrapping of `databaseKey`.
    Status setPassphrase(const SecretBytes& databaseKey, const SecretBytes& passphrase,
                         const KdfParams& params);
    // Unwraps the database key. A failed attempt is counted and saved to `path` immediately;
    // while the delay of the previous failures has not passed, returns Locked without trying.
    // WrongPassphrase says how many attempts have failed.
    Result<SecretBytes> unlockWithPassphrase(const std::string& path, const SecretBytes& passphrase,
                                             const Clock& clock, const UnlockPolicy& policy);

    // Adds or replaces the PIN wrapping of `databaseKey`. The PIN: 4 to 12 digits. `deviceSecret`:
    // kDeviceSecretSize bytes, kept by the caller in the platform key store, never on disk.
    Status setPin(const SecretBytes& databaseKey, const SecretBytes& pin, const SecretBytes& deviceSecret,
                  const KdfParams& params);
    // Removes the PIN wrapping (nothing to do when there is none).
    void removePin();
    // Unwraps the database key with the PIN and the device secret. Attempts are counted in the
    // PIN wrapping and saved to `path` at once, with the growing delay of `policy` (Locked while
    // it runs). The kMaxPinAttempts-th wrong PIN in a row erases the PIN wrapping (hasPin() is
    // false afterwards): WrongPassphrase says that only the passphrase opens the store now.
    // NotFound when the store has no PIN.
    Result<SecretBytes> unlockWithPin(const std::string& path, const SecretBytes& pin, const SecretBytes& deviceSecret,
                                      const Clock& clock, const UnlockPolicy& policy);
    bool hasPin() const;
    int failedPinAttempts() const;

    const std::string& storeId() const { return m_storeId; }
    const CipherSettings& cipher() const { return m_cipher; }
    int failedAttempts() const { return m_failedAttempts; }
    KdfParams passphraseKdf() const;
    KdfParams pinKdf() const;
    bool hasPassphrase() const;

private:
    KdfParams kdfOf(const char* kind) const;
    std::string m_storeId;
    CipherSettings m_cipher;
    nlohmann::json m_wrappings = nlohmann::json::array();
    int m_failedAttempts = 0;
    int64_t m_lastFailureMs = 0;
};

}  // namespace fieldcheck
