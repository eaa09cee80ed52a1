// Structured logs: one JSON object per line ({"ts", "level", "event", ...}). Callers pass only
// what may be read by an operator: never passwords, tokens, passphrases or record contents.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "nlohmann/json.hpp"

namespace fieldcheck::server {

class Logger {
public:
    // "-" for standard error, otherwise a file opened for appending (mode 0600).
    explicit Logger(const std::string& target);
    ~Logger();
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;

    void info(const std::string& event, nlohmann::json fields = nlohmann::json::object()) { write("info", event, std::move(fields)); }
    void warn(const std::string& event, nlohmann::json fields = nlohmann::json::object()) { write("warn", event, std::move(fields)); }
    void error(const std::string& event, nlohmann::json fields = nlohmann::json::object()) { write("error", event, std::move(fields)); }

private:
    void write(const char* level, const std::string& event, nlohmann::json fields);
    std::mutex m_mutex;
    FILE* m_file = nullptr;
    bool m_owned = false;
};

}  // namespace fieldcheck::server
