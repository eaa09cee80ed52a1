// /healthz and /metrics on a real server process: what an operator's Prometheus sees after a
// device has synced and a liaison has tried what it may not.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <sstream>
#include <thread>

#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

namespace {

// The value of one sample line "name{labels} value"; -1 when there is none.
double sample(const std::string& text, const std::string& nameAndLabels) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(nameAndLabels + " ", 0) == 0) return std::stod(line.substr(nameAndLabels.size() + 1));
    }
    return -1;
}

}  // namespace

TEST_CASE("/healthz checks the database and /metrics counts requests, ops and rejections", "[sync][monitoring]") {
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    auto health = rawGet(server.port(), "/healthz");
    CHECK(health.status == 200);
    CHECK(json::parse(health.body)["head_seq"].get<int64_t>() > 0);

    // A liaison's crafted op that the permission table refuses, and a scan of a path that is no endpoint.
    const Record f = anyRecord(liaison.store(), "finding");
    auto [deviceId, token] = rawEnroll(server.port(), "liaison3", "raw-liaison3");
    auto pushed = rawPost(server.port(), "/v1/push",
                          json{{"ops", json::array({{{"op_id", "mon-1"}, {"action", "update"}, {"type", "finding"}, {"id", f.id},
                                                     {"payload", {{"description", "已整改无问题"}}}}})}}.dump(),
                          {{"FieldCheck-Protocol", "3"}, {"Authorization", "Bearer " + token}});
    REQUIRE(pushed.status == 200);
    CHECK(json::parse(pushed.body)["results"][0]["code"] == "unauthorized");
    CHECK(rawGet(server.port(), "/wp-login.php").status == 404);

    // A request is counted once its answer is written, so a counter may lag the client that just
    // got its answer by a moment: read until the push and the scan are in (or 10 s have passed).
    std::string text;
    for (int i = 0; i < 200; ++i) {
        auto metrics = rawGet(server.port(), "/metrics");
        REQUIRE(metrics.status == 200);
        text = metrics.body;
        if (sample(text, "fieldcheck_http_requests_total{endpoint=\"/v1/push\",status=\"200\"}") >= 1 &&
            sample(text, "fieldcheck_http_requests_total{endpoint=\"other\",status=\"404\"}") >= 1) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    INFO(text);
    CHECK(sample(text, "fieldcheck_ops_rejected_total{code=\"unauthorized\"}") == 1);
    CHECK(sample(text, "fieldcheck_ops_total{status=\"rejected\"}") >= 1);
    CHECK(sample(text, "fieldcheck_http_requests_total{endpoint=\"/v1/push\",status=\"200\"}") >= 1);
    CHECK(sample(text, "fieldcheck_http_requests_total{endpoint=\"/v1/pull\",status=\"200\"}") >= 2);
    CHECK(sample(text, "fieldcheck_http_requests_total{endpoint=\"other\",status=\"404\"}") == 1);
    CHECK(text.find("wp-login") == std::string::npos);
    CHECK(sample(text, "fieldcheck_devices_active") == 3);  // the two devices and the raw enrolment
    const double pulls = sample(text, "fieldcheck_http_request_duration_seconds_count{endpoint=\"/v1/pull\"}");
    CHECK(pulls >= 2);
    CHECK(sample(text, "fieldcheck_http_request_duration_seconds_bucket{endpoint=\"/v1/pull\",le=\"+Inf\"}") == pulls);
    CHECK(sample(text, "fieldcheck_http_request_bytes_total{endpoint=\"/v1/push\"}") > 0);
    // Every line is a comment or "name{labels} number" (the text format's grammar, simplified).
    // A sample's value is a float as Prometheus writes it: a short duration comes out as 9.1557e-05.
    const std::regex line(R"((#.*)|([a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?))");
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        INFO(l);
        CHECK(std::regex_match(l, line));
    }
}
