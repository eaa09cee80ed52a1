// The server's records in PostgreSQL (pg_records.h) against a real PostgreSQL 15 (a throwaway
// cluster on loopback), and against the device Store the server keeps them in today: the same
// writes give the same records, the same refusals and the same audit chain; writers on several
// connections at once keep one unbroken chain; rows changed behind the store's back show in
// verifyAudit() as they do on a device.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "pg_cluster.h"
#include "pg_records.h"
#include "pg_schema.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::server;
using fieldcheck::test::PgCluster;

namespace {

const std::string kServerDevice = "server-device-1";
constexpr int64_t kT0 = 1767225600000;  // 2026-01-01 00:00 UTC

template <typename T>
T must(Result<T> r) {
    INFO((r.ok() ? std::string() : r.error().toString()));
    REQUIRE(r.ok());
    return std::move(r).value();
}

void mustOk(const Status& st) {
    INFO((st.ok() ? std::string() : st.error().toString()));
    REQUIRE(st.ok());
}

// A cluster and a fresh, migrated database in it.
struct RecordsDatabase {
    RecordsDatabase() : cluster(must(PgCluster::start())) { name = fresh(); }
    // Another migrated database on the same cluster (a clean slate without a new cluster).
    std::string fresh() {
        const std::string db = must(cluster->createDatabase("records"));
        auto conn = must(pg::Connection::open(cluster->conninfo(db)));
        REQUIRE(must(pg::migrate(*conn)) == pg::currentSchemaVersion());
        return db;
    }
    std::unique_ptr<pg::Connection> connect(const std::string& db = "") const {
        return must(pg::Connection::open(cluster->conninfo(db.empty() ? name : db)));
    }
    std::unique_ptr<PgCluster> cluster;
    std::string name;
};

// The device Store as the central server uses it today (serverReplica: no outbox, no follow-ups,
// no search index), behind the same interface, so that one sequence of writes runs on both.
class DeviceRecords final : public RecordStore {
public:
    explicit DeviceRecords(Store& store) : m_store(store) {}

    Result<Record> get(const std::string& type, const std::string& id) override { return m_store.getRecord(type, id); }
    Result<std::vector<Record>> list(const std::string& type, const ListQuery& query) override { return m_store.listRecords(type, query); }
    Result<Record> create(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& fields) override {
        return acting(as, [&] { return replication::createRecordWithId(m_store, type, id, fields); });
    }
    Result<Record> update(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& changes) override {
        return acting(as, [&] { return m_store.updateRecord(type, id, changes); });
    }
    Result<Record> withdraw(const WriteAs& as, const std::string& type, const std::string& id, const std::string& reason) override {
        return acting(as, [&] { return m_store.withdrawRecord(type, id, reason); });
    }
    Result<Record> restore(const WriteAs& as, const std::string& type, const std::string& id) override {
        return acting(as, [&] { return replication::restoreRecord(m_store, type, id); });
    }
    Status recordEvent(const WriteAs& as, const std::string& action, const std::string& subjectType, const std::string& subjectId,
                       const nlohmann::json& details) override {
        return m_store.actingAs(as, [&] { return m_store.recordEvent(action, subjectType, subjectId, details); });
    }
    Result<int64_t> auditHead() override { return m_store.auditHead(); }
    Result<std::vector<AuditEntry>> auditEntries(int64_t fromSeq, int64_t limit) override { return m_store.auditEntries(fromSeq, limit); }
    Result<std::vector<AuditEntry>> auditEntriesOf(const std::string& type, const std::string& id) override {
        return m_store.auditEntriesOf(type, id);
    }
    Result<AuditReport> verifyAudit() override { return m_store.verifyAudit(); }

private:
    Result<Record> acting(const WriteAs& as, const std::function<Result<Record>()>& write) {
        std::optional<Result<Record>> out;
        const Status st = m_store.actingAs(as, [&]() -> Status {
            out.emplace(write());
            return {};
        });
        if (!st.ok()) return st.error();
        return std::move(*out);
    }
    Store& m_store;
};

// JSON equality that also tells an unsigned 5 from a signed one and 5 from 5.0: what the device's
// typed columns give back is what PostgreSQL's JSON text must give back.
bool sameJson(const nlohmann::json& a, const nlohmann::json& b) {
    if (a.type() != b.type()) return false;
    if (a.is_object()) {
        if (a.size() != b.size()) return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            auto other = b.find(it.key());
            if (other == b.end() || !sameJson(*it, *other)) return false;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (!sameJson(a[i], b[i])) return false;
        }
        return true;
    }
    return a == b;
}

void sameRecord(const Record& device, const Record& pg) {
    INFO("device: " << device.toJson().dump());
    INFO("pg:     " << pg.toJson().dump());
    CHECK(device.type == pg.type);
    CHECK(device.id == pg.id);
    CHECK(device.version == pg.version);
    CHECK(device.createdMs == pg.createdMs);
    CHECK(device.createdBy == pg.createdBy);
    CHECK(device.updatedMs == pg.updatedMs);
    CHECK(device.updatedBy == pg.updatedBy);
    CHECK(device.withdrawn == pg.withdrawn);
    CHECK(device.withdrawnReason == pg.withdrawnReason);
    CHECK(sameJson(device.fields, pg.fields));
    CHECK(recordContentHash(device, currentSchemaVersion()) == recordContentHash(pg, currentSchemaVersion()));
}

template <typename T>
std::string describe(const Result<T>& r) {
    return r.ok() ? std::string("ok") : r.error().toString();
}

// Both succeeded with the same record, or both refused with the same error.
void sameOutcome(const Result<Record>& device, const Result<Record>& pg) {
    INFO("device: " << describe(device) << "\npg:     " << describe(pg));
    REQUIRE(device.ok() == pg.ok());
    if (!device.ok()) {
        CHECK(device.error().code == pg.error().code);
        CHECK(device.error().message == pg.error().message);
        return;
    }
    if (device->type.empty() && pg->type.empty()) return;  // an event: no record
    sameRecord(device.value(), pg.value());
}

std::vector<std::string> idsOf(const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
}

void sameProblems(const AuditReport& device, const AuditReport& pg) {
    REQUIRE(device.problems.size() == pg.problems.size());
    for (size_t i = 0; i < device.problems.size(); ++i) {
        INFO("device: " << device.problems[i].kind << " " << device.problems[i].message);
        INFO("pg:     " << pg.problems[i].kind << " " << pg.problems[i].message);
        CHECK(device.problems[i].seq == pg.problems[i].seq);
        CHECK(device.problems[i].kind == pg.problems[i].kind);
        CHECK(device.problems[i].message == pg.problems[i].message);
    }
}

// One write of the parity sequence: what it does, the record it touches (read back from both
// afterwards), and the error it must be refused with (none: it must succeed).
struct Step {
    std::string what;
    std::string type, id;
    std::function<Result<Record>(RecordStore&, const WriteAs&)> run;
    std::optional<ErrorCode> refusedWith;
};

Step creating(const std::string& type, const std::string& id, nlohmann::json fields, std::optional<ErrorCode> refused = {}) {
    return {"create " + type + " " + id + " " + fields.dump(), type, id,
            [=](RecordStore& s, const WriteAs& as) { return s.create(as, type, id, fields); }, refused};
}
Step updating(const std::string& type, const std::string& id, nlohmann::json changes, std::optional<ErrorCode> refused = {}) {
    return {"update " + type + " " + id + " " + changes.dump(), type, id,
            [=](RecordStore& s, const WriteAs& as) { return s.update(as, type, id, changes); }, refused};
}
Step withdrawing(const std::string& type, const std::string& id, const std::string& reason, std::optional<ErrorCode> refused = {}) {
    return {"withdraw " + type + " " + id + " '" + reason + "'", type, id,
            [=](RecordStore& s, const WriteAs& as) { return s.withdraw(as, type, id, reason); }, refused};
}
Step restoring(const std::string& type, const std::string& id, std::optional<ErrorCode> refused = {}) {
    return {"restore " + type + " " + id, type, id, [=](RecordStore& s, const WriteAs& as) { return s.restore(as, type, id); }, refused};
}
Step event(const std::string& action, const std::string& subjectType, const std::string& subjectId, nlohmann::json details,
           std::optional<ErrorCode> refused = {}) {
    return {"event " + action + " " + subjectType + " " + subjectId, "", "",
            [=](RecordStore& s, const WriteAs& as) -> Result<Record> {
                const Status st = s.recordEvent(as, action, subjectType, subjectId, details);
                if (!st.ok()) return st.error();
                return Record{};
            },
            refused};
}

nlohmann::json unitFields(const std::string& code, const std::string& name) {
    return {{"code", code}, {"name", name}, {"unit_type", "elderly_home"}};
}

nlohmann::json measureFields(const std::string& plan, const std::string& description) {
    return {{"plan_id", plan}, {"description", description}, {"owner", "王五"}, {"deadline", "2026-03-31"}, {"kind", "immediate"}};
}

}  // namespace

TEST_CASE("pg records: the same writes as on the device Store give the same records, refusals and audit chain", "[pg][records]") {
    RecordsDatabase db;
    test::TempDir dir;
    StoreOptions options;
    options.serverReplica = true;
    options.actor = "server";
    const std::string storePath = dir.file("server.fcstore");
    auto store = must(Store::create(storePath, test::testPassphrase(), KdfParams::minimumForTests(), options));
    DeviceRecords device(*store);
    auto conn = db.connect();
    // The device's own id as the server's: then even the entries' hashes must agree.
    pg::PgRecordStore records(*conn, store->deviceId());

    using EC = ErrorCode;
    const std::vector<Step> steps = {
        creating("campaign", "c1", {{"code", "ZF2026"}, {"name", "正风肃纪专项治理"}}),  // report_due_day: a default integer
        creating("unit", "u1",
                 {{"code", "MZ001"}, {"name", "区社会福利院"}, {"unit_type", "养老机构"}, {"latitude", 31.2304}, {"longitude", "121.4737"},
                  {"key_rectification", "是"}}),
        creating("unit", "u2", {{"code", "MZ002"}, {"name", "区救助管理站"}, {"unit_type", "relief_station"}, {"latitude", 30}}),
        creating("unit", "bad id!", unitFields("MZ003", "x"), EC::InvalidArgument),
        creating("unit", "u3", {{"code", "MZ003"}, {"unit_type", "relief_station"}}, EC::InvalidArgument),  // no name
        creating("finding", "f1",
                 {{"campaign_id", "c1"}, {"unit_id", "u1"}, {"category", "safety"}, {"source", "visit"},
                  {"description", "消防通道堵塞 \"B栋\"\n二楼\t\\后门"}, {"money_involved", "1234.5"}, {"persons_involved", "张三、李四"},
                  {"found_date", "2026-01-02"}}),
        creating("finding", "f2", test::findingFields("nope", "no such unit"), EC::InvalidArgument),
        creating("finding", "f3", {{"unit_id", "u1"}, {"category", "safety"}, {"source", "visit"}, {"description", "x"}, {"status", "closed"}},
                 EC::IllegalTransition),
        creating("finding", "f4", {{"unit_id", "u2"}, {"category", "四风问题"}, {"source", "visit"}, {"description", "x"}}, EC::InvalidArgument),
        creating("finding", "f5", {{"unit_id", "u2"}, {"category", "eight_rules"}, {"source", "petition"}, {"description", "公车私用"}}),
        updating("finding", "f1", {{"status", "submitted"}}),
        updating("finding", "f1", {{"status", "verified"}}),
        updating("finding", "f1", {{"status", "case_opened"}}),  // case_opened_date: computed
        updating("finding", "f1", {{"status", "recorded"}}, EC::IllegalTransition),
        updating("finding", "f1", {{"persons_involved", "张三、李四"}}),  // no change: no version, no entry
        updating("finding", "f1", {{"colour", "red"}}, EC::InvalidArgument),
        updating("finding", "f1", {{"case_opened_date", "2026-01-01"}}, EC::InvalidArgument),
        updating("finding", "nope", {{"description", "x"}}, EC::NotFound),
        withdrawing("finding", "f1", "  ", EC::InvalidArgument),
        withdrawing("finding", "f1", "重复登记"),
        withdrawing("finding", "f1", "again", EC::IllegalTransition),
        updating("finding", "f1", {{"description", "after withdrawal"}}, EC::IllegalTransition),
        restoring("finding", "f1"),
        restoring("finding", "f1", EC::IllegalTransition),
        restoring("finding", "nope", EC::NotFound),
        updating("finding", "f1", {{"money_involved", "99"}, {"found_date", nullptr}}),
        event("export", "ledger", "2026-01", {{"rows", 12}, {"by", "张三"}, {"fields", {"name", "persons_involved"}}}),
        event("export", "finding", "f1", nlohmann::json::object(), EC::InvalidArgument),
        event("", "ledger", "x", nlohmann::json::object(), EC::InvalidArgument),
        // A JSON field with nested whole numbers, fractions and text.
        creating("checklist_template", "t1",
                 {{"code", "CL-1"}, {"template_version", "3"}, {"name", "养老机构检查清单"},
                  {"items", {{{"id", "q1"}, {"text", "台账是否齐全"}, {"required", true}, {"weight", 2}},
                             {{"id", "q2"}, {"text", "消防"}, {"score", 0.5}, {"offset", -3}}}}}),
        // The rules' lookups: a plan is submitted with three concrete measures that are not withdrawn.
        creating("rectification_plan", "p1", {{"campaign_id", "c1"}, {"unit_id", "u1"}, {"title", "消防整改方案"}}),
        creating("rectification_measure", "m1", measureFields("p1", "清理通道")),
        creating("rectification_measure", "m2", measureFields("p1", "更换灭火器")),
        updating("rectification_plan", "p1", {{"status", "submitted"}}, EC::IllegalTransition),
        creating("rectification_measure", "m3", measureFields("p1", "培训")),
        withdrawing("rectification_measure", "m2", "重复"),
        updating("rectification_plan", "p1", {{"status", "submitted"}}, EC::IllegalTransition),
        creating("rectification_measure", "m4", measureFields("p1", "演练")),
        updating("rectification_plan", "p1", {{"status", "submitted"}}),
        updating("rectification_measure", "m1", {{"status", "done"}}, EC::IllegalTransition),  // no evidence
        updating("rectification_measure", "m1", {{"status", "done"}, {"completion_evidence", "照片"}}),
        // A visit's distance to its unit, from the unit the rules look up.
        creating("inspection_group", "g1", {{"campaign_id", "c1"}, {"code", "G1"}, {"name", "第一检查组"}}),
        creating("visit", "v1", {{"unit_id", "u1"}, {"group_id", "g1"}, {"gps_latitude", 31.2310}, {"gps_longitude", 121.4740}}),
        updating("visit", "v1", {{"status", "started"}, {"inspectors_present", "张三、李四"}}),
    };

    int64_t at = kT0;
    const std::vector<std::string> actors = {"zhangsan", "lisi", "server"};
    for (size_t i = 0; i < steps.size(); ++i) {
        const Step& step = steps[i];
        at += 60'000;
        const WriteAs as{actors[i % actors.size()], at};
        INFO("step " << i << ": " << step.what);
        const auto onDevice = step.run(device, as);
        const auto onPg = step.run(records, as);
        sameOutcome(onDevice, onPg);
        if (step.refusedWith) {
            REQUIRE_FALSE(onPg.ok());
            CHECK(onPg.error().code == *step.refusedWith);
        } else {
            INFO(describe(onPg));
            CHECK(onPg.ok());
        }
        if (!step.type.empty()) {
            INFO("read back");
            sameOutcome(device.get(step.type, step.id), records.get(step.type, step.id));
        }
    }
    CHECK(must(records.get("finding", "f1")).fields["case_opened_date"] == "2026-01-01");  // bureau time (UTC+8)
    CHECK(must(records.get("visit", "v1")).fields["distance_to_unit_m"].is_number_float());
    CHECK(must(records.get("campaign", "c1")).fields["report_due_day"].is_number_integer());

    {  // the audit chains are the same, entry for entry
        const auto onDevice = must(device.auditEntries(1, -1));
        const auto onPg = must(records.auditEntries(1, -1));
        REQUIRE(onDevice.size() == onPg.size());
        for (size_t i = 0; i < onDevice.size(); ++i) {
            INFO("device: " << onDevice[i].toJson().dump() << "\npg:     " << onPg[i].toJson().dump());
            CHECK(onDevice[i].toJson() == onPg[i].toJson());
        }
        CHECK(must(records.auditHead()) == must(device.auditHead()));
        CHECK(must(records.auditEntries(3, 2)).size() == 2);
        CHECK(must(records.auditEntries(3, 2)).front().seq == 3);
        const auto ofF1 = must(records.auditEntriesOf("finding", "f1"));
        REQUIRE(ofF1.size() == must(device.auditEntriesOf("finding", "f1")).size());
        std::vector<std::string> actions;
        for (const auto& e : ofF1) actions.push_back(e.action);
        CHECK(actions == std::vector<std::string>{"create", "update", "update", "update", "withdraw", "restore", "update"});
        CHECK(must(records.auditEntriesOf("ledger", "2026-01")).size() == 1);

        const auto deviceReport = must(device.verifyAudit());
        const auto pgReport = must(records.verifyAudit());
        CHECK(deviceReport.ok());
        CHECK(pgReport.ok());
        CHECK(pgReport.entries == deviceReport.entries);
    }

    {  // list() answers as listRecords() does
        auto sameList = [&](const std::string& type, const ListQuery& q, const std::vector<std::string>& expected) {
            const auto onDevice = device.list(type, q);
            const auto onPg = records.list(type, q);
            INFO("device: " << describe(onDevice) << "\npg:     " << describe(onPg));
            REQUIRE(onDevice.ok() == onPg.ok());
            if (!onDevice.ok()) {
                CHECK(onDevice.error().code == onPg.error().code);
                CHECK(onDevice.error().message == onPg.error().message);
                return;
            }
            CHECK(idsOf(onDevice.value()) == idsOf(onPg.value()));
            CHECK(idsOf(onPg.value()) == expected);
            for (size_t i = 0; i < std::min(onDevice->size(), onPg->size()); ++i) sameRecord(onDevice.value()[i], onPg.value()[i]);
        };
        ListQuery q;
        sameList("finding", q, {"f1", "f5"});
        q.equals = {{"unit_id", "u1"}};
        sameList("finding", q, {"f1"});
        q.equals = {{"category", "违反中央八项规定精神"}};  // a choice by its label
        sameList("finding", q, {"f5"});
        q.equals = {{"money_involved", "99.0"}};
        sameList("finding", q, {"f1"});
        q.equals = {{"key_rectification", "true"}};
        sameList("unit", q, {"u1"});
        q.equals = {{"latitude", "30"}};
        sameList("unit", q, {"u2"});
        q.equals = {{"plan_id", "p1"}};
        sameList("rectification_measure", q, {"m1", "m2", "m3", "m4"});
        q.includeWithdrawn = false;
        sameList("rectification_measure", q, {"m1", "m3", "m4"});
        q.orderBy = "description";  // 培训 < 清理通道 < 演练 in UTF-8 byte order
        sameList("rectification_measure", q, {"m3", "m1", "m4"});
        q.descending = true;
        sameList("rectification_measure", q, {"m4", "m1", "m3"});
        q.limit = 1;
        q.offset = 1;
        sameList("rectification_measure", q, {"m1"});
        q = ListQuery();
        q.orderBy = "status";
        sameList("rectification_measure", q, {"m1", "m2", "m3", "m4"});
        q.orderBy = "latitude";
        q.descending = true;
        sameList("unit", q, {"u1", "u2"});
        q.equals = {{"unit_type", "nonsense"}};
        sameList("unit", q, {});
        q.equals = {};
        q.orderBy = "nonsense";
        sameList("unit", q, {});
    }

    {  // a record edited behind the store's back, then an audit entry deleted: reported alike
        {
            auto raw = test::openRawKeyed(storePath);
            mustOk(raw.exec("UPDATE units SET name = '改过的名字' WHERE id = 'u2'"));
        }
        mustOk(conn->run("UPDATE srv_record_data SET fields = replace(fields, '区救助管理站', '改过的名字') WHERE record_id = 'u2'"));
        const auto deviceMismatch = must(device.verifyAudit());
        const auto pgMismatch = must(records.verifyAudit());
        REQUIRE(pgMismatch.problems.size() == 1);
        CHECK(pgMismatch.problems[0].kind == "record-mismatch");
        sameProblems(deviceMismatch, pgMismatch);

        {
            auto raw = test::openRawKeyed(storePath);
            mustOk(raw.exec("DELETE FROM audit_log WHERE seq = 5"));
        }
        mustOk(conn->run("DELETE FROM srv_audit_log WHERE seq = 5"));
        const auto deviceGap = must(device.verifyAudit());
        const auto pgGap = must(records.verifyAudit());
        REQUIRE_FALSE(pgGap.ok());
        CHECK(pgGap.problems[0].kind == "sequence-gap");
        sameProblems(deviceGap, pgGap);
    }
}

TEST_CASE("pg records: writers on several connections at once — every update lands, versions without gaps, one chain", "[pg][records]") {
    RecordsDatabase db;
    auto setupConn = db.connect();
    pg::PgRecordStore setup(*setupConn, kServerDevice);
    constexpr int kWriters = 4;
    constexpr int kRounds = 24;
    const WriteAs admin{"server", kT0};
    (void)must(setup.create(admin, "unit", "u1", unitFields("MZ001", "区社会福利院")));
    (void)must(setup.create(admin, "finding", "shared", test::findingFields("u1", "共用")));
    for (int w = 0; w < kWriters; ++w) {
        (void)must(setup.create(admin, "finding", "own-" + std::to_string(w), test::findingFields("u1", "own")));
    }
    const int64_t entriesBefore = must(setup.auditHead());

    std::vector<std::unique_ptr<pg::Connection>> conns;
    for (int w = 0; w < kWriters; ++w) conns.push_back(db.connect());
    std::mutex mutex;
    std::vector<std::string> failures;  // of the threads (Catch2 asserts on this thread only)
    std::vector<int64_t> sharedVersions;
    std::atomic<int> ready{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            pg::Connection& conn = *conns[static_cast<size_t>(w)];
            pg::PgRecordStore mine(conn, kServerDevice);
            const std::string own = "own-" + std::to_string(w);
            auto fail = [&](const std::string& what, const Error& e) {
                std::lock_guard<std::mutex> lock(mutex);
                failures.push_back("writer " + std::to_string(w) + ", " + what + ": " + e.toString());
            };
            auto landed = [&](int64_t version) {
                std::lock_guard<std::mutex> lock(mutex);
                sharedVersions.push_back(version);
            };
            ready.fetch_add(1);
            while (ready.load() < kWriters) std::this_thread::yield();  // start together: contention
            for (int r = 0; r < kRounds; ++r) {
                const WriteAs as{"writer-" + std::to_string(w), kT0 + 1000 * (r + 1)};
                const std::string text = "writer " + std::to_string(w) + " round " + std::to_string(r);
                if (r % 3 == 2) {
                    // Several writes in one transaction of the caller's, as a pushed op's are.
                    int64_t version = 0;
                    const Status st = conn.transaction([&]() -> Status {
                        FC_ASSIGN_OR_RETURN(Record shared, mine.update(as, "finding", "shared", {{"description", text}}));
                        version = shared.version;
                        FC_ASSIGN_OR_RETURN(Record updated, mine.update(as, "finding", own, {{"description", text}}));
                        (void)updated;
                        return mine.recordEvent(as, "export", "ledger", text, {{"round", r}});
                    });
                    if (!st.ok()) fail(text, st.error());
                    else landed(version);
                } else {
                    auto shared = mine.update(as, "finding", "shared", {{"description", text}});
                    if (!shared.ok()) fail(text, shared.error());
                    else landed(shared->version);
                    auto created = mine.create(as, "finding", "w" + std::to_string(w) + "r" + std::to_string(r), test::findingFields("u1", text));
                    if (!created.ok()) fail(text + " (create)", created.error());
                }
            }
        });
    }
    for (auto& t : writers) t.join();
    {
        std::string all;
        for (const auto& f : failures) all += f + "\n";
        INFO(all);
        REQUIRE(failures.empty());
    }

    // Every update of the shared record made a version of its own: 2, 3, ... with none twice.
    constexpr int64_t kUpdates = int64_t{kWriters} * kRounds;
    std::sort(sharedVersions.begin(), sharedVersions.end());
    REQUIRE(static_cast<int64_t>(sharedVersions.size()) == kUpdates);
    for (int64_t i = 0; i < kUpdates; ++i) CHECK(sharedVersions[static_cast<size_t>(i)] == i + 2);
    CHECK(must(setup.get("finding", "shared")).version == kUpdates + 1);
    const auto ofShared = must(setup.auditEntriesOf("finding", "shared"));
    CHECK(static_cast<int64_t>(ofShared.size()) == kUpdates + 1);
    for (int w = 0; w < kWriters; ++w) CHECK(must(setup.get("finding", "own-" + std::to_string(w))).version == kRounds / 3 + 1);

    // One chain: every entry, numbered without a gap, each linked to the one before.
    const int64_t transactions = kRounds / 3;                 // shared + own + event
    const int64_t singles = kRounds - transactions;          // shared + a new finding
    const int64_t expected = entriesBefore + kWriters * (transactions * 3 + singles * 2);
    CHECK(must(setup.auditHead()) == expected);
    const auto report = must(setup.verifyAudit());
    INFO((report.ok() ? std::string() : report.problems.front().message));
    CHECK(report.ok());
    CHECK(report.entries == expected);
    const auto chain = must(setup.auditEntries(1, -1));
    REQUIRE(static_cast<int64_t>(chain.size()) == expected);
    for (size_t i = 1; i < chain.size(); ++i) {
        CHECK(chain[i].seq == chain[i - 1].seq + 1);
        CHECK(chain[i].prevHash == chain[i - 1].entryHash);
    }
}

TEST_CASE("pg records: a caller in REPEATABLE READ whose snapshot predates another write is run again, not appended to a stale head", "[pg][records]") {
    RecordsDatabase db;
    auto a = db.connect();
    auto b = db.connect();
    pg::PgRecordStore onA(*a, kServerDevice), onB(*b, kServerDevice);
    (void)must(onA.create({"server", kT0}, "unit", "u1", unitFields("MZ001", "区社会福利院")));
    (void)must(onA.create({"server", kT0}, "finding", "f1", test::findingFields("u1", "原文")));

    int attempts = 0;
    const Status st = a->transaction(
        [&]() -> Status {
            ++attempts;
            FC_TRY(a->run("SELECT 1"));  // the snapshot is taken here
            if (attempts == 1) {
                auto other = onB.update({"b", kT0 + 1}, "finding", "f1", {{"description", "from b"}});
                if (!other.ok()) return other.error();
            }
            FC_ASSIGN_OR_RETURN(Record mine, onA.update({"a", kT0 + 2}, "finding", "f1", {{"description", "from a"}}));
            (void)mine;
            return {};
        },
        "REPEATABLE READ");
    mustOk(st);
    CHECK(attempts == 2);
    const Record f1 = must(onA.get("finding", "f1"));
    CHECK(f1.version == 3);
    CHECK(f1.fields["description"] == "from a");
    const auto report = must(onA.verifyAudit());
    CHECK(report.ok());
    CHECK(report.entries == 4);
}

TEST_CASE("pg records: inside a caller's transaction — a refused write leaves it usable, a rolled back one leaves nothing", "[pg][records]") {
    RecordsDatabase db;
    auto conn = db.connect();
    pg::PgRecordStore records(*conn, kServerDevice);
    const WriteAs as{"server", kT0};
    (void)must(records.create(as, "unit", "u1", unitFields("MZ001", "区社会福利院")));
    (void)must(records.create(as, "finding", "f1", test::findingFields("u1", "原文")));

    std::optional<Error> taken, illegal, missing, unknownType, badId;
    const Status committed = conn->transaction([&]() -> Status {
        auto again = records.create(as, "finding", "f1", test::findingFields("u1", "again"));
        if (!again.ok()) taken = again.error();
        auto closed = records.update(as, "finding", "f1", {{"status", "closed"}});
        if (!closed.ok()) illegal = closed.error();
        auto nope = records.get("finding", "nope");
        if (!nope.ok()) missing = nope.error();
        auto bogus = records.create(as, "bogus", "b1", nlohmann::json::object());
        if (!bogus.ok()) unknownType = bogus.error();
        auto bad = records.create(as, "finding", "", test::findingFields("u1", "x"));
        if (!bad.ok()) badId = bad.error();
        FC_ASSIGN_OR_RETURN(Record f2, records.create(as, "finding", "f2", test::findingFields("u1", "after the refusals")));
        (void)f2;
        return {};
    });
    mustOk(committed);
    REQUIRE(taken);
    CHECK(taken->code == ErrorCode::AlreadyExists);
    CHECK(taken->message == "finding 'f1' already exists");
    REQUIRE(illegal);
    CHECK(illegal->code == ErrorCode::IllegalTransition);
    REQUIRE(missing);
    CHECK(missing->code == ErrorCode::NotFound);
    CHECK(missing->message == "no finding with id 'nope'");
    REQUIRE(unknownType);
    CHECK(unknownType->code == ErrorCode::InvalidArgument);
    REQUIRE(badId);
    CHECK(badId->code == ErrorCode::InvalidArgument);
    CHECK(must(records.get("finding", "f2")).version == 1);
    CHECK(must(records.get("finding", "f1")).version == 1);

    const int64_t head = must(records.auditHead());
    const Status rolledBack = conn->transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record f3, records.create(as, "finding", "f3", test::findingFields("u1", "never")));
        (void)f3;
        FC_ASSIGN_OR_RETURN(Record f1, records.update(as, "finding", "f1", {{"description", "never"}}));
        (void)f1;
        return makeError(ErrorCode::Cancelled, "the op's answer could not be stored");
    });
    CHECK_FALSE(rolledBack.ok());
    CHECK(records.get("finding", "f3").error().code == ErrorCode::NotFound);
    CHECK(must(records.get("finding", "f1")).fields["description"] == "原文");
    CHECK(must(records.auditHead()) == head);

    // The next write continues the chain where the committed ones left it.
    (void)must(records.update(as, "finding", "f1", {{"description", "改"}}));
    CHECK(must(records.auditHead()) == head + 1);
    CHECK(must(records.verifyAudit()).ok());
}

TEST_CASE("pg records: list() — equals on text and references, withdrawn ones left out, ordered, paged", "[pg][records]") {
    RecordsDatabase db;
    auto conn = db.connect();
    pg::PgRecordStore records(*conn, kServerDevice);
    const WriteAs same{"server", kT0};  // one millisecond for all: creation order decides ties
    (void)must(records.create(same, "unit", "u1", {{"code", "A1"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"}, {"latitude", 31.23}}));
    (void)must(records.create(same, "unit", "u2", {{"code", "A2"}, {"name", "区救助管理站"}, {"unit_type", "relief_station"}}));
    (void)must(records.create(same, "unit", "u3", {{"code", "A3"}, {"name", "Alpha \"quoted\" \\ unit"}, {"unit_type", "department"}, {"latitude", 30.1}}));
    const std::string tricky = "多 \"引号\"\n换行 \\ 和 \u00e9";
    auto finding = [&](const std::string& id, const std::string& unit, const std::string& category, const std::string& description,
                       const nlohmann::json& money) {
        nlohmann::json f = {{"unit_id", unit}, {"category", category}, {"source", "visit"}, {"description", description}};
        if (!money.is_null()) f["money_involved"] = money;
        (void)must(records.create({"server", kT0 + 1000 * static_cast<int64_t>(id.back() - '0')}, "finding", id, f));
    };
    finding("f1", "u1", "safety", "a", nullptr);
    finding("f2", "u2", "safety", "b", "9.5");
    finding("f3", "u1", "eight_rules", tricky, "10");
    finding("f4", "u1", "safety", "d", "100");
    finding("f5", "u1", "safety", "e", "9.5");
    (void)must(records.withdraw({"server", kT0 + 9000}, "finding", "f4", "重复"));

    auto ids = [&](const std::string& type, const ListQuery& q) { return idsOf(must(records.list(type, q))); };
    using Ids = std::vector<std::string>;
    ListQuery q;
    CHECK(ids("unit", q) == Ids{"u1", "u2", "u3"});
    q.descending = true;
    CHECK(ids("unit", q) == Ids{"u3", "u2", "u1"});

    q = ListQuery();
    q.equals = {{"unit_id", "u1"}};  // a reference
    CHECK(ids("finding", q) == Ids{"f1", "f3", "f4", "f5"});
    q.includeWithdrawn = false;
    CHECK(ids("finding", q) == Ids{"f1", "f3", "f5"});
    q.equals = {{"unit_id", "u1"}, {"category", "安全隐患"}};  // and a choice by its label
    CHECK(ids("finding", q) == Ids{"f1", "f5"});
    q.equals = {{"description", tricky}};  // text with quotes, a newline, a backslash
    CHECK(ids("finding", q) == Ids{"f3"});
    q.equals = {{"name", "Alpha \"quoted\" \\ unit"}};
    CHECK(ids("unit", q) == Ids{"u3"});
    q.equals = {{"money_involved", "9.50"}};
    CHECK(ids("finding", q) == Ids{"f2", "f5"});
    q.equals = {{"description", "no such text"}};
    CHECK(ids("finding", q).empty());

    // Ordered by a field: money as an amount (9.50 < 10.00 < 100.00), nulls first as on SQLite.
    q = ListQuery();
    q.orderBy = "money_involved";
    CHECK(ids("finding", q) == Ids{"f1", "f2", "f5", "f3", "f4"});
    q.descending = true;
    CHECK(ids("finding", q) == Ids{"f4", "f3", "f5", "f2", "f1"});
    q.includeWithdrawn = false;
    q.limit = 2;
    q.offset = 1;
    CHECK(ids("finding", q) == Ids{"f5", "f2"});
    q.offset = 10;
    CHECK(ids("finding", q).empty());
    q = ListQuery();
    q.orderBy = "name";  // byte order: ASCII before 区, 救 (E6 95 91) before 社 (E7 A4 BE)
    CHECK(ids("unit", q) == Ids{"u3", "u2", "u1"});
    q.orderBy = "latitude";
    CHECK(ids("unit", q) == Ids{"u2", "u3", "u1"});
    q.limit = 0;
    CHECK(ids("unit", q).empty());

    q = ListQuery();
    q.orderBy = "colour";
    CHECK(records.list("unit", q).error().code == ErrorCode::InvalidArgument);
    q = ListQuery();
    q.equals = {{"colour", "red"}};
    CHECK(records.list("unit", q).error().code == ErrorCode::InvalidArgument);
    q.equals = {{"unit_type", "castle"}};
    CHECK(records.list("unit", q).error().code == ErrorCode::InvalidArgument);
    CHECK(records.list("bogus").error().code == ErrorCode::InvalidArgument);

    // getMany (a pulled page's records in one statement): exactly what get() reads, withdrawn ones
    // included, ids that are not there (or of another type) left out, quotes in ids harmless.
    auto many = must(records.getMany("finding", {"f5", "f1", "u1", "nope", "f4", "f3", "a\"b"}));
    std::sort(many.begin(), many.end(), [](const Record& a, const Record& b) { return a.id < b.id; });
    REQUIRE(idsOf(many) == Ids{"f1", "f3", "f4", "f5"});
    for (const auto& r : many) CHECK(replication::recordDigest(r) == replication::recordDigest(must(records.get("finding", r.id))));
    CHECK(must(records.getMany("unit", {})).empty());
    CHECK(records.getMany("bogus", {"x"}).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("pg records: rows changed behind the store's back show in verifyAudit(), named", "[pg][records]") {
    RecordsDatabase db;
    struct Tampered {
        std::unique_ptr<pg::Connection> conn;
        std::unique_ptr<pg::PgRecordStore> records;
    };
    // Each scenario on a database of its own with six entries: unit u1 (1), findings f1 (2) and f2 (3), f1 updated (4),
    // f2 withdrawn (5), an export (6).
    auto populated = [&]() {
        Tampered t;
        t.conn = db.connect(db.fresh());
        t.records = std::make_unique<pg::PgRecordStore>(*t.conn, kServerDevice);
        pg::PgRecordStore& r = *t.records;
        (void)must(r.create({"server", kT0}, "unit", "u1", unitFields("MZ001", "区社会福利院")));
        (void)must(r.create({"zhangsan", kT0 + 1}, "finding", "f1", test::findingFields("u1", "原文")));
        (void)must(r.create({"zhangsan", kT0 + 2}, "finding", "f2", test::findingFields("u1", "另一条")));
        (void)must(r.update({"lisi", kT0 + 3}, "finding", "f1", {{"description", "核实后"}}));
        (void)must(r.withdraw({"lisi", kT0 + 4}, "finding", "f2", "重复登记"));
        mustOk(r.recordEvent({"server", kT0 + 5}, "export", "ledger", "2026-01", {{"rows", 2}}));
        const auto clean = must(r.verifyAudit());
        REQUIRE(clean.ok());
        REQUIRE(clean.entries == 6);
        return t;
    };
    auto problems = [](pg::PgRecordStore& r) {
        const auto report = must(r.verifyAudit());
        std::string all;
        for (const auto& p : report.problems) all += std::to_string(p.seq) + " " + p.kind + ": " + p.message + "\n";
        INFO(all);
        return report.problems;
    };

    {  // a record's fields edited
        auto t = populated();
        mustOk(t.conn->run("UPDATE srv_record_data SET fields = replace(fields, '核实后', '改过') WHERE record_id = 'f1'"));
        mustOk(t.conn->run("UPDATE srv_record_data SET withdrawn_reason = '误录' WHERE record_id = 'f2'"));
        const auto found = problems(*t.records);
        REQUIRE(found.size() == 2);
        CHECK(found[0].kind == "record-mismatch");
        CHECK(found[0].seq == 4);
        CHECK(found[0].message == "finding 'f1' differs from its last audit entry 4 (edited behind the store's back)");
        CHECK(found[1].kind == "record-mismatch");
        CHECK(found[1].seq == 5);
    }
    {  // a record's fields replaced by JSON that is not an object (text that is not JSON at all
       // is refused by PostgreSQL: the index on unit_id parses it)
        auto t = populated();
        CHECK_FALSE(t.conn->run("UPDATE srv_record_data SET fields = 'not json' WHERE record_id = 'f1'").ok());
        mustOk(t.conn->run("UPDATE srv_record_data SET fields = '[1, 2]' WHERE record_id = 'f1'"));
        const auto found = problems(*t.records);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == "record-mismatch");
        CHECK(t.records->get("finding", "f1").error().code == ErrorCode::Corrupt);
    }
    {  // an audit entry deleted from the middle
        auto t = populated();
        mustOk(t.conn->run("DELETE FROM srv_audit_log WHERE seq = 3"));
        const auto found = problems(*t.records);
        REQUIRE(found.size() == 1);  // nothing after the first bad entry can be trusted
        CHECK(found[0].kind == "sequence-gap");
        CHECK(found[0].seq == 4);
        CHECK(found[0].message.find("entries 3..3 are missing") != std::string::npos);
    }
    {  // the last audit entry deleted
        auto t = populated();
        mustOk(t.conn->run("DELETE FROM srv_audit_log WHERE seq = 6"));
        const auto found = problems(*t.records);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == "sequence-gap");
        CHECK(found[0].seq == 6);
        CHECK(found[0].message.find("entries 6..6 are missing") != std::string::npos);
    }
    {  // an audit entry edited
        auto t = populated();
        mustOk(t.conn->run("UPDATE srv_audit_log SET actor = 'mallory' WHERE seq = 2"));
        const auto found = problems(*t.records);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == "entry-edited");
        CHECK(found[0].seq == 2);
    }
    {  // an entry written by another device id
        auto t = populated();
        pg::PgRecordStore other(*t.conn, "another-server");
        mustOk(other.recordEvent({"server", kT0 + 6}, "export", "ledger", "2026-02", nlohmann::json::object()));
        const auto found = problems(*t.records);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == "foreign-device");
        CHECK(found[0].seq == 7);
        CHECK(found[0].message.find("another-server") != std::string::npos);
    }
    {  // records inserted behind the store's back, and one deleted
        auto t = populated();
        mustOk(t.conn->run("INSERT INTO srv_record_data(record_type, record_id, version, created_ms, created_by, updated_ms, updated_by, fields) "
                           "SELECT record_type, 'f9', 1, created_ms, created_by, updated_ms, updated_by, fields FROM srv_record_data "
                           "WHERE record_id = 'f1'"));
        mustOk(t.conn->run("INSERT INTO srv_record_data(record_type, record_id, version, created_ms, created_by, updated_ms, updated_by, fields) "
                           "VALUES ('bogus', 'b1', 1, 0, 'x', 0, 'x', '{}')"));
        mustOk(t.conn->run("DELETE FROM srv_record_data WHERE record_id = 'f2'"));
        const auto found = problems(*t.records);
        REQUIRE(found.size() == 3);
        CHECK(found[0].kind == "record-unaudited");
        CHECK(found[0].seq == 0);
        CHECK(found[1].kind == "record-unaudited");
        CHECK(found[1].seq == 0);
        const std::string unaudited = found[0].message + found[1].message;
        CHECK(unaudited.find("finding 'f9' has no audit entry") != std::string::npos);
        CHECK(unaudited.find("'bogus' 'b1'") != std::string::npos);
        CHECK(found[2].kind == "record-deleted");
        CHECK(found[2].seq == 5);
        CHECK(found[2].message == "finding 'f2' is in the audit chain but was deleted");
    }
}
