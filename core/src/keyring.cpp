#include "fieldcheck/core/keyring.h"

#include <sodium.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/json_util.h"

namespace fieldcheck {
namespace {

constexpr const char* kFormat = "fieldcheck-keyring";
constexpr int kFormatVersion = 1;

std::string wrappingAd(const std::string& storeId, const std::string& kind) {
    return std::string(kFormat) + "/" + std::to_string(kFormatVersion) + "/" + storeId + "/" + kind;
}

// A checksum over the keyring's content (everything but the checksum, in the JSON library's
// canonical, key-sorted form). It is no protection against someone who edits the file on purpose —
// the AEAD is — but it tells a keyring damaged on disk from a wrong passphrase: damage is reported
// as such and is not counted as a failed attempt. Keyrings written before it have none.
std::string contentChecksum(nlohmann::json content) {
    content.erase("checksum");
    return "sha256:" + sha256Hex(content.dump());
}

// A whole number in [min, max] that a keyring must have, else the JSON library's type error (a
// keyring error) naming it.
int64_t requiredInt(const nlohmann::json& obj, const char* key, int64_t min, int64_t max) {
    auto v = jsonInt(obj, key, min, max);
    if (!v) {
        throw nlohmann::json::type_error::create(302, std::string("'") + key + "' must be a whole number from " +
                                                          std::to_string(min) + " to " + std::to_string(max), nullptr);
    }
    return *v;
}

constexpr int64_t kIntMax = std::numeric_limits<int>::max();

// What a wrapping holds: the KDF's salt and parameters and the sealed database key.
struct Wrapped {
    std::vector<uint8_t> salt;
    KdfParams params;
    SealedBox box;
};

// The last wrapping of `kind`, or nullptr.
nlohmann::json* findWrapping(nlohmann::json& wrappings, const char* kind) {
    nlohmann::json* found = nullptr;
    for (auto& w : wrappings) {
        if (w.value("kind", "") == kind) found = &w;
    }
    return found;
}

Result<Wrapped> readWrapping(const nlohmann::json& wrapping, const std::string& kind) {
    Wrapped out;
    try {
        const auto& kdf = wrapping.at("kdf");
        out.params.algorithm = kdf.at("algorithm").get<std::string>();
        out.params.opsLimit = static_cast<uint64_t>(requiredInt(kdf, "opslimit", 1, std::numeric_limits<int64_t>::max()));
        out.params.memLimitBytes = static_cast<uint64_t>(requiredInt(kdf, "memlimit", 1, std::numeric_limits<int64_t>::max()));
        auto s = fromHex(kdf.at("salt").get<std::string>());
        auto n = fromHex(wrapping.at("nonce").get<std::string>());
        auto c = fromHex(wrapping.at("ciphertext").get<std::string>());
        if (!s.ok() || !n.ok() || !c.ok()) throw std::runtime_error("bad hex");
        out.salt = std::move(s).value();
        out.box.nonce = std::move(n).value();
        out.box.ciphertext = std::move(c).value();
    } catch (const std::exception& e) {
        return makeError(ErrorCode::NotAFieldCheckStore, "keyring " + kind + " wrapping is damaged: " + std::string(e.what()));
    }
    return out;
}

nlohmann::json wrappingJson(const char* kind, const KdfParams& params, const std::vector<uint8_t>& salt, const SealedBox& box) {
    return {{"kind", kind},
            {"kdf", {{"algorithm", params.algorithm}, {"opslimit", params.opsLimit}, {"memlimit", params.memLimitBytes}, {"salt", toHex(salt)}}},
            {"aead", "xchacha20poly1305-ietf"},
            {"nonce", toHex(box.nonce)},
            {"ciphertext", toHex(box.ciphertext)}};
}

// The PIN's key-encryption key: Argon2id of the PIN, then BLAKE2b keyed with the device secret, so
// that neither the PIN alone nor the keyring file with a guessed PIN is enough.
Result<SecretBytes> pinKek(const SecretBytes& pin, const SecretBytes& deviceSecret, const std::vector<uint8_t>& salt,
                           const KdfParams& params) {
    if (deviceSecret.size() != kDeviceSecretSize) {
        return makeError(ErrorCode::InvalidArgument, "the device secret must be " + std::to_string(kDeviceSecretSize) + " bytes");
    }
    FC_ASSIGN_OR_RETURN(SecretBytes stretched, deriveKey(pin, salt, params, kDatabaseKeySize));
    SecretBytes kek(kDatabaseKeySize);
    crypto_generichash(kek.data(), kek.size(), stretched.data(), stretched.size(), deviceSecret.data(), deviceSecret.size());
    return kek;
}

// Locked while the delay after `failed` wrong attempts (the last at `lastFailureMs`) runs; `what`
// names the secret ("passphrases", "PINs").
std::optional<Error> stillWaiting(int failed, int64_t lastFailureMs, int64_t now, const UnlockPolicy& policy, const char* what) {
    const int64_t wait = policy.delayAfter(failed);
    if (wait <= 0 || now >= lastFailureMs + wait) return std::nullopt;
    const int64_t remaining = lastFailureMs + wait - now;
    Error e = makeError(ErrorCode::Locked, std::to_string(failed) + " wrong " + what + " in a row; try again in " +
                                               std::to_string((remaining + 999) / 1000) + " s");
    e.retryAfterMs = remaining;
    return e;
}

bool isPin(const SecretBytes& pin) {
    return pin.size() >= 4 && pin.size() <= 12 &&
           std::all_of(pin.data(), pin.data() + pin.size(), [](uint8_t c) { return c >= '0' && c <= '9'; });
}

}  // namespace

nlohmann::json CipherSettings::toJson() const {
    return {{"cipher", cipher},           {"page_size", pageSize},
            {"use_hmac", useHmac},        {"hmac_algorithm", hmacAlgorithm},
            {"kdf_algorithm", kdfAlgorithm}, {"kdf_iter", kdfIter},
            {"fast_kdf_iter", fastKdfIter},  {"created_with", createdWithVersion}};
}

Result<CipherSettings> CipherSettings::fromJson(const nlohmann::json& j) {
    try {
        CipherSettings c;
        c.cipher = j.at("cipher").get<std::string>();
        c.pageSize = static_cast<int>(requiredInt(j, "page_size", 0, kIntMax));
        c.useHmac = j.at("use_hmac").get<bool>();
        c.hmacAlgorithm = j.at("hmac_algorithm").get<std::string>();
        c.kdfAlgorithm = j.at("kdf_algorithm").get<std::string>();
        c.kdfIter = static_cast<int>(requiredInt(j, "kdf_iter", 1, kIntMax));
        c.fastKdfIter = static_cast<int>(requiredInt(j, "fast_kdf_iter", 1, kIntMax));
        c.createdWithVersion = j.value("created_with", "");
        if (c.pageSize < 512 || c.pageSize > 65536 || (c.pageSize & (c.pageSize - 1)) != 0) {
            return makeError(ErrorCode::NotAFieldCheckStore, "keyring: cipher page_size is not a power of two in 512..65536");
        }
        return c;
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::NotAFieldCheckStore, std::string("keyring: its cipher settings are damaged: ") + e.what());
    }
}

int64_t UnlockPolicy::delayAfter(int failedAttempts) const {
    if (failedAttempts <= freeAttempts) return 0;
    int64_t delay = baseDelayMs;
    for (int i = freeAttempts + 1; i < failedAttempts && delay < maxDelayMs; ++i) delay *= 2;
    return std::min(delay, maxDelayMs);
}

std::string Keyring::pathForStore(const std::string& databasePath) { return databasePath + ".keyring"; }

Keyring Keyring::createNew(std::string storeId, CipherSettings cipher) {
    Keyring k;
    k.m_storeId = std::move(storeId);
    k.m_cipher = std::move(cipher);
    return k;
}

Result<Keyring> Keyring::load(const std::string& path) {
    auto bytes = readWholeFile(path);
    if (!bytes.ok()) return bytes.error();
    return parse(bytes.value(), path);
}

Result<Keyring> Keyring::parse(const std::vector<uint8_t>& bytes, const std::string& path) {
    Keyring k;
    try {
        auto j = nlohmann::json::parse(bytes.begin(), bytes.end());
        if (!j.is_object() || j.value("format", "") != kFormat) {
            return makeError(ErrorCode::NotAFieldCheckStore, "'" + path + "' is not a FieldCheck keyring");
        }
        if (j.contains("checksum") && j["checksum"] != contentChecksum(j)) {
            return makeError(ErrorCode::Corrupt, "keyring '" + path + "' is damaged: its content does not match its "
                                                 "checksum. No unlock was attempted and none was counted; restore the "
                                                 "keyring from a backup");
        }
        if (requiredInt(j, "version", 1, kIntMax) > kFormatVersion) {
            return makeError(ErrorCode::TooNew, "keyring '" + path + "' was written by a newer FieldCheck");
        }
        k.m_storeId = j.at("store_id").get<std::string>();
        auto cipher = CipherSettings::fromJson(j.at("cipher"));
        if (!cipher.ok()) return cipher.error();
        k.m_cipher = cipher.value();
        k.m_wrappings = j.at("wrappings");
        if (!k.m_wrappings.is_array()) throw nlohmann::json::type_error::create(302, "wrappings must be an array", nullptr);
        for (const auto& w : k.m_wrappings) {
            // Every reader of a wrapping asks its kind first (found by fuzzing: a non-object threw).
            if (!w.is_object() || !w.contains("kind") || !w["kind"].is_string()) {
                throw nlohmann::json::type_error::create(302, "each wrapping must be an object with a string 'kind'", nullptr);
            }
        }
        const auto& unlock = j.at("unlock");
        k.m_failedAttempts = static_cast<int>(requiredInt(unlock, "failed_attempts", 0, kIntMax));
        // A time in ms (before the year 100,000): the unlock delay is added to it.
        k.m_lastFailureMs = requiredInt(unlock, "last_failure_ms", 0, int64_t{3'000'000'000'000'000});
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::NotAFieldCheckStore,
                         "keyring '" + path + "' is damaged: " + e.what());
    }
    return k;
}

Status Keyring::save(const std::string& path) const {
    nlohmann::json j = {
        {"format", kFormat},
        {"version", kFormatVersion},
        {"store_id", m_storeId},
        {"cipher", m_cipher.toJson()},
        {"wrappings", m_wrappings},
        {"unlock", {{"failed_attempts", m_failedAttempts}, {"last_failure_ms", m_lastFailureMs}}},
    };
    j["checksum"] = contentChecksum(j);
    return atomicWriteFile(path, j.dump(2) + "\n");
}

Status Keyring::setPassphrase(const SecretBytes& databaseKey, const SecretBytes& passphrase,
                              const KdfParams& params) {
    if (passphrase.empty()) return makeError(ErrorCode::InvalidArgument, "the passphrase is empty");
    auto salt = randomBytes(kdfSaltSize());
    auto kek = deriveKey(passphrase, salt, params, kDatabaseKeySize);
    if (!kek.ok()) return kek.error();
    SealedBox box = aeadSeal(kek.value(), databaseKey.data(), databaseKey.size(),
                             wrappingAd(m_storeId, "passphrase"));
    nlohmann::json w = wrappingJson("passphrase", params, salt, box);
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& old : m_wrappings) {
        if (old.value("kind", "") != "passphrase") kept.push_back(old);
    }
    kept.push_back(std::move(w));
    m_wrappings = std::move(kept);
    return {};
}

bool Keyring::hasPassphrase() const {
    for (const auto& w : m_wrappings) {
        if (w.value("kind", "") == "passphrase") return true;
    }
    return false;
}

KdfParams Keyring::kdfOf(const char* kind) const {
    KdfParams p;
    for (const auto& w : m_wrappings) {
        if (w.value("kind", "") != kind) continue;
        auto kdf = w.find("kdf");
        if (kdf == w.end() || !kdf->is_object()) continue;
        if (auto a = kdf->find("algorithm"); a != kdf->end() && a->is_string()) p.algorithm = a->get<std::string>();
        p.opsLimit = static_cast<uint64_t>(jsonInt(*kdf, "opslimit", 1).value_or(static_cast<int64_t>(p.opsLimit)));
        p.memLimitBytes = static_cast<uint64_t>(jsonInt(*kdf, "memlimit", 1).value_or(static_cast<int64_t>(p.memLimitBytes)));
    }
    return p;
}

KdfParams Keyring::passphraseKdf() const { return kdfOf("passphrase"); }
KdfParams Keyring::pinKdf() const { return kdfOf("pin"); }

Result<SecretBytes> Keyring::unlockWithPassphrase(const std::string& path, const SecretBytes& passphrase,
                                                  const Clock& clock, const UnlockPolicy& policy) {
    const int64_t now = clock.nowMs();
    if (auto locked = stillWaiting(m_failedAttempts, m_lastFailureMs, now, policy, "passphrases")) return *locked;
    const nlohmann::json* wrapping = findWrapping(m_wrappings, "passphrase");
    if (wrapping == nullptr) {
        return makeError(ErrorCode::NotFound, "this store has no passphrase set");
    }
    FC_ASSIGN_OR_RETURN(Wrapped wrapped, readWrapping(*wrapping, "passphrase"));
    const std::vector<uint8_t>& salt = wrapped.salt;
    const KdfParams& params = wrapped.params;
    const SealedBox& box = wrapped.box;
    auto kek = deriveKey(passphrase, salt, params, kDatabaseKeySize);
    if (!kek.ok()) return kek.error();
    auto key = aeadOpen(kek.value(), box, wrappingAd(m_storeId, "passphrase"));
    if (!key.ok()) {
        m_failedAttempts += 1;
        m_lastFailureMs = now;
        Status saved = save(path);
        if (!saved.ok()) return saved.error();
        std::string msg = "the passphrase does not open this store (" + std::to_string(m_failedAttempts) +
                          " failed attempt" + (m_failedAttempts == 1 ? "" : "s") + ")";
        int64_t next = policy.delayAfter(m_failedAttempts);
        if (next > 0) msg += "; next attempt possible in " + std::to_string((next + 999) / 1000) + " s";
        Error e = makeError(ErrorCode::WrongPassphrase, msg);
        e.retryAfterMs = next;
        return e;
    }
    if (key->size() != kDatabaseKeySize) {
        return makeError(ErrorCode::NotAFieldCheckStore, "keyring holds a key of the wrong size");
    }
    if (m_failedAttempts != 0) {
        m_failedAttempts = 0;
        m_lastFailureMs = 0;
        Status saved = save(path);
        if (!saved.ok()) return saved.error();
    }
    return key;
}

Status Keyring::setPin(const SecretBytes& databaseKey, const SecretBytes& pin, const SecretBytes& deviceSecret,
                       const KdfParams& params) {
    if (!isPin(pin)) return makeError(ErrorCode::InvalidArgument, "a PIN is 4 to 12 digits");
    auto salt = randomBytes(kdfSaltSize());
    FC_ASSIGN_OR_RETURN(SecretBytes kek, pinKek(pin, deviceSecret, salt, params));
    SealedBox box = aeadSeal(kek, databaseKey.data(), databaseKey.size(), wrappingAd(m_storeId, "pin"));
    nlohmann::json w = wrappingJson("pin", params, salt, box);
    w["failed_attempts"] = 0;
    w["last_failure_ms"] = 0;
    removePin();
    m_wrappings.push_back(std::move(w));
    return {};
}

void Keyring::removePin() {
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& w : m_wrappings) {
        if (w.value("kind", "") != "pin") kept.push_back(w);
    }
    m_wrappings = std::move(kept);
}

bool Keyring::hasPin() const {
    return std::any_of(m_wrappings.begin(), m_wrappings.end(), [](const nlohmann::json& w) { return w.value("kind", "") == "pin"; });
}

int Keyring::failedPinAttempts() const {
    for (const auto& w : m_wrappings) {
        if (w.value("kind", "") == "pin") return static_cast<int>(jsonInt(w, "failed_attempts", 0, kIntMax).value_or(0));
    }
    return 0;
}

Result<SecretBytes> Keyring::unlockWithPin(const std::string& path, const SecretBytes& pin, const SecretBytes& deviceSecret,
                                           const Clock& clock, const UnlockPolicy& policy) {
    nlohmann::json* wrapping = findWrapping(m_wrappings, "pin");
    if (wrapping == nullptr) return makeError(ErrorCode::NotFound, "this store has no PIN set: open it with the passphrase");
    if (deviceSecret.size() != kDeviceSecretSize) {
        return makeError(ErrorCode::InvalidArgument, "the device secret must be " + std::to_string(kDeviceSecretSize) + " bytes");
    }
    // The wrapping's own count (one written without it counts from zero).
    const int failed = static_cast<int>(jsonInt(*wrapping, "failed_attempts", 0, kIntMax).value_or(0));
    const int64_t lastFailure = jsonInt(*wrapping, "last_failure_ms", 0, int64_t{3'000'000'000'000'000}).value_or(0);
    const int64_t now = clock.nowMs();
    if (auto locked = stillWaiting(failed, lastFailure, now, policy, "PINs")) return *locked;
    FC_ASSIGN_OR_RETURN(Wrapped wrapped, readWrapping(*wrapping, "pin"));
    std::optional<SecretBytes> key;
    if (isPin(pin)) {
        FC_ASSIGN_OR_RETURN(SecretBytes kek, pinKek(pin, deviceSecret, wrapped.salt, wrapped.params));
        auto opened = aeadOpen(kek, wrapped.box, wrappingAd(m_storeId, "pin"));
        if (opened.ok()) key = std::move(opened).value();
    }
    if (!key) {
        // Anything but the right PIN with the right device secret counts, a malformed PIN too.
        const int nowFailed = failed + 1;
        if (nowFailed >= kMaxPinAttempts) {
            removePin();
            FC_TRY(save(path));
            return makeError(ErrorCode::WrongPassphrase, "the PIN was wrong " + std::to_string(nowFailed) +
                                                             " times in a row: it no longer opens this store; open it with the "
                                                             "passphrase and choose a new PIN");
        }
        (*wrapping)["failed_attempts"] = nowFailed;
        (*wrapping)["last_failure_ms"] = now;
        FC_TRY(save(path));
        std::string msg = "the PIN does not open this store (" + std::to_string(nowFailed) + " of " +
                          std::to_string(kMaxPinAttempts) + " attempts used; after the last, only the passphrase opens it)";
        const int64_t next = policy.delayAfter(nowFailed);
        if (next > 0) msg += "; next attempt possible in " + std::to_string((next + 999) / 1000) + " s";
        Error e = makeError(ErrorCode::WrongPassphrase, msg);
        e.retryAfterMs = next;
        return e;
    }
    if (key->size() != kDatabaseKeySize) return makeError(ErrorCode::NotAFieldCheckStore, "keyring holds a key of the wrong size");
    if (failed != 0) {
        (*wrapping)["failed_attempts"] = 0;
        (*wrapping)["last_failure_ms"] = 0;
        FC_TRY(save(path));
    }
    return std::move(*key);
}

}  // namespace fieldcheck
