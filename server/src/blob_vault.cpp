#include "blob_vault.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fieldcheck/core/file_io.h"

namespace fieldcheck::server {

namespace {

std::string segmentAd(const std::string& name, int64_t index, int64_t plainOffset) {
    return "fieldcheck-blob:" + name + ":" + std::to_string(index) + ":" + std::to_string(plainOffset);
}

Error ioError(const std::string& what, const std::string& path) {
    return makeError(ErrorCode::IoError, what + " " + path + ": " + std::strerror(errno));
}

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

Status writeAll(int fd, const uint8_t* data, size_t size, off_t at, const std::string& path) {
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size, at);
        if (n < 0) {
            if (errno == EINTR) continue;
            return ioError("cannot write", path);
        }
        data += n;
        size -= static_cast<size_t>(n);
        at += n;
    }
    return {};
}

}  // namespace

Result<std::vector<uint8_t>> sealSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                         const uint8_t* data, size_t size) {
    if (key.size() != kBlobKeySize) return makeError(ErrorCode::InvalidArgument, "a blob key has " + std::to_string(kBlobKeySize) + " bytes");
    std::vector<uint8_t> sealed(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + size + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    randombytes_buf(sealed.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const std::string ad = segmentAd(name, index, plainOffset);
    unsigned long long sealedLen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &sealedLen, data, size,
                                               reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, sealed.data(),
                                               key.data());
    return sealed;
}

Status openSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset, const std::vector<uint8_t>& sealed,
                   std::vector<uint8_t>& out) {
    if (sealed.size() < kSegmentOverhead) return makeError(ErrorCode::Corrupt, "segment " + std::to_string(index) + " of blob " + name + " is cut short");
    out.resize(sealed.size() - kSegmentOverhead);
    const std::string ad = segmentAd(name, index, plainOffset);
    unsigned long long plainLen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &plainLen, nullptr, sealed.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                   sealed.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                   reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), sealed.data(), key.data()) != 0) {
        out.clear();
        return makeError(ErrorCode::Corrupt, "segment " + std::to_string(index) + " of blob " + name + " fails authentication");
    }
    return {};
}

std::string BlobVault::newName() { return randomId(); }

Status FileBlobVault::ensureDirectory() const { return fieldcheck::ensureDirectory(m_dir); }

Result<int64_t> FileBlobVault::appendSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                             int64_t fileOffset, const uint8_t* data, size_t size) {
    FC_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed, sealSegment(name, key, index, plainOffset, data, size));
    const std::string path = pathOf(name);
    const bool fresh = fileOffset == 0;
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (fd.get() < 0) return ioError("cannot open", path);
    // Leftovers of a segment whose row never committed.
    if (::ftruncate(fd.get(), fileOffset) != 0) return ioError("cannot truncate", path);
    FC_TRY(writeAll(fd.get(), sealed.data(), sealed.size(), static_cast<off_t>(fileOffset), path));
    if (::fsync(fd.get()) != 0) return ioError("cannot fsync", path);
    if (fresh) FC_TRY(syncParentDirectory(path));
    return fileOffset + static_cast<int64_t>(sealed.size());
}

Result<std::vector<uint8_t>> FileBlobVault::readSealed(const std::string& name, int64_t fileOffset, int64_t sealedSize) {
    const std::string path = pathOf(name);
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return makeError(ErrorCode::Corrupt, "the blob file " + name + " is missing");
        return ioError("cannot open", path);
    }
    std::vector<uint8_t> sealed(static_cast<size_t>(sealedSize));
    size_t got = 0;
    while (got < sealed.size()) {
        const ssize_t n = ::pread(fd.get(), sealed.data() + got, sealed.size() - got, static_cast<off_t>(fileOffset + static_cast<int64_t>(got)));
        if (n < 0) {
            if (errno == EINTR) continue;
            return ioError("cannot read", path);
        }
        if (n == 0) return makeError(ErrorCode::Corrupt, "the blob file " + name + " is cut short at " + std::to_string(fileOffset));
        got += static_cast<size_t>(n);
    }
    return sealed;
}

Status FileBlobVault::readSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                  int64_t fileOffset, int64_t plainSize, std::vector<uint8_t>& out) {
    FC_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed, readSealed(name, fileOffset, plainSize + static_cast<int64_t>(kSegmentOverhead)));
    return openSegment(name, key, index, plainOffset, sealed, out);
}

Status FileBlobVault::remove(const std::string& name) {
    const std::string path = pathOf(name);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ioError("cannot remove", path);
    return {};
}

}  // namespace fieldcheck::server
