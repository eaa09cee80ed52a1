#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <vector>

#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

struct Acks {
    std::map<long, std::string> created;  // n → finding id
    std::map<long, std::string> updated;  // n → finding id (subcategory = crash-n)
    std::map<long, std::string> attached; // n → attachment id
    long lastN = 0;
};

// Parses complete lines; a half-written last line (killed mid-print) is ignored: it was never acknowledged.
void parseAcks(const std::string& out, Acks& acks) {
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof()) break;  // no trailing newline: not a complete acknowledgement
        std::istringstream l(line);
        std::string kind, id;
        long n = 0;
        l >> kind >> n >> id;
        if (kind == "ack") acks.created[n] = id;
        if (kind == "upd") acks.updated[n] = id;
        if (kind == "att") acks.attached[n] = id;
        if (kind == "ack" || kind == "upd" || kind == "att") acks.lastN = std::max(acks.lastN, n);
    }
}

// Runs the child until `delay` has passed after its first output, then SIGKILLs it. `extra`: more
// arguments for the child (its passphrase-changing mode). `ranFor`: how long it ran after that
// first output.
std::string runAndKill(const std::string& db, long start, std::chrono::microseconds delay,
                       const std::vector<std::string>& extra = {}, std::chrono::microseconds* ranFor = nullptr) {
    int pipefd[2];
    REQUIRE(::pipe(pipefd) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(pipefd[1], STDOUT_FILENO);
        ::close(pipefd[0]);
        ::close(pipefd[1]);
        const std::string startArg = std::to_string(start);
        std::vector<const char*> argv = {FIELDCHECK_CRASH_CHILD, db.c_str(), startArg.c_str()};
        for (const auto& e : extra) argv.push_back(e.c_str());
        argv.push_back(nullptr);
        ::execv(FIELDCHECK_CRASH_CHILD, const_cast<char* const*>(argv.data()));
        ::_exit(127);
    }
    ::close(pipefd[1]);
    std::string out;
    char buf[4096];
    bool started = false;
    std::chrono::steady_clock::time_point startedAt;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{pipefd[0], POLLIN, 0};
        int timeoutMs = started ? 1 : 100;
        if (::poll(&p, 1, timeoutMs) > 0) {
            ssize_t n = ::read(pipefd[0], buf, sizeof buf);
            if (n <= 0) break;  // child exited
            out.append(buf, static_cast<size_t>(n));
            if (!started) {
                started = true;
                startedAt = std::chrono::steady_clock::now();
                deadline = startedAt + delay;
            }
        }
    }
    ::kill(pid, SIGKILL);
    if (ranFor != nullptr) {
        *ranFor = started ? std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - startedAt)
                          : std::chrono::microseconds(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    // Whatever the child wrote before it died is still in the pipe.
    for (;;) {
        ssize_t n = ::read(pipefd[0], buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(pipefd[0]);
    if (WIFEXITED(status)) FAIL("the crash child exited by itself with status " << WEXITSTATUS(status) << "; output: " << out);
    return out;
}

std::vector<std::string> temporaryFiles(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.find(".tmp-") != std::string::npos) out.push_back(name);
    }
    return out;
}

}  // namespace

TEST_CASE("records acknowledged before a SIGKILL survive it, whole, with a verifying audit chain", "[core][crash]") {
    // FIELDCHECK_CRASH_KILLS raises the count for a longer soak (bench mode).
    const char* env = std::getenv("FIELDCHECK_CRASH_KILLS");
    const int kills = env != nullptr ? std::atoi(env) : 200;
    const char* seedEnv = std::getenv("FIELDCHECK_CRASH_SEED");
    const uint64_t seed = seedEnv != nullptr ? std::strtoull(seedEnv, nullptr, 10) : 20260327;
    INFO("seed " << seed << " (set FIELDCHECK_CRASH_SEED to replay)");
    std::mt19937_64 rng(seed);

    TempDir dir;
    const std::string db = dir.file("s.db");
    {
        auto s = createTestStore(db);
        createUnit(*s);
    }
    Acks acks;
    long next = 1;
    // How long one acknowledged write takes here, learnt as the rounds go: the kill window is
    // measured in writes, not in milliseconds, so a loaded machine does not turn every kill into one
    // during the store's opening.
    double usPerWrite = 1000;
    for (int k = 0; k < kills; ++k) {
        CAPTURE(k);
        // Kill anywhere from "during the first write" to "after a few dozen".
        const auto window = static_cast<uint64_t>(std::max(40'000.0, 30 * usPerWrite));
        auto delay = std::chrono::microseconds(static_cast<int64_t>(rng() % window));
        std::chrono::microseconds ranFor{};
        std::string out = runAndKill(db, next, delay, {}, &ranFor);
        const size_t before = acks.created.size() + acks.updated.size() + acks.attached.size();
        parseAcks(out, acks);
        const size_t written = acks.created.size() + acks.updated.size() + acks.attached.size() - before;
        if (written > 0) usPerWrite = 0.8 * usPerWrite + 0.2 * static_cast<double>(ranFor.count()) / static_cast<double>(written);
        next = acks.lastN + 2;  // skip the number that may have been committed but not acknowledged

        auto s = Store::open(db, testPassphrase(), testOptions());
        REQUIRE(s.ok());
        // Spot-check the newest acknowledgements every round, everything at the end.
        for (auto it = acks.created.rbegin(); it != acks.created.rend() && std::distance(acks.created.rbegin(), it) < 5; ++it) {
            auto r = s.value()->getRecord("finding", it->second);
            REQUIRE(r.ok());
            CHECK(r->fields["description"] == "crash-" + std::to_string(it->first));
        }
        if (k % 20 == 19 || k + 1 == kills) {
            REQUIRE(s.value()->checkIntegrity().ok());
            auto report = s.value()->verifyAudit();
            REQUIRE(report.ok());
            INFO((report->ok() ? std::string() : report->problems.front().message));
            REQUIRE(report->ok());
        }
    }
    auto s = openTestStore(db);
    for (const auto& [n, id] : acks.created) {
        auto r = s->getRecord("finding", id);
        REQUIRE(r.ok());
        REQUIRE(r->fields["description"] == "crash-" + std::to_string(n));
    }
    for (const auto& [n, id] : acks.updated) {
        // A later acknowledged update of the same record may have overwritten it; it must be one of them.
        auto r = s->getRecord("finding", id);
        REQUIRE(r.ok());
        CHECK(r->fields["subcategory"].get<std::string>().rfind("crash-", 0) == 0);
    }
    for (const auto& [n, id] : acks.attached) {
        auto bytes = s->readAttachment(id);
        REQUIRE(bytes.ok());
        CHECK(bytes->size() == 50'000);
        CHECK((*bytes)[0] == static_cast<uint8_t>(n));
    }
    // Not half-written: every finding row is complete and matches its audit entry (verifyAudit),
    // and there are no records beyond the acknowledged ones plus at most one unacknowledged per kill.
    auto count = s->countRecords("finding").value();
    CHECK(count >= static_cast<int64_t>(acks.created.size()));
    CHECK(count <= static_cast<int64_t>(acks.created.size()) + kills);
    CHECK(acks.created.size() > static_cast<size_t>(kills));  // the kills really landed mid-work (about 12 a round)
    REQUIRE(s->checkIntegrity().ok());
    CHECK(s->verifyAudit()->ok());
    // Opening swept what the killed writers left (half-written sealed files); nothing is left.
    CHECK(temporaryFiles(dir.path()).empty());
    CHECK(temporaryFiles(s->attachmentDirectory()).empty());
}

TEST_CASE("a passphrase change killed at any moment leaves no file that the old passphrase opens", "[core][crash][keyring]") {
    const char* env = std::getenv("FIELDCHECK_CRASH_KILLS");
    const int kills = env != nullptr ? std::max(1, std::atoi(env) / 5) : 40;
    std::mt19937_64 rng(20261203);
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    const std::string a = kTestPassphrase, b = "另一个口令-other";
    StoreOptions options = testOptions();
    options.unlockPolicy.freeAttempts = 1 << 30;  // this test guesses which passphrase is current
    std::string current = a;
    long next = 1;
    for (int k = 0; k < kills; ++k) {
        CAPTURE(k);
        const std::string other = current == a ? b : a;
        auto delay = std::chrono::microseconds(static_cast<int64_t>(rng() % 30'000));
        std::istringstream out(runAndKill(db, next, delay, {"passwd", current, other}));
        std::string line;
        while (std::getline(out, line)) {
            if (out.eof()) break;  // half-written: not acknowledged
            std::istringstream l(line);
            std::string kind, pw;
            l >> kind >> next >> pw;
            if (kind == "pw") current = pw;
            ++next;
        }
        // The acknowledged passphrase opens the store, or — killed after the rename, before the
        // acknowledgement — the one it was being changed to. Never both.
        auto opened = Store::open(db, passphrase(current), options);
        if (!opened.ok()) {
            REQUIRE(opened.error().code == ErrorCode::WrongPassphrase);
            current = current == a ? b : a;
            opened = Store::open(db, passphrase(current), options);
            REQUIRE(opened.ok());
        }
        opened.value().reset();
        const std::string stale = current == a ? b : a;
        // No file beside the store — keyring copies included — opens with the stale passphrase.
        CHECK(temporaryFiles(dir.path()).empty());
        for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
            auto keyring = Keyring::load(e.path().string());
            if (!keyring.ok()) continue;
            const std::string scratch = dir.file("scratch-keyring");
            std::filesystem::copy_file(e.path(), scratch, std::filesystem::copy_options::overwrite_existing);
            INFO(e.path());
            CHECK_FALSE(keyring->unlockWithPassphrase(scratch, passphrase(stale), SystemClock::instance(), options.unlockPolicy).ok());
            std::filesystem::remove(scratch);
        }
    }
}
