#include "fieldcheck/core/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "fieldcheck/core/crypto.h"

namespace fieldcheck {
namespace {

constexpr const char* kTempMarker = ".tmp-";

Error ioError(const std::string& what, const std::string& path) {
    return makeError(ErrorCode::IoError, what + " '" + path + "': " + std::strerror(errno));
}

Status writeAll(int fd, const uint8_t* data, size_t size, const std::string& path) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return ioError("cannot write", path);
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return {};
}

int lockExclusive(int fd, bool wait) {
    for (;;) {
        int rc = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
        if (rc == 0 || errno != EINTR) return rc;
    }
}

// Whether the open file `fd` is still the one named `path` (a sweep may have removed the name
// between our create and our lock).
bool stillNamed(int fd, const std::string& path) {
    struct stat byFd {}, byName {};
    if (::fstat(fd, &byFd) != 0 || ::lstat(path.c_str(), &byName) != 0) return false;
    return byFd.st_dev == byName.st_dev && byFd.st_ino == byName.st_ino;
}

}  // namespace

// --- StagedFile -----------------------------------------------------------------------------------

Result<StagedFile> StagedFile::create(const std::string& finalPath) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        StagedFile f;
        f.m_final = finalPath;
        f.m_temp = finalPath + kTempMarker + std::to_string(::getpid()) + "-" + randomId().substr(0, 12);
        f.m_fd = ::open(f.m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (f.m_fd < 0) {
            if (errno == EEXIST) continue;
            return ioError("cannot create", f.m_temp);
        }
        // Lock before anything is written. A sweep that got in between create and lock removed the
        // name: start again under a new one (the old inode goes with our descriptor).
        if (lockExclusive(f.m_fd, true) != 0) return ioError("cannot lock", f.m_temp);
        if (stillNamed(f.m_fd, f.m_temp)) return f;
        ::close(f.m_fd);
        f.m_fd = -1;
        f.m_temp.clear();
    }
    return makeError(ErrorCode::IoError, "cannot create a temporary file beside '" + finalPath + "'");
}

StagedFile::~StagedFile() { discard(); }

StagedFile::StagedFile(StagedFile&& other) noexcept
    : m_fd(other.m_fd), m_final(std::move(other.m_final)), m_temp(std::move(other.m_temp)) {
    other.m_fd = -1;
    other.m_temp.clear();
}

StagedFile& StagedFile::operator=(StagedFile&& other) noexcept {
    if (this != &other) {
        discard();
        m_fd = other.m_fd;
        m_final = std::move(other.m_final);
        m_temp = std::move(other.m_temp);
        other.m_fd = -1;
        other.m_temp.clear();
    }
    return *this;
}

void StagedFile::discard() {
    if (m_fd >= 0) {
        // Unlink while still holding the lock, so no sweep can mistake the name for a leftover.
        if (!m_temp.empty()) ::unlink(m_temp.c_str());
        ::close(m_fd);
        m_fd = -1;
    }
    m_temp.clear();
}

Status StagedFile::write(const uint8_t* data, size_t size) {
    if (m_fd < 0) return makeError(ErrorCode::IoError, "write to a closed temporary file for '" + m_final + "'");
    return writeAll(m_fd, data, size, m_temp);
}

Status StagedFile::sync() {
    if (m_fd < 0) return makeError(ErrorCode::IoError, "sync of a closed temporary file for '" + m_final + "'");
    if (::fsync(m_fd) != 0) return ioError("cannot fsync", m_temp);
    return {};
}

Status StagedFile::commit() {
    if (m_fd < 0) return makeError(ErrorCode::IoError, "commit of a closed temporary file for '" + m_final + "'");
    if (::rename(m_temp.c_str(), m_final.c_str()) != 0) {
        Error e = ioError("cannot rename into place", m_final);
        discard();
        return e;
    }
    // The name is the final one now; closing releases the lock on it, which nobody sweeps.
    ::close(m_fd);
    m_fd = -1;
    m_temp.clear();
    return syncParentDirectory(m_final);
}

// --- whole files ----------------------------------------------------------------------------------

Status syncParentDirectory(const std::string& path) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return ioError("cannot open directory", dir);
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return ioError("cannot fsync directory", dir);
    return {};
}

Status atomicWriteFile(const std::string& path, const std::vector<uint8_t>& bytes) {
    FC_ASSIGN_OR_RETURN(StagedFile f, StagedFile::create(path));
    FC_TRY(f.write(bytes.data(), bytes.size()));
    FC_TRY(f.sync());
    return f.commit();
}

Status atomicWriteFile(const std::string& path, const std::string& bytes) {
    return atomicWriteFile(path, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<std::vector<uint8_t>> readWholeFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return makeError(ErrorCode::NotFound, "no such file '" + path + "'");
        return ioError("cannot open", path);
    }
    std::vector<uint8_t> out;
    uint8_t buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            Error e = ioError("cannot read", path);
            ::close(fd);
            return e;
        }
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
    }
    ::close(fd);
    return out;
}

bool fileExists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

Status ensureDirectory(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return makeError(ErrorCode::IoError, "cannot create directory '" + path + "': " + ec.message());
    ::chmod(path.c_str(), 0700);
    return {};
}

// --- leftovers ------------------------------------------------------------------------------------

bool isTemporaryNameOf(const std::string& name, const std::string& basePrefix) {
    const std::string prefix = basePrefix + kTempMarker;
    return name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0;
}

Result<std::vector<std::string>> sweepStaleTemporaries(const std::string& directory,
                                                       const std::function<bool(const std::string&)>& isOurs) {
    std::vector<std::string> removed;
    DIR* dir = ::opendir(directory.c_str());
    if (dir == nullptr) {
        if (errno == ENOENT) return removed;
        return ioError("cannot list", directory);
    }
    std::vector<std::string> candidates;
    while (const dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name.find(kTempMarker) != std::string::npos && isOurs(name)) candidates.push_back(name);
    }
    ::closedir(dir);
    for (const auto& name : candidates) {
        const std::string path = directory + "/" + name;
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) continue;  // gone already (its writer renamed or removed it)
        // A live writer holds the lock; a dead one's lock died with it. Holding the lock ourselves,
        // check the name still means this file before removing it.
        if (lockExclusive(fd, false) == 0 && stillNamed(fd, path) && ::unlink(path.c_str()) == 0) {
            removed.push_back(name);
        }
        ::close(fd);
    }
    if (!removed.empty()) FC_TRY(syncParentDirectory(directory + "/."));
    return removed;
}

}  // namespace fieldcheck
