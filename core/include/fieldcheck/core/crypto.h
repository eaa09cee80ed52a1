// The cryptographic primitives FieldCheck uses, all from libsodium.
//
// - SecretBytes: key material in locked memory, wiped on destruction; never logged or copied
//   into std::string.
// - Argon2id (crypto_pwhash) turns a passphrase into a key-encryption key; its cost is a
//   KdfParams value stored next to what it protects so that it can be raised later.
// - XChaCha20-Poly1305 (AEAD) wraps the store key; a failed tag means "wrong key".
// - secretstream (XChaCha20-Poly1305, chunked) seals attachments; a failed chunk means tampering.
// - SHA-256 for the audit chain and the hash of each attachment's original bytes.
//
// Call cryptoInit() once before anything else (the Store does).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fieldcheck/core/result.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX (openssl/types.h)

namespace fieldcheck {

Status cryptoInit();

// Fixed-size or variable secret buffer in mlock'ed memory, zeroed when freed. Move-only.
class SecretBytes {
public:
    SecretBytes() = default;
    explicit SecretBytes(size_t size);
    SecretBytes(const uint8_t* data, size_t size);
    ~SecretBytes();
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    uint8_t* data() { return m_data; }
    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    static SecretBytes random(size_t size);
    static SecretBytes fromString(std::string_view s);

private:
    void release();
    uint8_t* m_data = nullptr;
    size_t m_size = 0;
};

std::vector<uint8_t> randomBytes(size_t n);
// 128 random bits as 32 lower-case hex characters; used for device and store ids, and for the
// records made before schema version 11.
std::string randomId();
// The id of a new record or op: 48 bits of `atMs` (milliseconds since the epoch) and 80 random bits,
// 32 lower-case hex characters like randomId(). Ids made later sort later, so the indexes keyed by
// them grow at their end instead of at random pages (docs/benchmarks.md, "The floor"). Still
// unguessable; the prefix tells no more than the record's created_ms.
std::string timeOrderedId(int64_t atMs);

std::string toHex(const uint8_t* data, size_t size);
std::string toHex(const std::vector<uint8_t>& bytes);
Result<std::vector<uint8_t>> fromHex(std::string_view hex);

std::string sha256Hex(std::string_view bytes);
std::string sha256Hex(const uint8_t* data, size_t size);

// Incremental SHA-256 for large inputs (attachments). OpenSSL's, which uses the CPU's SHA
// instructions where there are any (x86 SHA-NI, ARMv8): 4.4 times libsodium's portable code on the
// benchmark machine, and every photo is hashed on the device and again on the server.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const uint8_t* data, size_t size);
    std::string finalHex();

private:
    ::evp_md_ctx_st* m_ctx;  // OpenSSL's EVP_MD_CTX, kept out of this header
};

// Incremental HMAC-SHA-256 (a device's proof that it holds a photo's bytes: keyed with the
// server's one-time challenge, over the whole content).
class HmacSha256 {
public:
    HmacSha256(const uint8_t* key, size_t keySize);
    void update(const uint8_t* data, size_t size);
    std::string finalHex();

private:
    alignas(64) unsigned char m_state[256];
};

// Whether `signature` is an Ed25519 signature of `message` by `publicKey` (a server's receipt).
bool ed25519Valid(const std::vector<uint8_t>& publicKey, std::string_view message, const std::vector<uint8_t>& signature);

// Cost of Argon2id. opsLimit/memLimitBytes as libsodium's crypto_pwhash takes them.
struct KdfParams {
    std::string algorithm = "argon2id13";
    uint64_t opsLimit = 2;
    uint64_t memLimitBytes = 64ull << 20;

    // The production default: measured ≤ 0.5 s for unlock on the reference machine
    // (docs/benchmarks.md).
    static KdfParams interactive() { return {}; }
    // libsodium's minimum: for tests that unlock hundreds of times. Never for real stores.
    static KdfParams minimumForTests();
};

Result<SecretBytes> deriveKey(const SecretBytes& passphrase, const std::vector<uint8_t>& salt,
                              const KdfParams& params, size_t keySize);
size_t kdfSaltSize();

// AEAD (XChaCha20-Poly1305-IETF) of a small secret. `ad` binds the ciphertext to its context.
struct SealedBox {
    std::vector<uint8_t> nonce;
    std::vector<uint8_t> ciphertext;
};
SealedBox aeadSeal(const SecretBytes& key, const uint8_t* plain, size_t size, std::string_view ad);
// Fails with WrongPassphrase-agnostic CryptoError semantics: returns Corrupt on a bad tag; the
// caller decides what that means (the keyring maps it to WrongPassphrase).
Result<SecretBytes> aeadOpen(const SecretBytes& key, const SealedBox& box, std::string_view ad);

// secretstream sealing of a whole buffer, in chunks; `ad` is bound to the first chunk. The sealed
// form: the stream header, then per chunk a 4-byte little-endian length and the sealed bytes; the
// last chunk carries the FINAL tag.
constexpr size_t kStreamKeySize = 32;
constexpr size_t kStreamChunkSize = 64 * 1024;
std::vector<uint8_t> streamSeal(const SecretBytes& key, const uint8_t* plain, size_t size,
                                std::string_view ad, size_t chunkSize = kStreamChunkSize);

// The same sealing one chunk at a time, for input that does not fit in memory (a 200 MB video).
class StreamSealer {
public:
    StreamSealer(const SecretBytes& key, std::string_view ad);
    ~StreamSealer();
    StreamSealer(const StreamSealer&) = delete;
    StreamSealer& operator=(const StreamSealer&) = delete;
    const std::vector<uint8_t>& header() const { return m_header; }
    // Seals one chunk (`last` for the final one, which may be empty) into `out` (replaced): its
    // length prefix and sealed bytes. Nothing may be pushed after the last chunk.
    void push(const uint8_t* plain, size_t size, bool last, std::vector<uint8_t>& out);

private:
    alignas(16) unsigned char m_state[64];
    std::vector<uint8_t> m_header;
    std::string m_ad;
    bool m_first = true;
};
Result<std::vector<uint8_t>> streamOpen(const SecretBytes& key, const std::vector<uint8_t>& sealed,
                                        std::string_view ad);
// Opens a sealed file chunk by chunk (memory bounded by one chunk, whatever the file size) and
// returns the SHA-256 and size of its plaintext, which never leaves this function. Corrupt when a
// chunk fails authentication or the file is truncated or has trailing bytes; NotFound when it is
// missing.
struct StreamDigest {
    std::string sha256;
    int64_t plainBytes = 0;
};
Result<StreamDigest> streamDigestFile(const SecretBytes& key, const std::string& path, std::string_view ad);
// The same, handing each chunk's plaintext to `sink` as it is authenticated. A later chunk may
// still fail: on any error the caller must discard what the sink received.
using ChunkSink = std::function<Status(const uint8_t* data, size_t size)>;
Result<StreamDigest> streamOpenFile(const SecretBytes& key, const std::string& path, std::string_view ad, const ChunkSink& sink);

}  // namespace fieldcheck
