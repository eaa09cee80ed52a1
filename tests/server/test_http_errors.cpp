// The HTTP edge in-process, over a storage that fails every call (a full disk, a broken database):
// the client gets a 500 that says the request was not applied and names an incident, the log has
// what went wrong under that incident, and nothing of the storage's own words reaches the client.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "harness.h"
#include "src/http_api.h"

using namespace fieldcheck;
using namespace fieldcheck::server;
using json = nlohmann::json;

namespace {

const char* kDetail = "disk I/O error in /var/lib/fieldcheck/secret-path.db";

class FailingStorage final : public ServerStorage {
public:
    Error e() const { return makeError(ErrorCode::IoError, kDetail); }
    Status createUser(const UserInfo&, const std::string&) override { return e(); }
    Status setPasswordHash(const std::string&, const std::string&) override { return e(); }
    Status setUserScope(const std::string&, const std::string&, const std::string&) override { return e(); }
    Result<std::optional<std::pair<UserInfo, std::string>>> userWithHash(const std::string&) override { return e(); }
    Result<std::vector<UserInfo>> users() override { return e(); }
    Result<int64_t> loginLockedUntil(const std::string&) override { return e(); }
    Status recordLoginResult(const std::string&, bool, int64_t) override { return e(); }
    Result<DeviceInfo> enrollDevice(const std::string&, const std::string&, const std::string&, const std::string&, int64_t) override {
        return e();
    }
    Result<std::optional<DeviceInfo>> deviceByTokenHash(const std::string&) override { return e(); }
    Status issueNextToken(const RequestContext&, const std::string&) override { return e(); }
    Status revokeDevice(const std::string&) override { return e(); }
    Status recordWiped(const RequestContext&) override { return e(); }
    std::string receiptPublicKey() override { return std::string(64, '0'); }
    Result<json> receiptKeyChain() override { return e(); }
    Result<json> checkReceipts(const RequestContext&, const std::vector<std::pair<std::string, std::string>>&) override { return e(); }
    Result<std::vector<DeviceInfo>> devices() override { return e(); }
    Result<json> push(const RequestContext&, const std::vector<PushOp>&) override { return e(); }
    Result<json> pull(const RequestContext&, const std::string&, int64_t) override { return e(); }
    Result<int64_t> receiveAudit(const RequestContext&, const std::vector<AuditEntry>&) override { return e(); }
    Result<std::vector<AuditFlag>> auditFlags() override { return e(); }
    Result<BlobUpload> blobStatus(const RequestContext&, const std::string&) override { return e(); }
    Result<BlobUpload> appendBlobChunk(const RequestContext&, const std::string&, int64_t, const std::string&, const std::string&) override {
        return e();
    }
    Result<BlobUpload> proveBlob(const RequestContext&, const std::string&, const std::string&) override { return e(); }
    Result<AttachmentRange> readAttachment(const RequestContext&, const std::string&, int64_t, int64_t) override { return e(); }
    Result<json> adminCreate(const std::string&, const std::string&, const json&) override { return e(); }
    Result<json> adminUpdate(const std::string&, const std::string&, const std::string&, const json&) override { return e(); }
    Result<json> adminWithdraw(const std::string&, const std::string&, const std::string&, const std::string&) override { return e(); }
    Result<std::optional<std::string>> findRecordId(const std::string&, const std::string&, const std::string&) override { return e(); }
    Result<std::string> canonicalDumpFor(const UserInfo&) override { return e(); }
    Result<int64_t> headSeq() override { return e(); }
};

}  // namespace

TEST_CASE("a failure of the server's own is a 500 with an incident id that the log explains", "[sync][input][http]") {
    test::TempDir dir;
    FailingStorage storage;
    ServerConfig config;
    config.port = 0;
    config.threads = 1;
    const std::string logPath = dir.file("server.log");
    {
        Logger log(logPath);
        HttpApi api(storage, config, log);
        auto bound = api.bind();
        REQUIRE(bound.ok());
        const int port = bound.value();
        std::thread serving([&] { (void)api.serve(); });

        auto enroll = test::rawPost(port, "/v1/enroll",
                                    json{{"user", "g1m2"}, {"password", "demo-password"}, {"store_device_id", "d"}, {"device_name", "n"}}.dump(),
                                    {{"FieldCheck-Protocol", "3"}});
        auto pull = test::rawPost(port, "/v1/pull", "{}", {{"FieldCheck-Protocol", "3"}, {"Authorization", "Bearer 0123456789abcdef"}});
        auto health = test::rawGet(port, "/healthz");
        api.stop();
        serving.join();
        CHECK(health.status == 503);  // the process answers, its database does not
        for (const auto* r : {&enroll, &pull}) {
            INFO(r->body);
            CHECK(r->status == 500);
            CHECK(r->body.find("secret-path") == std::string::npos);  // the storage's words stay in the log
            const json error = json::parse(r->body)["error"];
            const std::string incident = error.value("incident", "");
            REQUIRE(incident.size() == 12);
            CHECK(error["message"].get<std::string>().find(incident) != std::string::npos);
            std::ifstream in(logPath);
            std::stringstream text;
            text << in.rdbuf();
            bool explained = false;
            for (std::string line; std::getline(text, line);) {
                if (line.find(incident) != std::string::npos && line.find("secret-path") != std::string::npos) explained = true;
            }
            CHECK(explained);
        }
    }
}
