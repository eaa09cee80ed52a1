#include "log.h"

#include <fcntl.h>
#include <unistd.h>

#include "fieldcheck/core/clock.h"

namespace fieldcheck::server {

Logger::Logger(const std::string& target) {
    if (target.empty() || target == "-") {
        m_file = stderr;
        return;
    }
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    m_file = fd >= 0 ? ::fdopen(fd, "a") : nullptr;
    if (m_file == nullptr) {
        if (fd >= 0) ::close(fd);
        m_file = stderr;
        write("warn", "log_file_unavailable", {{"path", target}});
        return;
    }
    m_owned = true;
}

Logger::~Logger() {
    if (m_owned) std::fclose(m_file);
}

void Logger::write(const char* level, const std::string& event, nlohmann::json fields) {
    nlohmann::json line = {{"ts", formatIsoUtc(SystemClock::instance().nowMs())}, {"level", level}, {"event", event}};
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard<std::mutex> lock(m_mutex);
    std::fwrite(text.data(), 1, text.size(), m_file);
    std::fflush(m_file);
}

}  // namespace fieldcheck::server
