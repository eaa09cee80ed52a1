// bench_photos — photos going up from a device to the server over loopback, against curl sending
// the same bytes to the same server, and against PouchDB and tus as peers (docs/benchmarks.md,
// "Photos").
//
//   bench_photos [--photos N] [--bytes B] [--repeats R] [--chunk B] [--cuts K] [--cut-photos N]
//                [--peers] [--quick] [--json FILE]
//
// Setup (not timed): N files of B random bytes (photos do not compress). Each timed run gets a
// fresh server database and a fresh `fieldcheck-server serve` process on 127.0.0.1, so that every
// side meets the same server in the same state and sends literally the same bytes. Each repeat
// runs, in an order that rotates from repeat to repeat:
//   fieldcheck   — a device (discipline inspector) with a finding and the N photos attached (in its
//                  encrypted vault; not timed) runs one sync: the push of the finding and the N
//                  attach ops, then the upload of the photos in chunks of --chunk bytes (a status
//                  request, then the chunks, per photo), then the pull. Timed: the whole sync, and
//                  apart the photo phase;
//   curl_whole   — one curl process sends each photo whole, one request per photo over one
//                  keep-alive connection, to the server's chunk endpoint (the least a client can
//                  do to put these bytes on this server; the device's attach ops were pushed
//                  beforehand, not timed);
//   curl_chunked — the same with the photos cut into --chunk pieces beforehand: the requests the
//                  device makes, minus its status requests, its vault and its bookkeeping.
// Then the cut runs (--cuts K): --cut-photos photos go up through a relay (cut_proxy.h) that breaks
// the connection once, at a random byte of the photo phase; the bytes the device sent over the
// wire in its photo phase are compared with those of unbroken runs through the same relay. Target
// (issue 11): a break re-sends at most one chunk.
// With --peers, the same photo files go to pouchdb-server as PouchDB attachments and to a tus
// server (bench/pouchdb/run.sh, bench/tus/run.sh; Node.js and npm needed).
// Target (issue 11): the device's upload ≤ 1.2 × curl's time.
#include <sodium.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "bench_server.h"
#include "bench_support.h"
#include "cut_proxy.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/sync_client.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;
using json = nlohmann::json;
namespace fs = std::filesystem;
namespace rep = fieldcheck::replication;

namespace {

const char* kUser = "bench-photos";

struct Options {
    int photos = 100;
    int64_t bytes = 2 << 20;
    int repeats = 5;
    int64_t chunk = 1 << 20;
    int cuts = 7;
    int cutPhotos = 10;
    bool peers = false;
    std::string jsonOut;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw BenchError(a + " needs a value");
            return argv[++i];
        };
        auto positive = [&](const std::string& v) {
            const long long n = std::stoll(v);
            if (n < 1) throw BenchError(a + " must be at least 1 (got " + v + ")");
            return n;
        };
        if (a == "--photos") o.photos = static_cast<int>(positive(next()));
        else if (a == "--bytes") o.bytes = positive(next());
        else if (a == "--repeats") o.repeats = static_cast<int>(positive(next()));
        else if (a == "--chunk") o.chunk = positive(next());
        else if (a == "--cuts") o.cuts = static_cast<int>(std::stoll(next()));
        else if (a == "--cut-photos") o.cutPhotos = static_cast<int>(positive(next()));
        else if (a == "--peers") o.peers = true;
        else if (a == "--json") o.jsonOut = next();
        else if (a == "--quick") {
            o.photos = 4;
            o.bytes = 300 * 1000;
            o.repeats = 1;
            o.chunk = 128 * 1024;
            o.cuts = 1;
            o.cutPhotos = 3;
        } else throw BenchError("unknown option " + a + " (see the comment at the top of bench/bench_photos.cpp)");
    }
    if (o.chunk > (4 << 20)) throw BenchError("--chunk: the server takes chunks of at most 4 MiB");
    return o;
}

struct Photo {
    std::string path;
    int64_t size = 0;
};

std::vector<Photo> writePhotos(const std::string& dir, int count, int64_t bytes, uint64_t seed) {
    fs::create_directories(dir);
    std::mt19937_64 rng(seed);
    std::vector<Photo> out;
    std::vector<char> buf(static_cast<size_t>(bytes));
    for (int i = 0; i < count; ++i) {
        for (size_t j = 0; j + 8 <= buf.size(); j += 8) {
            const uint64_t v = rng();
            std::memcpy(&buf[j], &v, 8);
        }
        for (size_t j = buf.size() / 8 * 8; j < buf.size(); ++j) buf[j] = static_cast<char>(rng());
        char name[32];
        std::snprintf(name, sizeof name, "photo-%03d.jpg", i);
        const std::string path = dir + "/" + name;
        std::ofstream(path, std::ios::binary).write(buf.data(), static_cast<std::streamsize>(buf.size()));
        out.push_back({path, bytes});
    }
    return out;
}

// A copy of the template server database for one run, in a directory of its own.
std::string freshServerDatabase(const std::string& templateDb, const std::string& runDir) {
    fs::create_directories(runDir);
    const std::string db = runDir + "/server.db";
    copyServerDatabase(templateDb, db);
    return db;
}

// The device's finding with `photos` attached (each sealed into its vault one chunk at a time).
std::vector<Attachment> attachPhotos(Store& device, const std::vector<Photo>& photos) {
    std::string findingId;
    must(device.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record campaign, device.createRecord("campaign", {{"code", "ZF-PHOTO"}, {"name", "照片基准"}}));
        FC_ASSIGN_OR_RETURN(Record unit, device.createRecord("unit", {{"code", "P001"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"}}));
        FC_ASSIGN_OR_RETURN(Record finding, device.createRecord("finding", {{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"category", "safety"},
                                                                           {"description", "消防通道堆放杂物，现场拍照取证。"}, {"source", "visit"}}));
        findingId = finding.id;
        return {};
    }), "record a finding");
    std::vector<Attachment> out;
    for (const auto& p : photos) out.push_back(must(device.attachFile("finding", findingId, p.path, "image/jpeg"), "attach " + p.path));
    return out;
}

sync::SyncReport syncChecked(Store& device, sync::SyncOptions o, const std::string& what) {
    auto r = must(sync::syncNow(device, o), what);
    check(r.rejected == 0, what + ": " + std::to_string(r.rejected) + " op(s) rejected");
    check(r.attachmentProblems.empty(), what + ": " + (r.attachmentProblems.empty() ? "" : r.attachmentProblems.front()));
    return r;
}

struct DeviceRun {
    double syncSeconds = 0, photoSeconds = 0;
    int64_t requests = 0, photoBytesSent = 0;
};

DeviceRun runDevice(const std::string& templateDb, const std::string& runDir, const std::vector<Photo>& photos, int64_t chunk) {
    ServerProcess server(freshServerDatabase(templateDb, runDir), runDir + "/server.log");
    auto device = newDevice(runDir + "/device.db", server.url(), kUser);
    attachPhotos(*device, photos);
    sync::SyncOptions o;
    o.blobChunkBytes = chunk;
    Stopwatch t;
    auto r = syncChecked(*device, o, "the device's sync");
    DeviceRun run{t.seconds(), r.photoSeconds, r.requests, r.photoBytesSent};
    check(r.attachmentsUploaded == static_cast<int64_t>(photos.size()) && r.attachmentsWaiting == 0,
          "the device uploaded " + std::to_string(r.attachmentsUploaded) + " of " + std::to_string(photos.size()) + " photos");
    return run;
}

// Pushes the finding and its attach ops but stops before any photo byte goes up (the sync is
// cancelled as its photo phase begins): the server then expects these hashes from this device.
void pushMetadataOnly(Store& device) {
    sync::CancelToken cancel;
    sync::SyncOptions o;
    o.cancel = &cancel;
    o.progress = [&](const sync::SyncProgress& p) {
        if (p.phase == "photos") cancel.cancel();
    };
    auto r = sync::syncNow(device, o);
    check(!r.ok() && sync::isCancelled(r.error()), "the metadata-only sync should stop at the photo phase");
    for (const auto& a : must(rep::attachmentSyncStates(device), "attachment states")) {
        check(a.state == "uploading" && a.bytesDone == 0, "attachment " + a.attachment.id + " is " + a.state + " after the metadata push");
    }
}

struct CurlRun {
    double seconds = 0;
    int64_t requests = 0;
};

// curl sends the photos (whole, or cut into `chunk` pieces written beforehand) to the chunk
// endpoint as the device `device` whose attach ops the server has applied. The device token goes
// to curl on its standard input (a config read with -K -), never in argv or a file.
CurlRun runCurl(const std::string& templateDb, const std::string& runDir, const std::vector<Photo>& photos, int64_t chunk) {
    ServerProcess server(freshServerDatabase(templateDb, runDir), runDir + "/server.log");
    auto device = newDevice(runDir + "/device.db", server.url(), kUser);
    const auto attachments = attachPhotos(*device, photos);
    pushMetadataOnly(*device);
    const std::string token = must(rep::syncState(*device, "token"), "token").value_or("");
    const std::string deviceId = must(rep::syncState(*device, "device_id"), "device id").value_or("");

    // The requests: one per photo, or one per piece of `chunk` bytes (written out, not timed).
    struct Piece {
        std::string path, sha256, chunkSha;
        int64_t offset;
    };
    std::vector<Piece> pieces;
    for (size_t i = 0; i < photos.size(); ++i) {
        if (chunk <= 0 || chunk >= photos[i].size) {
            pieces.push_back({photos[i].path, attachments[i].sha256, attachments[i].sha256, 0});
            continue;
        }
        std::ifstream in(photos[i].path, std::ios::binary);
        std::vector<char> buf(static_cast<size_t>(chunk));
        for (int64_t off = 0; off < photos[i].size; off += chunk) {
            const auto n = static_cast<size_t>(std::min(chunk, photos[i].size - off));
            in.read(buf.data(), static_cast<std::streamsize>(n));
            const std::string piece = runDir + "/piece-" + std::to_string(i) + "-" + std::to_string(off);
            std::ofstream(piece, std::ios::binary).write(buf.data(), static_cast<std::streamsize>(n));
            pieces.push_back({piece, attachments[i].sha256, sha256Hex(reinterpret_cast<const uint8_t*>(buf.data()), n), off});
        }
    }
    std::ostringstream config;
    for (size_t i = 0; i < pieces.size(); ++i) {
        if (i > 0) config << "next\n";
        config << "url = \"" << server.url() << "/v1/blobs/" << pieces[i].sha256 << "/chunk?offset=" << pieces[i].offset << "\"\n"
               << "request = \"POST\"\nupload-file = \"" << pieces[i].path << "\"\n"
               << "header = \"Authorization: Bearer " << token << "\"\n"
               << "header = \"FieldCheck-Device: " << deviceId << "\"\n"
               << "header = \"FieldCheck-Protocol: " << sync::kClientProtocol << "\"\n"
               << "header = \"FieldCheck-Chunk-SHA256: " << pieces[i].chunkSha << "\"\n"
               << "header = \"Content-Type: application/octet-stream\"\nheader = \"Expect:\"\n"
               << "output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\"\n";
    }
    const std::string codes = runDir + "/curl-codes.txt";
    const std::string command = "curl -sS -K - > '" + codes + "'";
    const std::string text = config.str();
    Stopwatch t;
    FILE* curl = ::popen(command.c_str(), "w");
    check(curl != nullptr, "cannot start curl");
    const bool written = std::fwrite(text.data(), 1, text.size(), curl) == text.size();
    const int status = ::pclose(curl);
    CurlRun run{t.seconds(), static_cast<int64_t>(pieces.size())};
    check(written && WIFEXITED(status) && WEXITSTATUS(status) == 0, "curl failed (exit " + std::to_string(WEXITSTATUS(status)) + ")");
    std::ifstream in(codes);
    std::string line;
    int64_t ok = 0;
    while (std::getline(in, line)) {
        check(line == "200", "curl: the server answered " + line + " to a chunk");
        ++ok;
    }
    check(ok == run.requests, "curl made " + std::to_string(ok) + " of " + std::to_string(run.requests) + " requests");
    // The server holds every photo now, as this device's upload: the device's next sync sends none.
    auto after = syncChecked(*device, {}, "the sync after curl's upload");
    check(after.attachmentsWaiting == 0 && after.photoBytesSent == 0,
          "after curl's upload the device still sent " + std::to_string(after.photoBytesSent) + " photo bytes");
    return run;
}

struct CutRun {
    int64_t wireBytes = 0;       // client → server through the relay during the photo phase and after
    int64_t photoBytesSent = 0;  // chunk bytes of the requests that were answered (a broken one is not counted)
    int64_t cutAt = 0;           // 0: not broken
    int syncs = 0;
};

// The device's photo phase through the relay; broken once at byte `cutAt` of the phase (0: never).
CutRun runThroughRelay(const std::string& templateDb, const std::string& runDir, const std::vector<Photo>& photos, int64_t chunk, int64_t cutAt) {
    ServerProcess server(freshServerDatabase(templateDb, runDir), runDir + "/server.log");
    CutProxy relay(server.port());
    auto device = newDevice(runDir + "/device.db", "http://127.0.0.1:" + std::to_string(relay.port()), kUser);
    attachPhotos(*device, photos);
    CutRun run;
    run.cutAt = cutAt;
    int64_t phaseStart = -1;
    sync::SyncOptions o;
    o.blobChunkBytes = chunk;
    o.http.retry.jitterSeed = 1;
    o.progress = [&](const sync::SyncProgress& p) {
        if (p.phase == "photos" && phaseStart < 0) {
            phaseStart = relay.bytesUp();
            relay.cutAfter(cutAt);
        }
    };
    // A break the transport's retries do not absorb ends the sync with an error; the next sync
    // goes on (as the app's next attempt would).
    for (run.syncs = 1; run.syncs <= 3; ++run.syncs) {
        auto r = sync::syncNow(*device, o);
        if (r.ok()) {
            run.photoBytesSent += r->photoBytesSent;
            if (r->attachmentsWaiting == 0) break;
        }
    }
    check(run.syncs <= 3, "the photos did not all go up in three syncs after the break");
    check(cutAt == 0 || relay.cutDone(), "the relay never reached the byte to break at");
    run.wireBytes = relay.bytesUp() - phaseStart;
    return run;
}

std::string fmtMs(double seconds) { return formatFixed(seconds * 1000, 0) + " ms"; }

json peerRun(const std::string& script, const std::string& photosDir, int repeats, const std::string& out, const std::string& extra = "") {
    const std::string cmd = "bash '" + std::string(FIELDCHECK_SOURCE_DIR) + "/" + script + "' --photos '" + photosDir + "' --repeats " +
                            std::to_string(repeats) + " --out '" + out + "'" + extra + " >&2";
    check(std::system(cmd.c_str()) == 0, script + " failed (see above)");
    std::ifstream in(out);
    return json::parse(in);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        check(sodium_init() >= 0, "libsodium");
        const Options opt = parse(argc, argv);
        ScratchDir dir;
        const auto photos = writePhotos(dir.file("photos"), opt.photos, opt.bytes, 20261207);
        const std::string templateDb = dir.file("template.db");
        createServerDatabase(templateDb, {kUser});
        const int64_t totalBytes = opt.bytes * opt.photos;
        std::cerr << "bench_photos: " << opt.photos << " photos of " << withThousands(opt.bytes) << " bytes, " << opt.repeats
                  << " repeat(s), device chunks of " << withThousands(opt.chunk) << " bytes\n";

        // The timed sides, in an order that rotates with the repeat.
        std::vector<double> device, devicePhotos, curlWhole, curlChunked;
        json samples = json::array();
        int64_t deviceRequests = 0, wholeRequests = 0, chunkedRequests = 0;
        for (int rep = 0; rep < opt.repeats; ++rep) {
            json sample = json::object();
            for (int k = 0; k < 3; ++k) {
                const int side = (rep + k) % 3;
                const std::string runDir = dir.file("run-" + std::to_string(rep) + "-" + std::to_string(side));
                if (side == 0) {
                    auto r = runDevice(templateDb, runDir, photos, opt.chunk);
                    device.push_back(r.syncSeconds);
                    devicePhotos.push_back(r.photoSeconds);
                    deviceRequests = r.requests;
                    sample["device_sync_s"] = r.syncSeconds;
                    sample["device_photo_phase_s"] = r.photoSeconds;
                    check(r.photoBytesSent >= totalBytes, "the device counted fewer photo bytes than it had");
                } else if (side == 1) {
                    auto r = runCurl(templateDb, runDir, photos, 0);
                    curlWhole.push_back(r.seconds);
                    wholeRequests = r.requests;
                    sample["curl_whole_s"] = r.seconds;
                } else {
                    auto r = runCurl(templateDb, runDir, photos, opt.chunk);
                    curlChunked.push_back(r.seconds);
                    chunkedRequests = r.requests;
                    sample["curl_chunked_s"] = r.seconds;
                }
                ScratchDir::removeAll(runDir);
            }
            samples.push_back(sample);
            std::cerr << "  repeat " << rep + 1 << ": device " << fmtMs(device.back()) << " (photo phase " << fmtMs(devicePhotos.back())
                      << "), curl whole " << fmtMs(curlWhole.back()) << ", curl in chunks " << fmtMs(curlChunked.back()) << "\n";
        }
        const double dev = median(device), devPhotos = median(devicePhotos), whole = median(curlWhole), chunked = median(curlChunked);
        const auto mib = static_cast<double>(totalBytes) / (1 << 20);
        std::printf("Photos up: %d × %s bytes (%.0f MiB), %d repeat(s), medians:\n", opt.photos, withThousands(opt.bytes).c_str(), mib, opt.repeats);
        std::printf("  device, whole sync          %8.0f ms  %6.1f MiB/s  %lld requests\n", dev * 1000, mib / dev, static_cast<long long>(deviceRequests));
        std::printf("  device, photo phase         %8.0f ms  %6.1f MiB/s\n", devPhotos * 1000, mib / devPhotos);
        std::printf("  curl, whole photos          %8.0f ms  %6.1f MiB/s  %lld requests\n", whole * 1000, mib / whole, static_cast<long long>(wholeRequests));
        std::printf("  curl, %s-byte chunks   %8.0f ms  %6.1f MiB/s  %lld requests\n", withThousands(opt.chunk).c_str(), chunked * 1000, mib / chunked,
                    static_cast<long long>(chunkedRequests));
        std::printf("  device / curl whole: %.2f (whole sync), %.2f (photo phase); device / curl in chunks: %.2f, %.2f  (target ≤ 1.2)\n",
                    dev / whole, devPhotos / whole, dev / chunked, devPhotos / chunked);
        json result = {{"photos", opt.photos}, {"bytes_each", opt.bytes}, {"chunk_bytes", opt.chunk}, {"repeats", opt.repeats}, {"samples", samples},
                       {"medians_ms", {{"device_sync", dev * 1000}, {"device_photo_phase", devPhotos * 1000}, {"curl_whole", whole * 1000},
                                       {"curl_chunked", chunked * 1000}}},
                       {"requests", {{"device_sync", deviceRequests}, {"curl_whole", wholeRequests}, {"curl_chunked", chunkedRequests}}}};

        // A connection broken mid-file: bytes on the wire against unbroken runs through the relay.
        if (opt.cuts > 0) {
            const int cutCount = std::min(opt.cutPhotos, opt.photos);
            const std::vector<Photo> some(photos.begin(), photos.begin() + cutCount);
            const int64_t someBytes = opt.bytes * cutCount;
            std::vector<double> plainWire;
            for (int i = 0; i < 3; ++i) {
                const std::string runDir = dir.file("relay-" + std::to_string(i));
                plainWire.push_back(static_cast<double>(runThroughRelay(templateDb, runDir, some, opt.chunk, 0).wireBytes));
                ScratchDir::removeAll(runDir);
            }
            const double baseline = median(plainWire);
            std::mt19937_64 rng(42);
            std::vector<double> resentWire;
            json cuts = json::array();
            for (int i = 0; i < opt.cuts; ++i) {
                // Somewhere inside the photo bytes, away from the phase's first and last request.
                const int64_t at = someBytes / 20 + static_cast<int64_t>(rng() % static_cast<uint64_t>(someBytes * 9 / 10));
                const std::string runDir = dir.file("cut-" + std::to_string(i));
                auto r = runThroughRelay(templateDb, runDir, some, opt.chunk, at);
                ScratchDir::removeAll(runDir);
                resentWire.push_back(static_cast<double>(r.wireBytes) - baseline);
                cuts.push_back({{"cut_at_byte", at}, {"wire_bytes", r.wireBytes}, {"resent_wire_bytes", r.wireBytes - static_cast<int64_t>(baseline)},
                                {"photo_bytes_sent", r.photoBytesSent}, {"syncs", r.syncs}});
            }
            const auto worst = *std::max_element(resentWire.begin(), resentWire.end());
            std::printf("Connection broken once mid-file (%d photos, %d breaks, chunks of %s bytes):\n", cutCount, opt.cuts, withThousands(opt.chunk).c_str());
            std::printf("  bytes re-sent on the wire: median %s, most %s (target ≤ %s, one chunk)\n",
                        withThousands(static_cast<int64_t>(median(resentWire))).c_str(), withThousands(static_cast<int64_t>(worst)).c_str(),
                        withThousands(opt.chunk).c_str());
            result["breaks"] = {{"photos", cutCount}, {"unbroken_wire_bytes", plainWire}, {"runs", cuts},
                                {"resent_wire_median", median(resentWire)}, {"resent_wire_max", worst}};
        }

        if (opt.peers) {
            const std::string photosDir = dir.file("photos");
            json tus = peerRun("bench/tus/run.sh", photosDir, opt.repeats, dir.file("tus.json"));
            json tusChunked = peerRun("bench/tus/run.sh", photosDir, opt.repeats, dir.file("tus-chunked.json"), " --chunk " + std::to_string(opt.chunk));
            json pouch = peerRun("bench/pouchdb/run.sh", photosDir, opt.repeats, dir.file("pouchdb.json"));
            result["tus"] = tus;
            result["tus_chunked"] = tusChunked;
            result["pouchdb"] = pouch;
            std::printf("Peers on the same files (run after ours, same machine state), medians:\n");
            auto row = [&](const std::string& what, const json& peer) {
                const double ms = peer["upload_ms"]["median"].get<double>();
                std::printf("  %-44s %8.0f ms  %6.1f MiB/s  (peer / device whole sync %.2f)\n", what.c_str(), ms, mib / (ms / 1000), ms / (dev * 1000));
            };
            row("tus " + tus.value("tus_server_version", "?") + " / tus-js-client " + tus.value("tus_js_client_version", "?") + ", whole", tus);
            row("tus, " + withThousands(opt.chunk) + "-byte chunks", tusChunked);
            row("PouchDB " + pouch.value("pouchdb_version", "?") + " → pouchdb-server " + pouch.value("pouchdb_server_version", "?"), pouch);
        }
        const auto machine = describeMachine(dir.path());
        result["machine"] = {{"cpu", machine.cpu}, {"cores", machine.cores}, {"load_average_end", loadAverageNow()}};
        if (!opt.jsonOut.empty()) std::ofstream(opt.jsonOut) << result.dump(2) << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_photos: " << e.what() << "\n";
        return 1;
    }
}
