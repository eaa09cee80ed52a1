// Photos and documents (protocol 4): a photo taken offline goes up in chunks once there is a
// connection, resumes from the server's offset after a break (kill -9 of the server included),
// arrives whole and hash-checked, and is kept encrypted; only devices that may see its record get
// its bytes, and a device that knows a photo's hash but not its bytes gets nothing.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "fault_proxy.h"
#include "fieldcheck/core/crypto.h"
#include "cli_runner.h"
#include "fieldcheck/platform/child_process.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;
namespace rep = fieldcheck::replication;

namespace {

constexpr int64_t kChunk = 64 * 1024;

std::vector<std::pair<std::string, std::string>> auth(const std::string& token) {
    return {{"FieldCheck-Protocol", "4"}, {"Authorization", "Bearer " + token}};
}

std::string tokenOf(Device& d) { return rep::syncState(d.store(), "token").value().value(); }

// Random bytes (incompressible, like a JPEG) with a plaintext canary in the middle.
std::vector<uint8_t> photoBytes(size_t size, uint64_t seed, const std::string& canary = "") {
    std::mt19937_64 rng(seed);
    std::vector<uint8_t> out(size);
    for (auto& b : out) b = static_cast<uint8_t>(rng());
    if (!canary.empty() && size > canary.size()) std::copy(canary.begin(), canary.end(), out.begin() + static_cast<long>(size / 2));
    return out;
}

int64_t envInt(const char* name, int64_t fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::atoll(v) : fallback;
}

sync::SyncOptions chunked(int64_t chunk = kChunk) {
    auto o = Device::fastOptions();
    o.blobChunkBytes = chunk;
    return o;
}

// A new finding on a unit `d` may see (not `avoidUnit`), with a photo attached.
std::pair<Record, Attachment> findingWithPhoto(Device& d, const std::vector<uint8_t>& bytes, const std::string& avoidUnit = "") {
    ListQuery q;
    q.includeWithdrawn = false;
    std::string unitId;
    for (const auto& u : d.store().listRecords("unit", q).value()) {
        if (u.id != avoidUnit) {
            unitId = u.id;
            break;
        }
    }
    REQUIRE(!unitId.empty());
    const Record campaign = anyRecord(d.store(), "campaign");
    auto f = d.store().createRecord("finding", {{"campaign_id", campaign.id}, {"unit_id", unitId}, {"category", "misconduct"},
                                                {"description", "现场照片取证"}, {"source", "visit"}});
    REQUIRE(f.ok());
    auto a = d.store().attach("finding", f->id, bytes, "image/jpeg", "现场.jpg");
    REQUIRE(a.ok());
    return {f.value(), a.value()};
}

// The attachment's bytes as a device with `token` downloads them, range by range.
RawResponse downloadAll(int port, const std::string& token, const std::string& attachmentId, std::vector<uint8_t>& out,
                        int64_t rangeBytes = 100000) {
    out.clear();
    for (int i = 0; i < 10000; ++i) {
        const int64_t from = static_cast<int64_t>(out.size());
        auto r = rawGet(port, "/v1/attachments/" + attachmentId + "/content",
                        [&] {
                            auto h = auth(token);
                            h.emplace_back("Range", "bytes=" + std::to_string(from) + "-" + std::to_string(from + rangeBytes - 1));
                            return h;
                        }());
        if (r.status != 206) return r;
        out.insert(out.end(), r.body.begin(), r.body.end());
        const std::string range = r.headers["Content-Range"];
        const int64_t total = std::stoll(range.substr(range.find('/') + 1));
        if (static_cast<int64_t>(out.size()) >= total) return r;
    }
    FAIL("the download never ended");
    return {};
}

// The peak resident memory of a running process (VmHWM), in MiB.
long peakRssMiB(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
    }
    return -1;
}

std::string stateOf(Device& d, const std::string& attachmentId) {
    for (const auto& s : rep::attachmentSyncStates(d.store()).value()) {
        if (s.attachment.id == attachmentId) return s.state;
    }
    return "missing";
}

// Every byte of every file under `dir`.
bool anyFileContains(const std::string& dir, const std::string& needle) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (content.find(needle) != std::string::npos) return true;
    }
    return false;
}

json attachOp(const std::string& opId, const std::string& attachmentId, const Record& owner, const std::string& sha, int64_t size) {
    return {{"op_id", opId}, {"action", "attach"}, {"type", "attachment"}, {"id", attachmentId},
            {"payload", {{"id", attachmentId}, {"record_type", owner.type}, {"record_id", owner.id}, {"media_type", "image/jpeg"},
                         {"file_name", "claimed.jpg"}, {"size_bytes", size}, {"sha256", sha}, {"captured_at", 1780000000000},
                         {"captured_by", "raw"}}}};
}

RawResponse postChunk(int port, const std::string& token, const std::string& sha, int64_t offset, const std::string& bytes,
                      const std::string& claimedSha = "") {
    auto h = auth(token);
    h.emplace_back("FieldCheck-Chunk-SHA256", claimedSha.empty() ? sha256Hex(bytes) : claimedSha);
    return rawPost(port, "/v1/blobs/" + sha + "/chunk?offset=" + std::to_string(offset), bytes, h);
}

}  // namespace

TEST_CASE("a photo taken offline reaches the server whole in chunks, encrypted there, and goes only to those who may see its record",
          "[sync][photos]") {
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    const std::string liaisonUnit = anyRecord(liaison.store(), "finding").fields["unit_id"].get<std::string>();
    Device inspector(server.url(), "g1m2");
    syncOk(inspector);
    const std::string canary = "CANARY-正风-photo-plaintext";
    const auto bytes = photoBytes(300 * 1024 + 17, 1, canary);
    auto [finding, photo] = findingWithPhoto(inspector, bytes, liaisonUnit);
    CHECK(stateOf(inspector, photo.id) == "queued");

    auto report = inspector.sync(chunked());
    REQUIRE(report.ok());
    INFO(report->toJson().dump());
    CHECK(report->rejected == 0);
    CHECK(report->attachmentsUploaded == 1);
    CHECK(report->attachmentsProven == 0);
    CHECK(report->attachmentsWaiting == 0);
    CHECK(report->photoBytesSent >= static_cast<int64_t>(bytes.size()));
    CHECK(report->photoBytesSent < static_cast<int64_t>(bytes.size()) + kChunk);
    CHECK(stateOf(inspector, photo.id) == "uploaded");

    // The discipline inspector sees every record: the photo comes back byte for byte, by ranges.
    std::vector<uint8_t> got;
    auto last = downloadAll(server.port(), tokenOf(office), photo.id, got);
    INFO("downloaded " << got.size() << "; server log:\n" << server.logText());
    REQUIRE(last.status == 206);
    CHECK(sha256Hex(got.data(), got.size()) == sha256Hex(bytes.data(), bytes.size()));
    CHECK(last.headers["FieldCheck-Content-SHA256"] == photo.sha256);
    // A liaison of another unit gets nothing, and is not told whether it exists.
    auto hidden = rawGet(server.port(), "/v1/attachments/" + photo.id + "/content", auth(tokenOf(liaison)));
    CHECK(hidden.status == 404);
    auto unknown = rawGet(server.port(), "/v1/attachments/nosuchattachment/content", auth(tokenOf(liaison)));
    CHECK(unknown.status == 404);
    CHECK(json::parse(hidden.body)["error"]["message"].get<std::string>().find("that you may see") != std::string::npos);

    // The blob bytes kept and served are in the metrics.
    auto metrics = rawGet(server.port(), "/metrics");
    REQUIRE(metrics.status == 200);
    auto counter = [&](const std::string& direction) {
        const std::string key = "fieldcheck_blob_bytes_total{direction=\"" + direction + "\"} ";
        const auto at = metrics.body.find(key);
        return at == std::string::npos ? int64_t{-1} : std::stoll(metrics.body.substr(at + key.size()));
    };
    CHECK(counter("in") == static_cast<int64_t>(bytes.size()));
    CHECK(counter("out") == static_cast<int64_t>(bytes.size()));

    // The server's audit chain holds the attachment (its hash) and the stored blob, and verifies.
    auto verified = server.admin({"verify"});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);

    // At rest on the server: no plaintext of the photo where it keeps its data.
    server.stop();
    const std::string serverDir = server.dataDirectory();
    CHECK_FALSE(anyFileContains(serverDir, canary));
    CHECK_FALSE(anyFileContains(serverDir, std::string(bytes.begin() + 1000, bytes.begin() + 1064)));
}

TEST_CASE("a device that knows a photo's hash but not its bytes gets nothing — one that has the bytes proves it instead of sending them",
          "[sync][photos]") {
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    Device leader(server.url(), "g1m1");
    syncOk(inspector);
    syncOk(leader);
    const auto bytes = photoBytes(150 * 1024, 2);
    auto [finding, photo] = findingWithPhoto(inspector, bytes);
    REQUIRE(inspector.sync(chunked()).ok());
    REQUIRE(stateOf(inspector, photo.id) == "uploaded");
    syncOk(leader);

    // A raw client of the leader's account claims the photo by its hash on the same finding.
    auto [rawDevice, token] = rawEnroll(server.port(), "g1m1", "claimer");
    const Record owner = leader.store().getRecord("finding", finding.id).value();
    auto pushed = rawPost(server.port(), "/v1/push", json{{"ops", {attachOp("claim-op-1", "claimed1", owner, photo.sha256, photo.sizeBytes)}},
                                                           {"audit", json::array()}}.dump(), auth(token));
    REQUIRE(pushed.status == 200);
    CHECK(json::parse(pushed.body)["results"][0]["status"] == "applied");
    auto status = rawPost(server.port(), "/v1/blobs/" + photo.sha256 + "/status", "{}", auth(token));
    REQUIRE(status.status == 200);
    const json st = json::parse(status.body);
    CHECK(st["state"] == "complete");
    CHECK(st["held"] == false);
    REQUIRE(st.contains("challenge"));
    // Its attachment is not linked to the bytes: nothing to download.
    std::vector<uint8_t> got;
    CHECK(downloadAll(server.port(), token, "claimed1", got).status == 409);
    // A wrong proof is refused, flagged, and used up.
    auto wrong = rawPost(server.port(), "/v1/blobs/" + photo.sha256 + "/proof", json{{"proof", sha256Hex("guess")}}.dump(), auth(token));
    CHECK(wrong.status == 403);
    auto again = rawPost(server.port(), "/v1/blobs/" + photo.sha256 + "/proof", json{{"proof", sha256Hex("guess")}}.dump(), auth(token));
    CHECK(again.status == 400);
    CHECK(downloadAll(server.port(), token, "claimed1", got).status == 409);
    auto flags = server.admin({"audit-flags"});
    CHECK(flags.out.find("blob-proof-failed") != std::string::npos);
    // Uploading bytes it has no attachment for is refused too.
    const std::string other(1000, 'x');
    CHECK(postChunk(server.port(), token, sha256Hex(other), 0, other).status == 404);

    // The leader's own device attaches the same photo: it proves it has the bytes, sends none.
    auto again2 = leader.store().attach("finding", finding.id, bytes, "image/jpeg", "同一张.jpg");
    REQUIRE(again2.ok());
    auto report = leader.sync(chunked());
    REQUIRE(report.ok());
    INFO(report->toJson().dump());
    CHECK(report->attachmentsUploaded == 1);
    CHECK(report->attachmentsProven == 1);
    CHECK(report->photoBytesSent == 0);
    CHECK(stateOf(leader, again2->id) == "uploaded");
    CHECK(downloadAll(server.port(), tokenOf(leader), again2->id, got).status == 206);
    CHECK(sha256Hex(got.data(), got.size()) == sha256Hex(bytes.data(), bytes.size()));
}

TEST_CASE("a cut, altered or misplaced chunk is refused and nothing of it is kept", "[sync][photos]") {
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    syncOk(inspector);
    // A finding of the inspector's own, still recorded: the permission table lets it attach.
    const Record owner = findingWithPhoto(inspector, photoBytes(10, 9)).first;
    syncOk(inspector);
    auto [rawDevice, token] = rawEnroll(server.port(), "g1m2", "raw-uploader");
    const auto bytes = photoBytes(200 * 1024, 3);
    const std::string content(bytes.begin(), bytes.end());
    const std::string sha = sha256Hex(content);
    auto pushed = rawPost(server.port(), "/v1/push", json{{"ops", {attachOp("raw-op-1", "rawphoto1", owner, sha, 200 * 1024)}},
                                                           {"audit", json::array()}}.dump(), auth(token));
    INFO(pushed.body);
    REQUIRE(json::parse(pushed.body)["results"][0]["status"] == "applied");
    auto received = [&] {
        auto r = rawPost(server.port(), "/v1/blobs/" + sha + "/status", "{}", auth(token));
        REQUIRE(r.status == 200);
        return json::parse(r.body)["received"].get<int64_t>();
    };

    const std::string first = content.substr(0, 100 * 1024);
    // Cut on the way: the bytes that arrive are not the ones whose hash was announced.
    CHECK(postChunk(server.port(), token, sha, 0, first.substr(0, 50000), sha256Hex(first)).status == 400);
    std::string altered = first;
    altered[500] ^= 0x01;
    CHECK(postChunk(server.port(), token, sha, 0, altered, sha256Hex(first)).status == 400);
    CHECK(received() == 0);
    REQUIRE(postChunk(server.port(), token, sha, 0, first).status == 200);
    CHECK(received() == 100 * 1024);
    // A replay of that chunk, or one from the future: 409, saying where the upload stands.
    auto replay = postChunk(server.port(), token, sha, 0, first);
    CHECK(replay.status == 409);
    CHECK(json::parse(replay.body)["error"]["upload"]["received"] == 100 * 1024);
    CHECK(postChunk(server.port(), token, sha, 150 * 1024, content.substr(150 * 1024)).status == 409);
    // Past the announced size.
    CHECK(postChunk(server.port(), token, sha, 100 * 1024, content.substr(100 * 1024) + "extra").status == 400);
    CHECK(received() == 100 * 1024);
    // The rest, consistent with its own chunk hash but not with the whole: discarded whole.
    std::string wrongRest = content.substr(100 * 1024);
    wrongRest[10] ^= 0x40;
    auto bad = postChunk(server.port(), token, sha, 100 * 1024, wrongRest);
    CHECK(bad.status == 400);
    CHECK(json::parse(bad.body)["error"]["message"].get<std::string>().find("discarded") != std::string::npos);
    CHECK(received() == 0);
    // Uploaded properly, it completes.
    REQUIRE(postChunk(server.port(), token, sha, 0, first).status == 200);
    auto done = postChunk(server.port(), token, sha, 100 * 1024, content.substr(100 * 1024));
    REQUIRE(done.status == 200);
    CHECK(json::parse(done.body)["state"] == "complete");
    CHECK(json::parse(done.body)["held"] == true);
    std::vector<uint8_t> got;
    CHECK(downloadAll(server.port(), token, "rawphoto1", got, 70000).status == 206);
    CHECK(sha256Hex(got.data(), got.size()) == sha256Hex(bytes.data(), bytes.size()));
    // Ranges the server cannot serve.
    auto h = auth(token);
    h.emplace_back("Range", "bytes=999999999-");
    CHECK(rawGet(server.port(), "/v1/attachments/rawphoto1/content", h).status == 416);
    h.back().second = "bytes=0-10,20-30";
    CHECK(rawGet(server.port(), "/v1/attachments/rawphoto1/content", h).status == 416);
    // An older protocol does not know these endpoints.
    CHECK(rawPost(server.port(), "/v1/blobs/" + sha + "/status", "{}", {{"FieldCheck-Protocol", "3"}, {"Authorization", "Bearer " + token}}).status ==
          400);
}

TEST_CASE("kill -9 of the server mid-upload: the next sync resumes from the server's offset and re-sends at most one chunk",
          "[sync][photos][crash]") {
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    syncOk(inspector);
    const auto bytes = photoBytes(2 * 1024 * 1024, 4);
    auto [finding, photo] = findingWithPhoto(inspector, bytes);

    auto options = chunked();
    options.http.retry.maxAttempts = 2;
    bool killed = false;
    options.progress = [&](const sync::SyncProgress& p) {
        if (!killed && p.phase == "photos" && p.photoBytesDone >= 1024 * 1024) {
            killed = true;
            server.kill9();
        }
    };
    auto cut = inspector.sync(options);
    REQUIRE(killed);
    REQUIRE_FALSE(cut.ok());
    CHECK(stateOf(inspector, photo.id) == "uploading");
    int64_t sentBefore = 0;
    for (const auto& s : rep::attachmentSyncStates(inspector.store()).value()) {
        if (s.attachment.id == photo.id) sentBefore = s.bytesDone;
    }
    CHECK(sentBefore >= 1024 * 1024);

    server.start();
    auto resumed = inspector.sync(chunked());
    REQUIRE(resumed.ok());
    INFO(resumed->toJson().dump());
    CHECK(stateOf(inspector, photo.id) == "uploaded");
    // Everything after the acknowledged offset, plus at most the chunk that was in flight.
    CHECK(resumed->photoBytesSent <= static_cast<int64_t>(bytes.size()) - sentBefore + kChunk);
    CHECK(resumed->photoBytesSent >= static_cast<int64_t>(bytes.size()) - sentBefore - kChunk);
    Device office(server.url(), "jijian1");
    std::vector<uint8_t> got;
    CHECK(downloadAll(server.port(), tokenOf(office), photo.id, got, 1 << 20).status == 206);
    CHECK(sha256Hex(got.data(), got.size()) == sha256Hex(bytes.data(), bytes.size()));
}

TEST_CASE("a record arrives before its photo: other devices show the photo pending, then download it whole — a device that may not see the record never gets it",
          "[sync][photos]") {
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    const std::string liaisonUnit = anyRecord(liaison.store(), "finding").fields["unit_id"].get<std::string>();
    Device inspector(server.url(), "g1m2");
    syncOk(inspector);
    const auto bytes = photoBytes(700 * 1024 + 3, 5);
    auto [finding, photo] = findingWithPhoto(inspector, bytes, liaisonUnit);

    // The inspector's link goes before the photo does: the finding and the photo's metadata are on
    // the server, its bytes are not.
    sync::CancelToken stop;
    auto options = chunked();
    options.cancel = &stop;
    options.progress = [&](const sync::SyncProgress& p) {
        if (p.phase == "photos") stop.cancel();
    };
    auto cut = inspector.sync(options);
    REQUIRE_FALSE(cut.ok());
    CHECK(stateOf(inspector, photo.id) == "uploading");

    auto first = office.sync(chunked());
    REQUIRE(first.ok());
    CHECK(office.store().getRecord("finding", finding.id).ok());
    CHECK(stateOf(office, photo.id) == "pending");
    CHECK(first->attachmentsDownloaded == 0);
    CHECK_FALSE(office.store().readAttachment(photo.id).ok());

    REQUIRE(inspector.sync(chunked()).ok());
    CHECK(stateOf(inspector, photo.id) == "uploaded");
    auto options2 = chunked();
    options2.blobRangeBytes = 100 * 1024;
    auto second = office.sync(options2);
    REQUIRE(second.ok());
    INFO(second->toJson().dump());
    CHECK(second->attachmentsDownloaded == 1);
    CHECK(second->photoBytesReceived == static_cast<int64_t>(bytes.size()));
    CHECK(stateOf(office, photo.id) == "downloaded");
    auto got = office.store().readAttachment(photo.id);
    REQUIRE(got.ok());
    CHECK(sha256Hex(got->data(), got->size()) == photo.sha256);
    // Nothing more to fetch next time; the store and its vault still check out.
    auto third = office.sync(chunked());
    REQUIRE(third.ok());
    CHECK(third->attachmentsDownloaded == 0);
    CHECK(office.store().verifyAudit()->ok());
    CHECK(office.store().checkIntegrity().ok());
    CHECK(office.store().readAttachment(photo.id).ok());  // the sweep kept the downloaded file

    // The liaison of another unit received neither the finding nor its photo.
    REQUIRE(liaison.sync(chunked()).ok());
    CHECK_FALSE(liaison.store().getRecord("finding", finding.id).ok());
    for (const auto& s : rep::attachmentSyncStates(liaison.store()).value()) CHECK(s.attachment.id != photo.id);
}

TEST_CASE("photos under seeded faults (drops, cut answers, duplicates, late replays, 5xx) all arrive whole and hash-checked",
          "[sync][photos][faults]") {
    const int64_t runs = envInt("FIELDCHECK_PHOTO_FAULT_RUNS", 20);
    const int64_t firstSeed = envInt("FIELDCHECK_FAULT_SEED", 1);
    ServerProcess server;
    server.start();
    Device a(server.url(), "g1m1"), b(server.url(), "g1m2"), office(server.url(), "jijian1");
    for (auto* d : {&a, &b, &office}) syncOk(*d);
    std::map<std::string, std::string> taken;  // attachment id -> SHA-256 of its bytes
    int64_t faults = 0;
    for (int64_t seed = firstSeed; seed < firstSeed + runs; ++seed) {
        testing::FaultConfig cfg = testing::FaultConfig::allFaults(static_cast<uint64_t>(seed), 0.35);
        cfg.upstreamPort = static_cast<uint16_t>(server.port());
        cfg.maxDelayMs = 20;
        testing::FaultProxy proxy(cfg);
        std::string error;
        REQUIRE(proxy.start(&error));
        std::mt19937_64 rng(static_cast<uint64_t>(seed));
        for (auto* d : {&a, &b}) {
            REQUIRE(rep::setSyncState(d->store(), "server_url", "http://127.0.0.1:" + std::to_string(proxy.port())).ok());
            const int photos = 1 + static_cast<int>(rng() % 2);
            for (int i = 0; i < photos; ++i) {
                const auto bytes = photoBytes(50 * 1024 + rng() % (250 * 1024), rng());
                auto [finding, photo] = findingWithPhoto(*d, bytes);
                taken[photo.id] = photo.sha256;
            }
        }
        for (auto* d : {&a, &b}) {
            for (int attempt = 0; attempt < 3 && !d->sync(chunked(32 * 1024)).ok(); ++attempt) {
            }
        }
        proxy.waitUntilIdle();
        for (const auto& e : proxy.events()) faults += e.fault != testing::Fault::None ? 1 : 0;
        proxy.stop();
    }
    CHECK(faults > runs);
    // The link is good again: everything settles.
    for (auto* d : {&a, &b}) {
        REQUIRE(rep::setSyncState(d->store(), "server_url", server.url()).ok());
        auto r = d->sync(chunked(32 * 1024));
        INFO((r.ok() ? r->toJson().dump() : r.error().toString()));
        REQUIRE(r.ok());
        CHECK(r->attachmentProblems.empty());
        CHECK(r->attachmentsWaiting == 0);
    }
    for (auto* d : {&a, &b}) {
        for (const auto& st : rep::attachmentSyncStates(d->store()).value()) {
            if (!st.received) CHECK(st.state == "uploaded");
        }
    }
    auto r = office.sync(chunked(32 * 1024));
    REQUIRE(r.ok());
    CHECK(r->attachmentProblems.empty());
    size_t downloaded = 0;
    for (const auto& st : rep::attachmentSyncStates(office.store()).value()) {
        if (taken.count(st.attachment.id) == 0) continue;
        CHECK(st.state == "downloaded");
        auto bytes = office.store().readAttachment(st.attachment.id);
        REQUIRE(bytes.ok());
        CHECK(sha256Hex(bytes->data(), bytes->size()) == taken.at(st.attachment.id));
        ++downloaded;
    }
    CHECK(downloaded == taken.size());
    CHECK(office.store().verifyAudit()->ok());
}

TEST_CASE("kill -9 of the device mid-upload: the next sync goes on from where the server's copy stands", "[sync][photos][crash]") {
    ServerProcess server;
    server.start();
    auto device = std::make_unique<Device>(server.url(), "g1m2");
    syncOk(*device);
    const auto bytes = photoBytes(12 * 1024 * 1024, 6);
    auto [finding, photo] = findingWithPhoto(*device, bytes);
    const std::string token = tokenOf(*device);
    const std::string db = device->path();
    device->close();

    // `fieldcheck --db DB sync` (1 MiB chunks), killed once the server holds at least 3 MiB.
    auto pid = platform::spawnChild({{FIELDCHECK_CLI, "--db", db, "sync", "--passphrase-fd", "3"}, {kTestPassphrase}, {}, -1, -1});
    REQUIRE(pid.ok());
    int64_t held = 0;
    for (int i = 0; i < 3000 && held < 3 * 1024 * 1024; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        auto st = rawPost(server.port(), "/v1/blobs/" + photo.sha256 + "/status", "{}", auth(token));
        if (st.status == 200) held = json::parse(st.body)["received"].get<int64_t>();
    }
    ::kill(pid.value(), SIGKILL);
    int status = 0;
    ::waitpid(pid.value(), &status, 0);
    REQUIRE(held >= 3 * 1024 * 1024);
    REQUIRE(held < static_cast<int64_t>(bytes.size()));

    device->reopen();
    REQUIRE(device->store().checkIntegrity().ok());
    CHECK(stateOf(*device, photo.id) == "uploading");
    auto resumed = device->sync(Device::fastOptions());
    REQUIRE(resumed.ok());
    INFO(resumed->toJson().dump());
    CHECK(stateOf(*device, photo.id) == "uploaded");
    CHECK(resumed->photoBytesSent > 0);
    CHECK(resumed->photoBytesSent <= static_cast<int64_t>(bytes.size()) - held);
    Device office(server.url(), "jijian1");
    REQUIRE(office.sync(chunked()).ok());
    auto got = office.store().readAttachment(photo.id);
    REQUIRE(got.ok());
    CHECK(sha256Hex(got->data(), got->size()) == photo.sha256);
}

TEST_CASE("a 200 MB video goes up and comes down with memory bounded on the device and on the server", "[sync][photos][large]") {
    // Under AddressSanitizer every freed buffer waits in a quarantine of up to 256 MiB before it is
    // reused, and a sync frees a new request and answer buffer per 1 MiB chunk: the processes this
    // test starts get a small quarantine, so their peak memory is the program's, not the
    // sanitizer's. (No effect in other builds.)
    struct SmallAsanQuarantine {
        std::optional<std::string> before;
        SmallAsanQuarantine() {
            if (const char* v = std::getenv("ASAN_OPTIONS")) before = v;
            const std::string options = before.value_or("") + (before && !before->empty() ? ":" : "") + "quarantine_size_mb=4";
            ::setenv("ASAN_OPTIONS", options.c_str(), 1);
        }
        ~SmallAsanQuarantine() {
            if (before) ::setenv("ASAN_OPTIONS", before->c_str(), 1);
            else ::unsetenv("ASAN_OPTIONS");
        }
    } quarantine;
    ServerProcess server;
    server.start();
    // Two devices driven by the command line, as an inspector would (peak memory per run via wait4).
    auto device = [&](const std::string& user) {
        auto cli = std::make_unique<CliRunner>(FIELDCHECK_CLI, "pw");
        REQUIRE(cli->run("init --kdf-ops 1 --kdf-mem-kib 64").exitCode == 0);
        CliRun enrolled = cli->script("printf '%s\\n' '" + std::string(kDemoPassword) + "' > pw.txt && \"$F\" enroll --server " + server.url() +
                                      " --user " + user + " --password-fd 4 4<pw.txt");
        INFO(enrolled.out << enrolled.err);
        REQUIRE(enrolled.exitCode == 0);
        REQUIRE(cli->run("sync").exitCode == 0);
        return cli;
    };
    auto inspector = device("g1m2");
    auto office = device("jijian1");
    CliRun units = inspector->run("list unit --json");
    const std::string unitId = json::parse(units.out).at(0).at("id").get<std::string>();
    CliRun finding = inspector->run("record finding unit_id=" + unitId + " category=misconduct source=visit description=现场录像");
    REQUIRE(finding.exitCode == 0);
    const std::string findingId = finding.out.substr(0, finding.out.find('\n'));
    // Sparse files: no disk to make, the same work to seal, send and check as any other bytes.
    REQUIRE(inspector->script("truncate -s 1M small.mp4 && truncate -s 200M big.mp4").exitCode == 0);

    // Each size goes up, then down to the office; the 1 MB round sets this build's baseline (a
    // sanitizer build needs far more memory for anything).
    auto round = [&](const std::string& file) {
        CliRun attached = inspector->run("attach finding " + findingId + " " + file + " --media-type video/mp4");
        REQUIRE(attached.exitCode == 0);
        CliRun up = inspector->run("sync");
        INFO(up.out << up.err);
        REQUIRE(up.exitCode == 0);
        CHECK_THAT(up.out, Catch::Contains("1 now on the server"));
        CliRun down = office->run("sync");
        INFO(down.out << down.err);
        REQUIRE(down.exitCode == 0);
        CHECK_THAT(down.out, Catch::Contains("1 downloaded"));
        struct Peaks {
            long device, server, office;
            std::string id;
        };
        return Peaks{up.peakRssKiB / 1024, peakRssMiB(server.pid()), down.peakRssKiB / 1024, attached.out.substr(0, attached.out.find(' '))};
    };
    const auto small = round("small.mp4");
    const auto big = round("big.mp4");
    INFO("peak RSS in MiB, 1 MB → 200 MB: device " << small.device << " → " << big.device << ", server " << small.server << " → "
                                                   << big.server << ", office " << small.office << " → " << big.office);
    // Holding the file whole anywhere would add 200 MiB or more; a sanitizer build's allocator keeps
    // more slack (its shadow memory and size classes) than a plain one.
#if defined(__SANITIZE_ADDRESS__)
    constexpr long kSlackMiB = 64;
#else
    constexpr long kSlackMiB = 32;
#endif
    CHECK(big.device - small.device < kSlackMiB);
    CHECK(big.server - small.server < kSlackMiB);
    CHECK(big.office - small.office < kSlackMiB);
    // What the office holds is the video, byte for byte.
    REQUIRE(office->run("export-attachment " + big.id + " " + inspector->file("copy.mp4")).exitCode == 0);
    CHECK(inspector->script("cmp -s big.mp4 copy.mp4").exitCode == 0);
}
