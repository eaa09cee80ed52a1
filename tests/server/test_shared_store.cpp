// One device store shared by everything that runs on a device at once — the inspector's writes and
// photos, the app's background sync, `check` and `audit verify` — as two threads (each with its own
// Store object) and as separate fieldcheck processes, against a real server. What must hold:
// nothing acknowledged is lost, no check raises a false alarm, and the device converges with the
// server. FIELDCHECK_SHARED_SECONDS (default 12) sets how long each case runs; the soak in
// docs/architecture.md runs them for minutes. The two-thread case also runs under ThreadSanitizer
// (scripts/test.sh, preset "tsan").
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

std::chrono::seconds runTime() {
    const char* env = std::getenv("FIELDCHECK_SHARED_SECONDS");
    return std::chrono::seconds(env != nullptr ? std::max(1, std::atoi(env)) : 12);
}

// What the writers were told was saved.
struct Acknowledged {
    std::map<std::string, std::string> findings;        // id → description
    std::map<std::string, std::string> attachmentSha;   // attachment id → SHA-256 of the bytes
};

// Everything acknowledged is there and whole; the audit chain and the vault verify; after one more
// sync the device holds exactly what the server says g1m1 must hold.
void checkNothingLost(ServerProcess& server, Device& device, const Acknowledged& acks) {
    device.reopen();
    Store& s = device.store();
    for (const auto& [id, description] : acks.findings) {
        auto r = s.getRecord("finding", id);
        INFO(id);
        REQUIRE(r.ok());
        CHECK(r->fields["description"] == description);
    }
    for (const auto& [id, sha] : acks.attachmentSha) {
        auto bytes = s.readAttachment(id);
        INFO(id);
        REQUIRE(bytes.ok());
        CHECK(sha256Hex(bytes->data(), bytes->size()) == sha);
    }
    auto audit = s.verifyAudit();
    REQUIRE(audit.ok());
    INFO((audit->ok() ? std::string() : audit->problems.front().message));
    CHECK(audit->ok());
    IntegrityReport report;
    Status integrity = s.checkIntegrity({}, &report);
    INFO((integrity.ok() ? std::string() : integrity.error().message));
    CHECK(integrity.ok());
    CHECK(report.vault.filesTotal >= static_cast<int64_t>(acks.attachmentSha.size()));
    syncOk(device);
    CHECK(device.dump() == server.dumpFor("g1m1"));
}

// A server with the demo data and the device of group member g1m1 after its first sync, closed so
// that the test's own connections are the only ones; `unitId` is a unit the device may write for.
struct SyncedDevice {
    ServerProcess server;
    std::unique_ptr<Device> device;
    std::string unitId;
    SyncedDevice() {
        server.start();
        device = std::make_unique<Device>(server.url(), "g1m1");
        syncOk(*device);
        unitId = anyRecord(device->store(), "unit").id;
        device->close();
    }
};

}  // namespace

TEST_CASE("two threads share a device store: writes and photos beside sync, check and audit verify", "[sync][shared][threads]") {
    SyncedDevice synced;
    Device& device = *synced.device;
    const std::string unitId = synced.unitId;
    const auto deadline = std::chrono::steady_clock::now() + runTime();

    Acknowledged acks;
    std::atomic<bool> writerDone{false};
    std::mutex failureMutex;
    std::string failure;
    auto fail = [&](const std::string& what) {
        std::lock_guard<std::mutex> lock(failureMutex);
        if (failure.empty()) failure = what;
    };
    std::thread writer([&] {
        auto s = Store::open(device.path(), testPassphrase(), testOptions());
        if (!s.ok()) return fail("writer open: " + s.error().toString());
        s.value()->setActor("g1m1");
        for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
            const std::string description = "共享写入-" + std::to_string(i);
            auto f = s.value()->createRecord("finding", findingFields(unitId, description));
            if (!f.ok()) return fail("create: " + f.error().toString());
            acks.findings[f->id] = description;
            if (i % 3 == 0) {
                auto bytes = randomBytes(60'000 + static_cast<size_t>(i));
                auto a = s.value()->attach("finding", f->id, bytes, "image/jpeg", "现场" + std::to_string(i) + ".jpg");
                if (!a.ok()) return fail("attach: " + a.error().toString());
                acks.attachmentSha[a->id] = sha256Hex(bytes.data(), bytes.size());
            }
            // A breath between changes, as a person's are: back-to-back transactions would starve
            // the other connection's lock waits, and the point is to interleave the two.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        writerDone = true;
    });
    int syncs = 0, checks = 0;
    {
        auto s = Store::open(device.path(), testPassphrase(), testOptions());
        REQUIRE(s.ok());
        while (!writerDone && failure.empty()) {
            auto r = sync::syncNow(*s.value(), Device::fastOptions());
            if (!r.ok()) fail("sync: " + r.error().toString());
            else if (r->rejected != 0) fail("sync rejected " + std::to_string(r->rejected) + " ops");
            ++syncs;
            Status st = s.value()->checkIntegrity();
            if (!st.ok()) fail("check: " + st.error().toString());
            auto audit = s.value()->verifyAudit();
            if (!audit.ok()) fail("audit verify: " + audit.error().toString());
            else if (!audit->ok()) fail("audit verify: " + audit->problems.front().message);
            ++checks;
        }
    }
    writer.join();
    INFO(failure);
    REQUIRE(failure.empty());
    CHECK(syncs > 1);
    CHECK(acks.findings.size() > 10);
    std::printf("two threads: %zu findings and %zu photos acknowledged; %d syncs, %d check + audit verify rounds\n",
                acks.findings.size(), acks.attachmentSha.size(), syncs, checks);
    checkNothingLost(synced.server, device, acks);
}

TEST_CASE("fieldcheck processes share a device store: record and attach beside sync, check and audit verify",
          "[sync][shared][processes]") {
    SyncedDevice synced;
    Device& device = *synced.device;
    const std::string unitId = synced.unitId;
    TempDir work;
    const std::string passFile = work.file("pass");
    std::ofstream(passFile) << kTestPassphrase << "\n";
    ::chmod(passFile.c_str(), 0600);
    const std::string script = work.file("run.sh");
    std::ofstream(script) << "set -u\ncd '" << work.path() << "'\n"
                          << "export FIELDCHECK_DB='" << device.path() << "' FIELDCHECK_PASSPHRASE_FILE='" << passFile
                          << "' FIELDCHECK_ACTOR=g1m1\nF='" << FIELDCHECK_CLI << "'\nend=$((SECONDS + " << runTime().count()
                          << "))\n"
                          << R"(head -c 80000 /dev/urandom > photo.jpg
sha=$(sha256sum photo.jpg | cut -d' ' -f1)
( i=0; while [ $SECONDS -lt $end ]; do
    i=$((i+1))
    id=$("$F" record finding unit_id=)" << unitId << R"( category=safety source=visit description=进程写入-$i) || { echo "WRITER-FAILED $i"; exit 1; }
    echo "finding $id 进程写入-$i"
    if [ $((i % 3)) -eq 0 ]; then
      a=$("$F" attach finding $id photo.jpg) || { echo "ATTACH-FAILED $i"; exit 1; }
      echo "attachment ${a%% *} $sha"
    fi
  done ) > acks.txt & W=$!
runs=0
while kill -0 $W 2>/dev/null; do
  "$F" sync >/dev/null 2>sync-err.txt || { echo "SYNC-FAILED"; cat sync-err.txt; }
  "$F" check >/dev/null 2>check-err.txt || { echo "CHECK-FAILED"; cat check-err.txt; }
  "$F" audit verify >/dev/null 2>verify-err.txt || { echo "FALSE-ALARM"; cat verify-err.txt; }
  runs=$((runs+1))
done
wait $W || echo "WRITER-EXIT $?"
echo "runs $runs: sync, check and audit verify"
)";
    ProcessResult r = runProgram({"/bin/bash", script});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.out, !Catch::Contains("FAILED") && !Catch::Contains("FALSE-ALARM") && !Catch::Contains("WRITER-EXIT"));
    CHECK_THAT(r.out, !Catch::Contains("runs 0"));

    Acknowledged acks;
    std::istringstream lines(slurp(work.file("acks.txt")));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream l(line);
        std::string kind, id, value;
        l >> kind >> id >> value;
        if (kind == "finding") acks.findings[id] = value;
        if (kind == "attachment") acks.attachmentSha[id] = value;
    }
    CHECK(acks.findings.size() > 3);
    std::printf("processes: %zu findings and %zu photos acknowledged; %s", acks.findings.size(), acks.attachmentSha.size(),
                r.out.substr(r.out.rfind("runs ")).c_str());
    checkNothingLost(synced.server, device, acks);
}
