#include "fieldcheck/core/crypto.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace fieldcheck {

Status cryptoInit() {
    if (sodium_init() < 0) return makeError(ErrorCode::Internal, "libsodium failed to initialise");
    return {};
}

SecretBytes::SecretBytes(size_t size) : m_size(size) {
    if (size == 0) return;
    // sodium_malloc needs an initialised library; sodium_init is idempotent and cheap after the first call.
    if (sodium_init() < 0) std::abort();
    m_data = static_cast<uint8_t*>(sodium_malloc(size));
    if (m_data == nullptr) {
        m_size = 0;
        return;
    }
    sodium_memzero(m_data, size);
}

SecretBytes::SecretBytes(const uint8_t* data, size_t size) : SecretBytes(size) {
    if (m_data != nullptr && size > 0) std::memcpy(m_data, data, size);
}

SecretBytes::~SecretBytes() { release(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void SecretBytes::release() {
    if (m_data != nullptr) sodium_free(m_data);  // sodium_free zeroes before freeing
    m_data = nullptr;
    m_size = 0;
}

SecretBytes SecretBytes::random(size_t size) {
    SecretBytes s(size);
    if (size > 0) randombytes_buf(s.data(), size);
    return s;
}

SecretBytes SecretBytes::fromString(std::string_view s) {
    return SecretBytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::vector<uint8_t> randomBytes(size_t n) {
    if (sodium_init() < 0) std::abort();
    std::vector<uint8_t> out(n);
    if (n > 0) randombytes_buf(out.data(), n);
    return out;
}

std::string randomId() { return toHex(randomBytes(16)); }

std::string timeOrderedId(int64_t atMs) {
    std::vector<uint8_t> bytes = randomBytes(16);
    const uint64_t ms = atMs < 0 ? 0 : static_cast<uint64_t>(atMs);
    for (int i = 0; i < 6; ++i) bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(ms >> (8 * (5 - i)));  // big-endian: sorts as text
    return toHex(bytes);
}

std::string toHex(const uint8_t* data, size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

std::string toHex(const std::vector<uint8_t>& bytes) { return toHex(bytes.data(), bytes.size()); }

Result<std::vector<uint8_t>> fromHex(std::string_view hex) {
    std::vector<uint8_t> out(hex.size() / 2 + 1);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0 ||
        end != hex.data() + hex.size()) {
        return makeError(ErrorCode::InvalidArgument, "not a hexadecimal string");
    }
    out.resize(len);
    return out;
}

std::string sha256Hex(const uint8_t* data, size_t size) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data, size, digest, &length, EVP_sha256(), nullptr) != 1) std::abort();  // only on allocation failure
    return toHex(digest, length);
}

std::string sha256Hex(std::string_view bytes) {
    return sha256Hex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
    if (m_ctx == nullptr || EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr) != 1) std::abort();
}

Sha256::~Sha256() { EVP_MD_CTX_free(m_ctx); }

void Sha256::update(const uint8_t* data, size_t size) {
    if (EVP_DigestUpdate(m_ctx, data, size) != 1) std::abort();
}

std::string Sha256::finalHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_ctx, digest, &length) != 1) std::abort();
    return toHex(digest, length);
}

static_assert(sizeof(crypto_auth_hmacsha256_state) <= 256, "HmacSha256::m_state is too small");

HmacSha256::HmacSha256(const uint8_t* key, size_t keySize) {
    crypto_auth_hmacsha256_init(reinterpret_cast<crypto_auth_hmacsha256_state*>(m_state), key, keySize);
}

void HmacSha256::update(const uint8_t* data, size_t size) {
    crypto_auth_hmacsha256_update(reinterpret_cast<crypto_auth_hmacsha256_state*>(m_state), data, size);
}

std::string HmacSha256::finalHex() {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(reinterpret_cast<crypto_auth_hmacsha256_state*>(m_state), mac);
    return toHex(mac, sizeof mac);
}

bool ed25519Valid(const std::vector<uint8_t>& publicKey, std::string_view message, const std::vector<uint8_t>& signature) {
    if (publicKey.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       publicKey.data()) == 0;
}

KdfParams KdfParams::minimumForTests() {
    KdfParams p;
    p.opsLimit = crypto_pwhash_OPSLIMIT_MIN;
    p.memLimitBytes = crypto_pwhash_MEMLIMIT_MIN;
    return p;
}

size_t kdfSaltSize() { return crypto_pwhash_SALTBYTES; }

Result<SecretBytes> deriveKey(const SecretBytes& passphrase, const std::vector<uint8_t>& salt,
                              const KdfParams& params, size_t keySize) {
    if (params.algorithm != "argon2id13") {
        return makeError(ErrorCode::Unsupported, "unknown key derivation '" + params.algorithm + "'");
    }
    if (salt.size() != crypto_pwhash_SALTBYTES) {
        return makeError(ErrorCode::Corrupt, "key derivation salt has the wrong length");
    }
    if (params.opsLimit < crypto_pwhash_OPSLIMIT_MIN || params.memLimitBytes < crypto_pwhash_MEMLIMIT_MIN ||
        params.opsLimit > crypto_pwhash_OPSLIMIT_MAX || params.memLimitBytes > (4ull << 30)) {
        return makeError(ErrorCode::InvalidArgument, "key derivation cost out of range");
    }
    SecretBytes key(keySize);
    if (crypto_pwhash(key.data(), keySize, reinterpret_cast<const char*>(passphrase.data()),
                      passphrase.size(), salt.data(), params.opsLimit,
                      static_cast<size_t>(params.memLimitBytes), crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return makeError(ErrorCode::Internal, "key derivation ran out of memory");
    }
    return key;
}

SealedBox aeadSeal(const SecretBytes& key, const uint8_t* plain, size_t size, std::string_view ad) {
    SealedBox box;
    box.nonce = randomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    box.ciphertext.resize(size + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        box.ciphertext.data(), &clen, plain, size, reinterpret_cast<const unsigned char*>(ad.data()),
        ad.size(), nullptr, box.nonce.data(), key.data());
    box.ciphertext.resize(clen);
    return box;
}

Result<SecretBytes> aeadOpen(const SecretBytes& key, const SealedBox& box, std::string_view ad) {
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES ||
        box.nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        box.ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
        return makeError(ErrorCode::Corrupt, "sealed key has the wrong size");
    }
    SecretBytes plain(box.ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long plen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain.data(), &plen, nullptr, box.ciphertext.data(), box.ciphertext.size(),
            reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), box.nonce.data(),
            key.data()) != 0) {
        return makeError(ErrorCode::Corrupt, "authentication tag does not match");
    }
    return plain;
}

// Layout: header (24 bytes) | chunk* where each chunk is [u32 little-endian length][ciphertext].
static_assert(sizeof(crypto_secretstream_xchacha20poly1305_state) <= 64, "StreamSealer::m_state is too small");

StreamSealer::StreamSealer(const SecretBytes& key, std::string_view ad)
    : m_header(crypto_secretstream_xchacha20poly1305_HEADERBYTES), m_ad(ad) {
    crypto_secretstream_xchacha20poly1305_init_push(reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(m_state),
                                                    m_header.data(), key.data());
}

StreamSealer::~StreamSealer() { sodium_memzero(m_state, sizeof m_state); }

void StreamSealer::push(const uint8_t* plain, size_t size, bool last, std::vector<uint8_t>& out) {
    const size_t clen = size + crypto_secretstream_xchacha20poly1305_ABYTES;
    out.resize(4 + clen);
    out[0] = uint8_t(clen);
    out[1] = uint8_t(clen >> 8);
    out[2] = uint8_t(clen >> 16);
    out[3] = uint8_t(clen >> 24);
    // The associated data goes with the first chunk: it binds the stream to its attachment id.
    crypto_secretstream_xchacha20poly1305_push(
        reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(m_state), out.data() + 4, nullptr, plain, size,
        m_first ? reinterpret_cast<const unsigned char*>(m_ad.data()) : nullptr, m_first ? m_ad.size() : 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    m_first = false;
}

std::vector<uint8_t> streamSeal(const SecretBytes& key, const uint8_t* plain, size_t size,
                                std::string_view ad, size_t chunkSize) {
    StreamSealer sealer(key, ad);
    std::vector<uint8_t> out = sealer.header();
    const size_t nChunks = size == 0 ? 1 : (size + chunkSize - 1) / chunkSize;
    out.reserve(out.size() + size + nChunks * (4 + crypto_secretstream_xchacha20poly1305_ABYTES));
    std::vector<uint8_t> chunk;
    for (size_t i = 0, offset = 0; i < nChunks; ++i) {
        const size_t len = std::min(chunkSize, size - offset);
        sealer.push(plain + offset, len, i + 1 == nChunks, chunk);
        out.insert(out.end(), chunk.begin(), chunk.end());
        offset += len;
    }
    return out;
}

namespace {

Error streamCorrupt(const std::string& why) {
    return makeError(ErrorCode::Corrupt, "sealed attachment failed authentication: " + why);
}

// The pull side of a sealed stream, one length-prefixed chunk at a time, so that a stream can be
// opened from memory or from a file with bounded memory.
class StreamPuller {
public:
    static constexpr size_t kHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    static constexpr size_t kTag = crypto_secretstream_xchacha20poly1305_ABYTES;
    // Chunks are written 64 KiB long; a length far beyond that is damage, not a chunk to allocate.
    static constexpr size_t kMaxChunk = 16u << 20;

    Status init(const SecretBytes& key, const uint8_t* header) {
        if (key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) return streamCorrupt("bad key size");
        if (crypto_secretstream_xchacha20poly1305_init_pull(&m_state, header, key.data()) != 0) {
            return streamCorrupt("bad header");
        }
        return {};
    }
    static Result<size_t> chunkLength(const uint8_t* prefix) {
        size_t clen = size_t(prefix[0]) | size_t(prefix[1]) << 8 | size_t(prefix[2]) << 16 | size_t(prefix[3]) << 24;
        if (clen < kTag || clen > kMaxChunk + kTag) return streamCorrupt("bad chunk length");
        return clen;
    }
    // Decrypts one chunk of `clen` bytes into out[at ..]; sets final on the last chunk.
    Status pull(const uint8_t* chunk, size_t clen, std::vector<uint8_t>& out, size_t at, std::string_view ad) {
        out.resize(at + clen - kTag);
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(
                &m_state, out.data() + at, nullptr, &tag, chunk, clen,
                m_first ? reinterpret_cast<const unsigned char*>(ad.data()) : nullptr, m_first ? ad.size() : 0) != 0) {
            sodium_memzero(out.data(), out.size());
            return streamCorrupt("chunk does not authenticate");
        }
        m_first = false;
        m_final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        return {};
    }
    bool final() const { return m_final; }

private:
    crypto_secretstream_xchacha20poly1305_state m_state{};
    bool m_first = true;
    bool m_final = false;
};

}  // namespace

Result<std::vector<uint8_t>> streamOpen(const SecretBytes& key, const std::vector<uint8_t>& sealed,
                                        std::string_view ad) {
    if (sealed.size() < StreamPuller::kHeader) return streamCorrupt("truncated header");
    StreamPuller puller;
    FC_TRY(puller.init(key, sealed.data()));
    std::vector<uint8_t> out;
    out.reserve(sealed.size());
    size_t pos = StreamPuller::kHeader;
    while (!puller.final()) {
        if (pos + 4 > sealed.size()) return streamCorrupt("truncated stream");
        FC_ASSIGN_OR_RETURN(size_t clen, StreamPuller::chunkLength(sealed.data() + pos));
        pos += 4;
        if (pos + clen > sealed.size()) return streamCorrupt("truncated chunk");
        FC_TRY(puller.pull(sealed.data() + pos, clen, out, out.size(), ad));
        pos += clen;
    }
    if (pos != sealed.size()) {
        sodium_memzero(out.data(), out.size());
        return streamCorrupt("trailing bytes after the final chunk");
    }
    return out;
}

Result<StreamDigest> streamDigestFile(const SecretBytes& key, const std::string& path, std::string_view ad) {
    return streamOpenFile(key, path, ad, {});
}

Result<StreamDigest> streamOpenFile(const SecretBytes& key, const std::string& path, std::string_view ad, const ChunkSink& sink) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return makeError(ErrorCode::NotFound, "the sealed file '" + path + "' is missing");
        return makeError(ErrorCode::IoError, "cannot open '" + path + "': " + std::strerror(errno));
    }
    // Reads exactly n bytes; false at end of file before n.
    auto readExactly = [&](uint8_t* into, size_t n, bool& ioFailed) {
        size_t got = 0;
        while (got < n) {
            ssize_t r = ::read(fd, into + got, n - got);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) ioFailed = true;
            if (r <= 0) return false;
            got += static_cast<size_t>(r);
        }
        return true;
    };
    auto run = [&]() -> Result<StreamDigest> {
        bool ioFailed = false;
        auto short_ = [&](const char* what) -> Error {
            if (ioFailed) return makeError(ErrorCode::IoError, "cannot read '" + path + "': " + std::strerror(errno));
            return streamCorrupt(what);
        };
        uint8_t header[StreamPuller::kHeader];
        if (!readExactly(header, sizeof header, ioFailed)) return short_("truncated header");
        StreamPuller puller;
        FC_TRY(puller.init(key, header));
        Sha256 sha;
        StreamDigest digest;
        std::vector<uint8_t> chunk, plain;
        while (!puller.final()) {
            uint8_t prefix[4];
            if (!readExactly(prefix, 4, ioFailed)) return short_("truncated stream");
            FC_ASSIGN_OR_RETURN(size_t clen, StreamPuller::chunkLength(prefix));
            chunk.resize(clen);
            if (!readExactly(chunk.data(), clen, ioFailed)) return short_("truncated chunk");
            FC_TRY(puller.pull(chunk.data(), clen, plain, 0, ad));
            sha.update(plain.data(), plain.size());
            if (sink) {
                Status given = sink(plain.data(), plain.size());
                if (!given.ok()) {
                    sodium_memzero(plain.data(), plain.size());
                    return given.error();
                }
            }
            digest.plainBytes += static_cast<int64_t>(plain.size());
        }
        uint8_t extra = 0;
        if (readExactly(&extra, 1, ioFailed)) return streamCorrupt("trailing bytes after the final chunk");
        if (ioFailed) return short_("");
        sodium_memzero(plain.data(), plain.size());
        digest.sha256 = sha.finalHex();
        return digest;
    };
    auto result = run();
    ::close(fd);
    return result;
}

}  // namespace fieldcheck
