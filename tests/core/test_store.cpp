#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/store.h"
#include "schema.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("the linked SQLite is SQLCipher", "[core][store]") {
    auto v = Store::checkCipherLibrary();
    REQUIRE(v.ok());
    CHECK_FALSE(v.value().empty());
}

TEST_CASE("a new store is created, reopened and refuses to be created twice", "[core][store]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    std::string storeId;
    {
        auto s = createTestStore(db);
        storeId = s->storeId();
        CHECK(s->schemaVersion() == detail::kCurrentSchemaVersion);
        CHECK(s->deviceId().size() == 32);
    }
    auto again = Store::create(db, testPassphrase(), KdfParams::minimumForTests(), testOptions());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::AlreadyExists);
    auto s = openTestStore(db);
    CHECK(s->storeId() == storeId);
    CHECK(Store::open(dir.file("missing.db"), testPassphrase(), testOptions()).error().code == ErrorCode::NotFound);
}

TEST_CASE("every field of every record type has a column in the current schema", "[core][store][schema]") {
    TempDir dir;
    { auto s = createTestStore(dir.file("s.db")); }
    auto db = openRawKeyed(dir.file("s.db"));
    for (const auto& type : recordTypes()) {
        CAPTURE(type.name);
        auto st = db.prepare("PRAGMA table_info(" + type.table + ")");
        REQUIRE(st.ok());
        std::set<std::string> columns;
        while (st->step().value()) columns.insert(st->text(1));
        for (const char* common : {"id", "version", "created_ms", "created_by", "updated_ms", "updated_by",
                                   "withdrawn_ms", "withdrawn_reason"}) {
            CHECK(columns.count(common) == 1);
        }
        for (const auto& f : type.fields) {
            CAPTURE(f.name);
            CHECK(columns.count(f.name) == 1);
        }
        CHECK(columns.size() == type.fields.size() + 8);
    }
}

TEST_CASE("field values are checked against the record type", "[core][store][records]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);

    // field, value, accepted, stored value (when accepted) or a word of the error
    using Row = std::tuple<std::string, nlohmann::json, bool, nlohmann::json>;
    auto row = GENERATE_COPY(table<std::string, nlohmann::json, bool, nlohmann::json>({
        Row{"money_involved", "1234.5", true, "1234.50"},
        Row{"money_involved", "0.07", true, "0.07"},
        Row{"money_involved", "12.345", false, "two decimals"},
        Row{"money_involved", "-3", false, "yuan"},
        Row{"money_involved", 12.5, false, "not as a JSON number"},
        Row{"category", "safety", true, "safety"},
        Row{"category", "安全隐患", true, "safety"},
        Row{"category", "gossip", false, "is not one of"},
        Row{"found_date", "2026-02-29", false, "YYYY-MM-DD"},
        Row{"found_date", "2028-02-29", true, "2028-02-29"},
        Row{"found_date", "2026-13-01", false, "YYYY-MM-DD"},
        Row{"source", "spot_check", true, "spot_check"},
        Row{"no_such_field", "x", false, "has no field"},
        Row{"description", "   ", false, "blank"},
        Row{"unit_id", "does-not-exist", false, "no unit"},
    }));
    auto [field, value, accepted, expected] = row;
    CAPTURE(field, value.dump());
    nlohmann::json f = findingFields(unit.id, "台账不全");
    f[field] = value;
    auto r = s->createRecord("finding", f);
    REQUIRE(r.ok() == accepted);
    if (accepted) {
        CHECK(r->fields[field] == expected);
        CHECK(s->getRecord("finding", r->id)->fields[field] == expected);
    } else {
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK_THAT(r.error().message, Catch::Contains(expected.get<std::string>()));
        CHECK(s->countRecords("finding").value() == 0);
    }
}

TEST_CASE("required fields and unknown types are reported by name", "[core][store][records]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    auto missing = s->createRecord("unit", {{"code", "X"}, {"unit_type", "department"}});
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("'name'") && Catch::Contains("单位名称"));
    auto unknown = s->createRecord("visit_report", {{"a", 1}});
    CHECK_THAT(unknown.error().message, Catch::Contains("unknown record type 'visit_report'"));
    auto dup1 = s->createRecord("unit", {{"code", "X"}, {"name", "一"}, {"unit_type", "department"}});
    REQUIRE(dup1.ok());
    auto dup2 = s->createRecord("unit", {{"code", "X"}, {"name", "二"}, {"unit_type", "department"}});
    REQUIRE_FALSE(dup2.ok());
    CHECK_THAT(dup2.error().message, Catch::Contains("UNIQUE") || Catch::Contains("unique"));
}

TEST_CASE("new records and ops get ids that sort by their creation time", "[core][store][records]") {
    TempDir dir;
    ManualClock clock(1'780'000'000'000);
    auto s = createTestStore(dir.file("s.db"), &clock);
    Record unit = createUnit(*s);
    std::vector<std::string> ids = {unit.id};
    for (int i = 0; i < 3; ++i) {
        clock.advanceMs(1);
        ids.push_back(s->createRecord("finding", findingFields(unit.id, "记录" + std::to_string(i)))->id);
    }
    for (size_t i = 1; i < ids.size(); ++i) CHECK(ids[i - 1] < ids[i]);
    CHECK(ids[0].substr(0, 12) == timeOrderedId(1'780'000'000'000).substr(0, 12));
    auto ops = s->pendingOutbox();
    REQUIRE(ops.ok());
    REQUIRE(ops->size() == 4);
    for (size_t i = 1; i < ops->size(); ++i) CHECK((*ops)[i - 1].opId < (*ops)[i].opId);
}

TEST_CASE("a record's life: create, update, withdraw — versions, audit and outbox move together", "[core][store][records]") {
    TempDir dir;
    ManualClock clock(1'780'000'000'000);
    auto s = createTestStore(dir.file("s.db"), &clock);
    Record unit = createUnit(*s);
    auto created = s->createRecord("finding", findingFields(unit.id, "消防通道堵塞"));
    REQUIRE(created.ok());
    CHECK(created->version == 1);
    CHECK(created->createdBy == "tester");

    clock.advanceMs(1000);
    auto updated = s->updateRecord("finding", created->id, {{"description", "消防通道堵塞，已现场督促"}, {"money_involved", "0"}});
    REQUIRE(updated.ok());
    CHECK(updated->version == 2);
    CHECK(updated->updatedMs == created->createdMs + 1000);

    SECTION("an update that changes nothing makes no new version and no audit entry") {
        auto same = s->updateRecord("finding", created->id, {{"description", "消防通道堵塞，已现场督促"}});
        REQUIRE(same.ok());
        CHECK(same->version == 2);
        CHECK(s->auditEntries()->size() == 3);  // unit, create, update
    }
    SECTION("withdrawal needs a reason, keeps the record and blocks further edits") {
        CHECK(s->withdrawRecord("finding", created->id, "  ").error().code == ErrorCode::InvalidArgument);
        auto w = s->withdrawRecord("finding", created->id, "重复录入");
        REQUIRE(w.ok());
        CHECK(w->withdrawn);
        CHECK(s->getRecord("finding", created->id)->withdrawnReason == "重复录入");
        CHECK(s->updateRecord("finding", created->id, {{"description", "x"}}).error().code == ErrorCode::IllegalTransition);
        CHECK(s->withdrawRecord("finding", created->id, "again").error().code == ErrorCode::IllegalTransition);
        CHECK(s->countRecords("finding").value() == 1);
        CHECK(s->countRecords("finding", false).value() == 0);
        ListQuery active;
        active.includeWithdrawn = false;
        CHECK(s->listRecords("finding", active)->empty());

        auto audit = s->auditEntries();
        REQUIRE(audit->size() == 4);
        CHECK(audit->back().action == "withdraw");
        auto outbox = s->pendingOutbox();
        REQUIRE(outbox->size() == 4);
        CHECK(outbox->back().action == "withdraw");
        CHECK(outbox->back().payload["reason"] == "重复录入");
        CHECK(outbox->back().baseVersion == 2);
        CHECK(outbox->back().auditSeq == audit->back().seq);
    }
    SECTION("the outbox carries only the changed fields of an update, with the version its author saw") {
        auto outbox = s->pendingOutbox();
        REQUIRE(outbox->size() == 3);
        CHECK(outbox->at(2).action == "update");
        CHECK(outbox->at(2).baseVersion == 1);
        CHECK(outbox->at(2).payload.size() == 2);
        CHECK(outbox->at(2).payload["money_involved"] == "0.00");
        std::set<std::string> ops;
        for (const auto& e : outbox.value()) ops.insert(e.opId);
        CHECK(ops.size() == 3);
    }
}

TEST_CASE("a failed change inside a transaction leaves no record, audit or outbox entry", "[core][store]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    Status st = s->transaction([&]() -> Status {
        FC_TRY(s->createRecord("finding", findingFields(unit.id, "第一条")));
        FC_TRY(s->createRecord("finding", findingFields(unit.id, "第二条")));
        return s->createRecord("finding", {{"unit_id", unit.id}}).ok() ? Status() : makeError(ErrorCode::InvalidArgument, "third failed");
    });
    REQUIRE_FALSE(st.ok());
    CHECK(s->countRecords("finding").value() == 0);
    CHECK(s->auditEntries()->size() == 1);
    CHECK(s->pendingOutbox()->size() == 1);
    // and the store keeps working afterwards
    REQUIRE(s->createRecord("finding", findingFields(unit.id, "之后")).ok());
    CHECK(s->verifyAudit()->ok());
}

TEST_CASE("list filters by field values given as text", "[core][store][records]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record a = createUnit(*s, "A", "甲");
    Record b = createUnit(*s, "B", "乙");
    for (int i = 0; i < 3; ++i) REQUIRE(s->createRecord("finding", findingFields(a.id, "a" + std::to_string(i))).ok());
    auto f = findingFields(b.id, "b");
    f["category"] = "public_interest";
    REQUIRE(s->createRecord("finding", f).ok());
    ListQuery q;
    q.equals["unit_id"] = a.id;
    CHECK(s->listRecords("finding", q)->size() == 3);
    ListQuery byCat;
    byCat.equals["category"] = "损害群众利益";
    CHECK(s->listRecords("finding", byCat)->size() == 1);
    ListQuery page;
    page.limit = 2;
    page.offset = 1;
    auto rows = s->listRecords("finding", page);
    REQUIRE(rows->size() == 2);
    CHECK(rows->at(0).fields["description"] == "a1");
    ListQuery bad;
    bad.equals["colour"] = "red";
    CHECK(s->listRecords("finding", bad).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("list orders by a field or newest first, and counts what a filter selects", "[core][store][records]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record c = createUnit(*s, "C", "丙单位");
    Record a = createUnit(*s, "A", "甲单位");
    Record b = createUnit(*s, "B", "乙单位");
    Record twin = createUnit(*s, "D", "甲单位");  // same name: after the first, as written
    REQUIRE(s->withdrawRecord("unit", b.id, "撤并").ok());
    auto names = [&](const ListQuery& q) {
        std::vector<std::string> out;
        for (const auto& r : s->listRecords("unit", q).value()) out.push_back(r.fields["code"]);
        return out;
    };
    ListQuery byName;
    byName.orderBy = "name";
    // U+4E19 丙 < U+4E59 乙 < U+7532 甲: SQLite compares text by code point.
    CHECK(names(byName) == std::vector<std::string>{"C", "B", "A", "D"});
    byName.descending = true;
    CHECK(names(byName) == std::vector<std::string>{"D", "A", "B", "C"});
    ListQuery newest;
    newest.descending = true;
    newest.limit = 2;
    CHECK(names(newest) == std::vector<std::string>{"D", "B"});
    newest.offset = 2;
    CHECK(names(newest) == std::vector<std::string>{"A", "C"});
    ListQuery bad;
    bad.orderBy = "name; DROP TABLE units";
    CHECK(s->listRecords("unit", bad).error().code == ErrorCode::InvalidArgument);

    for (int i = 0; i < 3; ++i) REQUIRE(s->createRecord("finding", findingFields(a.id, "a" + std::to_string(i))).ok());
    REQUIRE(s->createRecord("finding", findingFields(twin.id, "d")).ok());
    ListQuery ofA;
    ofA.equals["unit_id"] = a.id;
    ofA.limit = 1;  // ignored by the count
    CHECK(s->countRecords("finding", ofA).value() == 3);
    ListQuery active;
    active.includeWithdrawn = false;
    CHECK(s->countRecords("unit", active).value() == 3);
    CHECK(s->countRecords("unit", ListQuery{}).value() == 4);
    ListQuery unknown;
    unknown.equals["colour"] = "red";
    CHECK(s->countRecords("finding", unknown).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("attachments are sealed, hashed at capture and read back verified", "[core][store][attachments]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    auto finding = s->createRecord("finding", findingFields(unit.id, "有照片"));
    auto photo = randomBytes(300'000);
    auto a = s->attach("finding", finding->id, photo, "image/jpeg", "/sdcard/DCIM/IMG_0001.jpg");
    REQUIRE(a.ok());
    CHECK(a->fileName == "IMG_0001.jpg");
    CHECK(a->sha256 == sha256Hex(photo.data(), photo.size()));
    CHECK(s->readAttachment(a->id).value() == photo);
    CHECK(s->attachmentsOf("finding", finding->id)->size() == 1);
    CHECK(s->auditEntries()->back().action == "attach");
    CHECK(s->readAttachment("nope").error().code == ErrorCode::NotFound);
    CHECK(s->attach("finding", "nope", photo, "image/jpeg", "x.jpg").error().code == ErrorCode::NotFound);
    REQUIRE(s->withdrawRecord("finding", finding->id, "误录").ok());
    CHECK(s->attach("finding", finding->id, photo, "image/jpeg", "x.jpg").error().code == ErrorCode::IllegalTransition);
}

TEST_CASE("a file attached from disk, chunk by chunk, is sealed as if it were attached whole", "[core][store][attachments]") {
    // Sizes around the 64 KiB chunk: empty, one byte short, exact, one over, several.
    const size_t size = GENERATE(size_t{0}, size_t{1}, kStreamChunkSize - 1, kStreamChunkSize, kStreamChunkSize + 1,
                                 3 * kStreamChunkSize + 17);
    CAPTURE(size);
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    auto finding = s->createRecord("finding", findingFields(unit.id, "有录像"));
    const auto content = randomBytes(size);
    const std::string source = dir.file("clip.mp4");
    REQUIRE(atomicWriteFile(source, content).ok());

    auto fromFile = s->attachFile("finding", finding->id, source, "video/mp4");
    REQUIRE(fromFile.ok());
    auto whole = s->attach("finding", finding->id, content, "video/mp4", "clip.mp4");
    REQUIRE(whole.ok());
    CHECK(fromFile->fileName == "clip.mp4");
    CHECK(fromFile->sizeBytes == static_cast<int64_t>(size));
    CHECK(fromFile->sha256 == whole->sha256);
    CHECK(s->readAttachment(fromFile->id).value() == content);
    // Streamed out: the same bytes, in chunks of at most 64 KiB.
    std::vector<uint8_t> streamed;
    size_t largest = 0;
    REQUIRE(s->exportAttachment(fromFile->id, [&](const uint8_t* data, size_t n) -> Status {
        streamed.insert(streamed.end(), data, data + n);
        largest = std::max(largest, n);
        return {};
    }).ok());
    CHECK(streamed == content);
    CHECK(largest <= kStreamChunkSize);
    IntegrityReport report;
    CHECK(s->checkIntegrity({}, &report).ok());
    CHECK(s->verifyAudit()->ok());

    CHECK(s->attachFile("finding", finding->id, dir.file("missing.mp4"), "video/mp4").error().code == ErrorCode::NotFound);
    CHECK(s->attachFile("finding", "nope", source, "video/mp4").error().code == ErrorCode::NotFound);
}

TEST_CASE("an export stops at the first damaged chunk, and a sink's refusal stops it too", "[core][store][attachments][tamper]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    auto finding = s->createRecord("finding", findingFields(unit.id, "有照片"));
    const auto photo = randomBytes(5 * kStreamChunkSize);
    auto a = s->attach("finding", finding->id, photo, "image/jpeg", "p.jpg");
    REQUIRE(a.ok());

    size_t given = 0;
    Status refused = s->exportAttachment(a->id, [&](const uint8_t*, size_t n) -> Status {
        given += n;
        return makeError(ErrorCode::IoError, "disk full");
    });
    CHECK(refused.error().message == "disk full");  // the sink's own error, as it gave it
    CHECK(given == kStreamChunkSize);

    // One byte of the third chunk flipped: the first two arrive (they are authentic), then Corrupt.
    const std::string sealed = s->attachmentDirectory() + "/" + a->id + ".fcatt";
    auto bytes = readFile(sealed);
    bytes[24 + 2 * (4 + kStreamChunkSize + 17) + 100] ^= 0x01;
    REQUIRE(atomicWriteFile(sealed, bytes).ok());
    given = 0;
    Status damaged = s->exportAttachment(a->id, [&](const uint8_t*, size_t n) -> Status {
        given += n;
        return {};
    });
    CHECK(damaged.error().code == ErrorCode::Corrupt);
    CHECK_THAT(damaged.error().message, Catch::Contains(a->id));
    CHECK(given == 2 * kStreamChunkSize);
    CHECK(s->readAttachment(a->id).error().code == ErrorCode::Corrupt);
}

TEST_CASE("a database newer than the code refuses to open", "[core][store][migrations]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    {
        auto raw = openRawKeyed(db);
        REQUIRE(raw.exec("PRAGMA user_version = " + std::to_string(detail::kCurrentSchemaVersion + 1)).ok());
    }
    auto r = Store::open(db, testPassphrase(), testOptions());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::TooNew);
    CHECK_THAT(r.error().message, Catch::Contains("update FieldCheck"));
    // and it stayed as it was
    auto raw = openRawKeyed(db);
    CHECK(raw.queryInt("PRAGMA user_version").value() == detail::kCurrentSchemaVersion + 1);
}

TEST_CASE("a plain SQLite file is never taken for a store", "[core][store]") {
    TempDir dir;
    const std::string db = dir.file("plain.db");
    {
        auto raw = detail::Database::open(db, true);
        REQUIRE(raw.ok());
        REQUIRE(raw->exec("CREATE TABLE t(x); INSERT INTO t VALUES ('hello');").ok());
    }
    auto r = Store::open(db, testPassphrase(), testOptions());
    CHECK(r.error().code == ErrorCode::NotAFieldCheckStore);
    // Even with a keyring put beside it, the page authentication fails.
    const std::string other = dir.file("o.db");
    { auto s = createTestStore(other); }
    std::filesystem::copy_file(Keyring::pathForStore(other), Keyring::pathForStore(db));
    auto r2 = Store::open(db, testPassphrase(), testOptions());
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error().code == ErrorCode::Corrupt);
}
