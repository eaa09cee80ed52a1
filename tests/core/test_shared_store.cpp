// Several connections on one store (threads here; processes in tests/cli and tests/server), the
// vault check, the audit chain over attachments and events, and what killed writers leave behind.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "fieldcheck/core/file_io.h"
#include "cli_runner.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

std::vector<std::string> temporaryFilesIn(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.find(".tmp-") != std::string::npos) out.push_back(name);
    }
    return out;
}

std::string firstProblem(const AuditReport& r) { return r.problems.empty() ? std::string() : r.problems.front().message; }

// Runs `sql` with the store's real key, as an insider would, then verifies the chain through the store.
AuditReport tamperAndVerify(const std::string& db, const std::string& sql) {
    {
        auto raw = openRawKeyed(db);
        REQUIRE(raw.exec(sql).ok());
    }
    auto report = openTestStore(db)->verifyAudit();
    REQUIRE(report.ok());
    return report.value();
}

bool hasProblem(const AuditReport& r, const std::string& kind) {
    for (const auto& p : r.problems) {
        if (p.kind == kind) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("check never removes a sealed file that attach acknowledged, on another connection", "[core][shared][attachments]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    std::string findingId;
    {
        auto s = createTestStore(db);
        findingId = s->createRecord("finding", findingFields(createUnit(*s).id, "竞态")).value().id;
    }
    std::vector<std::pair<std::string, std::vector<uint8_t>>> acknowledged;
    std::atomic<bool> done{false};
    std::atomic<int> checks{0};
    std::string checkerError;
    std::thread checker([&] {
        auto s = Store::open(db, testPassphrase(), testOptions());
        if (!s.ok()) {
            checkerError = s.error().toString();
            return;
        }
        IntegrityOptions quick;
        quick.verifyVault = false;  // the sweep is what raced; verifying files would only slow the loop
        while (!done) {
            Status st = s.value()->checkIntegrity(quick);
            if (!st.ok()) {
                checkerError = st.error().toString();
                return;
            }
            ++checks;
        }
    });
    {
        auto s = openTestStore(db);
        for (int i = 0; i < 40; ++i) {
            auto bytes = randomBytes(300'000);
            auto a = s->attach("finding", findingId, bytes, "image/jpeg", "p" + std::to_string(i) + ".jpg");
            REQUIRE(a.ok());
            acknowledged.emplace_back(a->id, std::move(bytes));
        }
    }
    done = true;
    checker.join();
    INFO(checkerError);
    REQUIRE(checkerError.empty());
    CHECK(checks > 0);
    auto s = openTestStore(db);
    for (const auto& [id, bytes] : acknowledged) {
        auto back = s->readAttachment(id);
        INFO(id);
        REQUIRE(back.ok());
        CHECK(back.value() == bytes);
    }
    IntegrityReport report;
    REQUIRE(s->checkIntegrity({}, &report).ok());
    CHECK(report.vault.filesTotal == 40);
    CHECK(report.orphansRemoved.empty());
}

TEST_CASE("audit verify and check raise no false alarm while another connection writes", "[core][shared][audit]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    std::string unitId;
    {
        auto s = createTestStore(db);
        unitId = createUnit(*s).id;
    }
    std::atomic<bool> done{false};
    std::atomic<int> verifications{0};
    std::string alarm;
    std::thread verifier([&] {
        auto s = Store::open(db, testPassphrase(), testOptions());
        if (!s.ok()) {
            alarm = s.error().toString();
            return;
        }
        while (!done && alarm.empty()) {
            auto report = s.value()->verifyAudit();
            if (!report.ok()) alarm = report.error().toString();
            else if (!report->ok()) alarm = firstProblem(report.value());
            Status st = s.value()->checkIntegrity();
            if (alarm.empty() && !st.ok()) alarm = st.error().toString();
            ++verifications;
        }
    });
    {
        auto s = openTestStore(db);
        for (int i = 0; i < 150; ++i) {
            auto f = s->createRecord("finding", findingFields(unitId, "并发" + std::to_string(i)));
            REQUIRE(f.ok());
            if (i % 3 == 0) REQUIRE(s->updateRecord("finding", f->id, {{"subcategory", "截留挪用"}}).ok());
            if (i % 10 == 0) REQUIRE(s->attach("finding", f->id, randomBytes(2000), "image/jpeg", "x.jpg").ok());
            if (i % 25 == 0) REQUIRE(s->recordEvent("export", "ledger", "findings", {{"rows", i}}).ok());
        }
    }
    done = true;
    verifier.join();
    INFO(alarm);
    CHECK(alarm.empty());
    CHECK(verifications > 0);
}

TEST_CASE("check verifies every sealed file against its hash and names each bad one", "[core][attachments][tamper]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record f = s->createRecord("finding", findingFields(createUnit(*s).id, "证据")).value();
    std::vector<Attachment> att;
    for (int i = 0; i < 5; ++i) {
        att.push_back(s->attach("finding", f.id, randomBytes(150'000 + static_cast<size_t>(i)), "image/jpeg",
                                "photo" + std::to_string(i) + ".jpg").value());
    }
    auto file = [&](int i) { return s->attachmentDirectory() + "/" + att[static_cast<size_t>(i)].id + ".fcatt"; };

    std::vector<VaultProgress> progress;
    IntegrityOptions options;
    options.progress = [&](const VaultProgress& p) { progress.push_back(p); };
    IntegrityReport clean;
    REQUIRE(s->checkIntegrity(options, &clean).ok());
    CHECK(clean.vault.filesTotal == 5);
    CHECK(clean.vault.filesDone == 5);
    CHECK(clean.vault.bytesDone == 5 * 150'000 + 0 + 1 + 2 + 3 + 4);
    REQUIRE(progress.size() == 5);
    CHECK(progress.back().filesDone == 5);

    auto flipped = readFile(file(0));
    flipped[flipped.size() / 2] ^= 0x01;
    writeFile(file(0), flipped);
    auto truncated = readFile(file(1));
    truncated.resize(truncated.size() - 100);
    writeFile(file(1), truncated);
    std::filesystem::copy_file(file(3), file(2), std::filesystem::copy_options::overwrite_existing);  // swapped
    std::filesystem::remove(file(4));

    IntegrityReport report;
    Status st = s->checkIntegrity({}, &report);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::Corrupt);
    CHECK_THAT(st.error().message, Catch::Contains("4 of 5 sealed files"));
    REQUIRE(report.vaultProblems.size() == 4);
    std::map<std::string, std::string> kinds;
    for (const auto& p : report.vaultProblems) {
        kinds[p.attachmentId] = p.kind;
        CHECK(p.recordId == f.id);
        CHECK_THAT(p.message, Catch::Contains(p.fileName));
    }
    CHECK(kinds[att[0].id] == "damaged");
    CHECK(kinds[att[1].id] == "damaged");
    CHECK(kinds[att[2].id] == "damaged");  // another file's stream is bound to another id
    CHECK(kinds[att[4].id] == "missing");
    CHECK(kinds.count(att[3].id) == 0);

    IntegrityOptions quick;
    quick.verifyVault = false;
    IntegrityReport quickReport;
    CHECK(s->checkIntegrity(quick, &quickReport).ok());
    CHECK(quickReport.vault.filesTotal == 0);
}

TEST_CASE("the audit chain binds attachments and events: tampering with their rows shows", "[core][audit][tamper][attachments]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    std::string f1, f2, attachmentId;
    {
        auto s = createTestStore(db);
        Record unit = createUnit(*s);
        f1 = s->createRecord("finding", findingFields(unit.id, "一")).value().id;
        f2 = s->createRecord("finding", findingFields(unit.id, "二")).value().id;
        attachmentId = s->attach("finding", f1, randomBytes(5000), "image/jpeg", "evidence.jpg").value().id;
        REQUIRE(s->verifyAudit()->ok());
    }
    SECTION("an attachment moved to another record") {
        auto report = tamperAndVerify(db, "UPDATE attachments SET record_id = '" + f2 + "'");
        REQUIRE_FALSE(report.ok());
        CHECK(report.problems.front().kind == "attachment-mismatch");
        CHECK_THAT(report.problems.front().message, Catch::Contains(attachmentId) && Catch::Contains("moved"));
    }
    SECTION("an attachment row inserted without an audit entry") {
        auto report = tamperAndVerify(db, "INSERT INTO attachments SELECT 'forged', record_type, record_id, media_type, "
                                          "file_name, size_bytes, sha256, captured_ms, captured_by, file_key, storage_name "
                                          "FROM attachments");
        REQUIRE_FALSE(report.ok());
        CHECK(report.problems.front().kind == "attachment-unaudited");
    }
    SECTION("an attachment row deleted") {
        auto report = tamperAndVerify(db, "DELETE FROM attachments");
        REQUIRE_FALSE(report.ok());
        CHECK(report.problems.front().kind == "attachment-deleted");
    }
    SECTION("the newest entry deleted when it is an attach") {
        auto report = tamperAndVerify(db, "PRAGMA foreign_keys = OFF; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
        REQUIRE_FALSE(report.ok());
        CHECK(hasProblem(report, "attachment-unaudited"));
        CHECK(hasProblem(report, "entry-deleted"));
    }
    SECTION("the newest entry deleted when it is a ledger export") {
        REQUIRE(openTestStore(db)->recordEvent("export", "ledger", "findings", {{"file", "台账.xlsx"}, {"rows", 2}}).ok());
        auto report = tamperAndVerify(db, "PRAGMA foreign_keys = OFF; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
        REQUIRE_FALSE(report.ok());
        CHECK(report.problems.front().kind == "entry-deleted");
        CHECK_THAT(report.problems.front().message, Catch::Contains("export ledger"));
    }
    SECTION("an event's details edited in the outbox") {
        REQUIRE(openTestStore(db)->recordEvent("export", "ledger", "findings", {{"rows", 2}}).ok());
        auto report = tamperAndVerify(db, "UPDATE outbox SET payload = '{\"rows\":0}' WHERE action = 'export'");
        REQUIRE_FALSE(report.ok());
        CHECK(report.problems.front().kind == "op-mismatch");
    }
    SECTION("an outbox op deleted") {
        auto report = tamperAndVerify(db, "DELETE FROM outbox WHERE action = 'attach'");
        REQUIRE_FALSE(report.ok());
        CHECK(report.problems.front().kind == "op-deleted");
    }
}

TEST_CASE("temporary files of killed writers are removed at open and reported — a live writer's are left alone",
          "[core][shared][crash]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    const std::string vault = db + ".attachments";
    // What a killed writer leaves: its name, no lock (the lock died with the process). One of each
    // kind, including the pid-only names earlier versions made.
    writeFile(Keyring::pathForStore(db) + ".tmp-99999", readFile(Keyring::pathForStore(db)));
    writeFile(Keyring::pathForStore(db) + ".tmp-99998-0123456789ab", readFile(Keyring::pathForStore(db)));
    writeFile(vault + "/0123.fcatt.tmp-99997", randomBytes(1000));
    // A live writer on another connection: its staged file is locked.
    auto live = StagedFile::create(vault + "/live.fcatt");
    REQUIRE(live.ok());
    // Someone else's file that merely looks similar is not ours to remove.
    writeFile(dir.file("notes.txt.tmp-1"), {'x'});

    auto s = openTestStore(db);
    CHECK(temporaryFilesIn(dir.path()) == std::vector<std::string>{"notes.txt.tmp-1"});
    auto left = temporaryFilesIn(vault);
    REQUIRE(left.size() == 1);
    CHECK(vault + "/" + left[0] == live->tempPath());

    IntegrityReport report;
    IntegrityOptions quick;
    quick.verifyVault = false;
    REQUIRE(s->checkIntegrity(quick, &report).ok());
    CHECK(report.leftoversRemoved.size() == 3);
    REQUIRE(live->write(reinterpret_cast<const uint8_t*>("abc"), 3).ok());
    REQUIRE(live->sync().ok());
    REQUIRE(live->commit().ok());
    CHECK(fileExists(vault + "/live.fcatt"));
    // The committed file has no row: the next check removes it as an orphan, and says so.
    REQUIRE(s->checkIntegrity(quick, &report).ok());
    CHECK(report.orphansRemoved == std::vector<std::string>{"live.fcatt"});
}

TEST_CASE("a sweep racing a writer's create never takes a file the writer goes on to commit", "[core][shared]") {
    TempDir dir;
    std::atomic<bool> done{false};
    std::thread sweeper([&] {
        while (!done) (void)sweepStaleTemporaries(dir.path(), [](const std::string&) { return true; });
    });
    for (int i = 0; i < 300; ++i) {
        const std::string target = dir.file("f" + std::to_string(i));
        REQUIRE(atomicWriteFile(target, "content " + std::to_string(i)).ok());
        REQUIRE(slurp(target) == "content " + std::to_string(i));
    }
    done = true;
    sweeper.join();
}

TEST_CASE("a damaged keyring is reported as damaged, not as a wrong passphrase, and costs no attempt", "[core][keyring]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    const std::string kp = Keyring::pathForStore(db);
    auto j = nlohmann::json::parse(readFile(kp));
    REQUIRE(j.contains("checksum"));
    for (auto& w : j["wrappings"]) {
        std::string c = w["ciphertext"];
        c[4] = c[4] == '0' ? '1' : '0';
        w["ciphertext"] = c;
    }
    const std::string text = j.dump(2);
    writeFile(kp, std::vector<uint8_t>(text.begin(), text.end()));
    auto r = Store::open(db, testPassphrase(), testOptions());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    CHECK_THAT(r.error().message, Catch::Contains("damaged"));
    CHECK(nlohmann::json::parse(readFile(kp))["unlock"]["failed_attempts"] == 0);
}

TEST_CASE("records made in the same millisecond list in the order they were made", "[core][store]") {
    TempDir dir;
    ManualClock clock(1'780'000'000'000);
    auto s = createTestStore(dir.file("s.db"), &clock);
    Record unit = createUnit(*s);
    std::vector<std::string> made;
    for (int i = 0; i < 60; ++i) made.push_back(s->createRecord("finding", findingFields(unit.id, "同一毫秒" + std::to_string(i)))->id);
    auto all = s->listRecords("finding").value();
    REQUIRE(all.size() == made.size());
    for (size_t i = 0; i < made.size(); ++i) CHECK(all[i].id == made[i]);
    ListQuery page;
    page.offset = 10;
    page.limit = 5;
    auto five = s->listRecords("finding", page).value();
    REQUIRE(five.size() == 5);
    CHECK(five[0].id == made[10]);
}

TEST_CASE("a sibling store shares the file and key, writes beside its origin from another thread and costs no attempt",
          "[core][shared][store]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    auto origin = createTestStore(db);
    const std::string unitId = createUnit(*origin).id;
    // One wrong passphrase first: a sibling must neither count as an attempt nor clear the count.
    REQUIRE(Store::open(db, SecretBytes::fromString("not the passphrase")).error().code == ErrorCode::WrongPassphrase);
    REQUIRE(Keyring::load(Keyring::pathForStore(db)).value().failedAttempts() == 1);

    StoreOptions options;
    options.actor = "sync-thread";
    auto sibling = origin->openSibling(options);
    INFO((sibling.ok() ? std::string() : sibling.error().toString()));
    REQUIRE(sibling.ok());
    CHECK(sibling.value()->storeId() == origin->storeId());
    CHECK(sibling.value()->deviceId() == origin->deviceId());
    CHECK(sibling.value()->actor() == "sync-thread");
    CHECK(Keyring::load(Keyring::pathForStore(db)).value().failedAttempts() == 1);

    // Both write at once, each on its own thread; every write lands and the chain stays whole.
    constexpr int kEach = 40;
    std::thread other([&] {
        for (int i = 0; i < kEach; ++i) {
            REQUIRE(sibling.value()->createRecord("finding", findingFields(unitId, "同级" + std::to_string(i))).ok());
        }
    });
    for (int i = 0; i < kEach; ++i) REQUIRE(origin->createRecord("finding", findingFields(unitId, "原始" + std::to_string(i))).ok());
    other.join();
    CHECK(origin->countRecords("finding").value() == 2 * kEach);
    CHECK(sibling.value()->countRecords("finding").value() == 2 * kEach);
    const auto audit = origin->verifyAudit().value();
    CHECK(audit.ok());
    int bySibling = 0;
    for (const auto& e : origin->auditEntries().value()) bySibling += e.actor == "sync-thread" ? 1 : 0;
    CHECK(bySibling == kEach);
}
