#include "fieldcheck/platform/passphrase_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace fieldcheck::platform {
namespace {

constexpr size_t kMaxPassphrase = 4096;

// Reads up to the first newline (or EOF) into locked memory.
Result<SecretBytes> readLine(int fd, const std::string& what) {
    SecretBytes buf(kMaxPassphrase);
    size_t len = 0;
    for (;;) {
        if (len == kMaxPassphrase) {
            return makeError(ErrorCode::InvalidArgument, what + ": passphrase longer than 4096 bytes");
        }
        ssize_t n = ::read(fd, buf.data() + len, 1);
        if (n < 0) {
            if (errno == EINTR) continue;
            return makeError(ErrorCode::IoError, what + ": " + std::strerror(errno));
        }
        if (n == 0 || buf.data()[len] == '\n') break;
        ++len;
    }
    if (len > 0 && buf.data()[len - 1] == '\r') --len;
    if (len == 0) return makeError(ErrorCode::InvalidArgument, what + ": the passphrase is empty");
    return SecretBytes(buf.data(), len);
}

}  // namespace

Result<SecretBytes> readPassphraseFromFd(int fd) {
    if (fd < 0 || ::fcntl(fd, F_GETFD) < 0) {
        return makeError(ErrorCode::InvalidArgument, "--passphrase-fd " + std::to_string(fd) + ": not an open file descriptor");
    }
    return readLine(fd, "passphrase from fd " + std::to_string(fd));
}

Result<SecretBytes> readPassphraseFromFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return makeError(ErrorCode::IoError, "passphrase file '" + path + "': " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        ::close(fd);
        return makeError(ErrorCode::InvalidArgument, "passphrase file '" + path +
                                                         "' is readable by others; chmod 600 it first");
    }
    auto r = readLine(fd, "passphrase file '" + path + "'");
    ::close(fd);
    return r;
}

Result<SecretBytes> promptPassphrase(const std::string& prompt) {
    int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return makeError(ErrorCode::Unsupported,
                         "no terminal to ask for the passphrase; use --passphrase-fd N or FIELDCHECK_PASSPHRASE_FILE");
    }
    (void)!::write(fd, prompt.data(), prompt.size());
    termios old {};
    bool restore = ::tcgetattr(fd, &old) == 0;
    if (restore) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    auto r = readLine(fd, "passphrase prompt");
    if (restore) ::tcsetattr(fd, TCSAFLUSH, &old);
    ::close(fd);
    return r;
}

Result<SecretBytes> readSecret(const Args& args, const std::string& fdOption, const char* envFile,
                               const std::string& prompt) {
    if (auto fd = args.option(fdOption)) {
        FC_ASSIGN_OR_RETURN(int64_t n, parseInt(fdOption, *fd));
        return readPassphraseFromFd(static_cast<int>(n));
    }
    if (envFile != nullptr) {
        if (const char* file = std::getenv(envFile); file != nullptr && *file != '\0') return readPassphraseFromFile(file);
    }
    return promptPassphrase(prompt);
}

}  // namespace fieldcheck::platform
