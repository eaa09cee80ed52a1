#include "fieldcheck/core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fieldcheck {
namespace {

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

}  // namespace

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
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return ioError("cannot create", tmp);
    Status st = writeAll(fd, bytes.data(), bytes.size(), tmp);
    if (st.ok() && ::fsync(fd) != 0) st = ioError("cannot fsync", tmp);
    ::close(fd);
    if (!st.ok()) {
        ::unlink(tmp.c_str());
        return st;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        Error e = ioError("cannot rename into place", path);
        ::unlink(tmp.c_str());
        return e;
    }
    return syncParentDirectory(path);
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

}  // namespace fieldcheck
