// The HTTP face of the server (cpp-httplib): routes, authentication, protocol versions, limits and
// error answers. The protocol is in docs/sync-protocol.md; the storage does the work.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "config.h"
#include "log.h"
#include "metrics.h"
#include "storage.h"

namespace httplib {
class Server;
}

namespace fieldcheck::server {

class HttpApi {
public:
    HttpApi(ServerStorage& storage, const ServerConfig& config, Logger& log);
    ~HttpApi();
    HttpApi(const HttpApi&) = delete;
    HttpApi& operator=(const HttpApi&) = delete;

    // Binds to config.listen:config.port (0: any free port); returns the port.
    Result<int> bind();
    // Serves until stop() (blocks).
    Status serve();
    void stop();

private:
    void routes();
    ServerStorage& m_storage;
    ServerConfig m_config;
    Logger& m_log;
    Metrics m_metrics;
    std::unique_ptr<httplib::Server> m_http;
    std::string m_dummyHash;  // verified against for unknown users, so timing does not tell
};

}  // namespace fieldcheck::server
