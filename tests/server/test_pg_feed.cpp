// The PostgreSQL backend's change feed against a real PostgreSQL 15 (a throwaway cluster on
// loopback): the cursor follows commit order even when transactions commit out of the order they
// wrote in, the sequencer never waits for a writer, and many writers on their own connections
// (as several server processes are) lose nothing to a reader paging at the same time.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "pg_cluster.h"
#include "pg_feed.h"
#include "pg_schema.h"

using namespace fieldcheck;
using namespace fieldcheck::server;
using fieldcheck::test::PgCluster;

namespace {

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
struct FeedDatabase {
    FeedDatabase() : cluster(must(PgCluster::start())), name(must(cluster->createDatabase("feed"))) {
        auto conn = connect();
        REQUIRE(must(pg::migrate(*conn)) == pg::currentSchemaVersion());
    }
    std::unique_ptr<pg::Connection> connect() const { return must(pg::Connection::open(cluster->conninfo(name))); }
    std::unique_ptr<PgCluster> cluster;
    std::string name;
};

pg::FeedRow change(const std::string& id, int version) {
    pg::FeedRow r;
    r.recordType = "finding";
    r.recordId = id;
    r.scope = "unit:u1";
    r.fieldVersions = "{\"v\":" + std::to_string(version) + "}";
    return r;
}

// One page of the feed after `cursor`, read in one snapshot as a pull does; the cursor moves to
// the last row read, or to the head when the page was not full. No Catch2 assertion inside: it
// runs on the test's threads too.
Result<std::vector<pg::FeedRow>> tryPullPage(pg::Connection& conn, int64_t& cursor, int64_t limit) {
    pg::ChangeFeed feed(conn);
    FC_TRY(feed.sequence());
    std::vector<pg::FeedRow> rows;
    int64_t next = cursor;
    Status read = conn.transaction(
        [&]() -> Status {
            FC_ASSIGN_OR_RETURN(int64_t head, feed.head());
            FC_ASSIGN_OR_RETURN(rows, feed.after(cursor, limit));
            const bool full = static_cast<int64_t>(rows.size()) == limit;
            next = full ? rows.back().seq : head;
            return {};
        },
        "REPEATABLE READ");
    if (!read.ok()) return read.error();
    cursor = next;
    return rows;
}

std::vector<pg::FeedRow> pullPage(pg::Connection& conn, int64_t& cursor, int64_t limit = 1000) {
    return must(tryPullPage(conn, cursor, limit));
}

}  // namespace

TEST_CASE("pg feed: a change whose transaction stayed open across a pull is read by the next pull, not skipped", "[pg][feed]") {
    FeedDatabase db;
    auto slow = db.connect();    // a writer whose transaction stays open
    auto quick = db.connect();   // a writer that commits in the meantime
    auto reader = db.connect();  // a device's pulls

    // The hazard this guards against, shown with a plain sequence taken by the writers: the slow
    // writer takes the lower number, the quick one commits the higher one first, and a reader that
    // has read the higher number moves past the lower one before it is committed.
    mustOk(slow->run("CREATE SEQUENCE naive_seq"));
    mustOk(slow->run("BEGIN"));
    const int64_t slowNaive = must(slow->queryInt("SELECT nextval('naive_seq')"));
    const int64_t quickNaive = must(quick->queryInt("SELECT nextval('naive_seq')"));
    REQUIRE(slowNaive < quickNaive);

    pg::ChangeFeed slowFeed(*slow), quickFeed(*quick);
    mustOk(slowFeed.noteChange(change("slow", 1)));  // not committed yet
    mustOk(quick->transaction([&] { return quickFeed.noteChange(change("quick", 1)); }));
    (void)must(quickFeed.sequence());

    int64_t cursor = 0;
    auto first = pullPage(*reader, cursor);
    REQUIRE(first.size() == 1);
    CHECK(first[0].recordId == "quick");
    CHECK(cursor == first[0].seq);

    // The slow writer commits and dies before it numbers its change: the reader's next pull does.
    mustOk(slow->run("COMMIT"));
    slow.reset();
    auto second = pullPage(*reader, cursor);
    REQUIRE(second.size() == 1);
    CHECK(second[0].recordId == "slow");
    CHECK(second[0].seq > first[0].seq);
    CHECK(pullPage(*reader, cursor).empty());
}

TEST_CASE("pg feed: the sequencer does not wait for a writer holding a record, and numbers its change once it commits", "[pg][feed]") {
    FeedDatabase db;
    auto writer = db.connect();
    auto other = db.connect();
    auto reader = db.connect();
    pg::ChangeFeed writerFeed(*writer), otherFeed(*other);
    mustOk(writer->transaction([&] { return writerFeed.noteChange(change("held", 1)); }));
    int64_t cursor = 0;
    REQUIRE(pullPage(*reader, cursor).size() == 1);

    // A second change of the same record, its transaction open: the row is locked.
    mustOk(writer->run("BEGIN"));
    mustOk(writerFeed.noteChange(change("held", 2)));
    mustOk(other->transaction([&] { return otherFeed.noteChange(change("other", 1)); }));

    // The reader's pull (its sequencer included) finishes while the row stays locked.
    auto page = std::async(std::launch::async, [&] { return pullPage(*reader, cursor); });
    REQUIRE(page.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    auto rows = page.get();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].recordId == "other");

    mustOk(writer->run("COMMIT"));
    rows = pullPage(*reader, cursor);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].recordId == "held");
    CHECK(rows[0].fieldVersions == "{\"v\":2}");
}

TEST_CASE("pg feed: writers on their own connections and a reader paging at once — the reader ends with every record's last change", "[pg][feed]") {
    FeedDatabase db;
    constexpr int kWriters = 4, kChangesEach = 120, kRecords = 40;
    std::mutex mutex;  // guards the three below
    std::map<std::string, int> lastCommitted;  // record -> the version of its last committed change
    std::vector<std::string> failures;         // of the threads (Catch2 asserts on this thread only)
    std::atomic<int> version{0};
    std::atomic<bool> writing{true};
    auto fail = [&](const std::string& what) {
        std::lock_guard<std::mutex> lock(mutex);
        failures.push_back(what);
    };

    auto writerLoop = [&](int w) {
        auto opened = pg::Connection::open(db.cluster->conninfo(db.name));
        if (!opened.ok()) return fail(opened.error().toString());
        auto& conn = *opened.value();
        pg::ChangeFeed feed(conn);
        std::mt19937 rng(static_cast<unsigned>(w * 7919 + 1));
        for (int i = 0; i < kChangesEach; ++i) {
            const std::string id = "r" + std::to_string(rng() % kRecords);
            Status st = conn.transaction([&]() -> Status {
                // One writer of a record at a time, as the record's own row makes it in the
                // backend, so that "its last committed change" is well defined.
                FC_TRY(conn.run("SELECT pg_advisory_xact_lock(hashtext($1))", {pg::param(id)}));
                const int v = ++version;  // taken in the order of writing, not of committing
                FC_TRY(feed.noteChange(change(id, v)));
                if (rng() % 3 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 4));
                std::lock_guard<std::mutex> lock(mutex);  // still holding the record: commits come in this order
                lastCommitted[id] = v;
                return {};
            });
            if (!st.ok()) return fail(st.error().toString());
            // Odd writers never number their changes (as if they died right after committing).
            if (w % 2 == 0) {
                auto head = feed.sequence();
                if (!head.ok()) return fail(head.error().toString());
            }
        }
    };

    std::map<std::string, int> seen;
    int64_t lastSeq = 0;
    bool increasing = true;
    auto absorb = [&](const std::vector<pg::FeedRow>& rows) {
        for (const auto& r : rows) {
            if (r.seq <= lastSeq) increasing = false;
            lastSeq = r.seq;
            seen[r.recordId] = std::stoi(r.fieldVersions.substr(5));  // {"v":N}
        }
    };
    auto readerConn = db.connect();
    int64_t cursor = 0;
    int pages = 0;
    std::thread readerThread([&] {
        while (writing) {
            auto rows = tryPullPage(*readerConn, cursor, 7);
            if (!rows.ok()) return fail(rows.error().toString());
            absorb(rows.value());
            ++pages;
        }
    });
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) writers.emplace_back(writerLoop, w);
    for (auto& t : writers) t.join();
    writing = false;
    readerThread.join();
    INFO("first failure: " << (failures.empty() ? std::string() : failures.front()));
    REQUIRE(failures.empty());
    for (;;) {
        auto rows = pullPage(*readerConn, cursor, 7);
        if (rows.empty()) break;
        absorb(rows);
    }
    INFO("pages read while writing: " << pages);
    CHECK(pages >= 3);  // the reader paged while the writers wrote
    CHECK(lastCommitted.size() == static_cast<size_t>(kRecords));
    CHECK(increasing);
    CHECK(seen == lastCommitted);
    CHECK(must(pg::ChangeFeed(*readerConn).head()) == cursor);
}

TEST_CASE("pg schema: servers starting together migrate once — a database from a newer server is refused", "[pg][schema]") {
    auto cluster = must(PgCluster::start());
    const std::string name = must(cluster->createDatabase("schema"));
    std::vector<std::future<Result<int>>> starts;
    for (int i = 0; i < 3; ++i) {
        starts.push_back(std::async(std::launch::async, [&] {
            auto conn = pg::Connection::open(cluster->conninfo(name));
            if (!conn.ok()) return Result<int>(conn.error());
            return pg::migrate(*conn.value());
        }));
    }
    for (auto& s : starts) CHECK(must(s.get()) == pg::currentSchemaVersion());
    auto conn = must(pg::Connection::open(cluster->conninfo(name)));
    CHECK(must(conn->queryInt("SELECT count(*) FROM srv_counter")) == 1);

    mustOk(conn->run("UPDATE srv_schema SET version = version + 1"));
    auto refused = pg::migrate(*conn);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::TooNew);
    CHECK_THAT(refused.error().message, Catch::Contains("upgrade the server"));
}

TEST_CASE("pg connection: a server that is not there is a clear error without the password — bad SQL names its SQLSTATE", "[pg]") {
    auto cluster = must(PgCluster::start());
    const int port = cluster->port();
    auto conn = must(pg::Connection::open(cluster->conninfo()));
    auto bad = conn->exec("SELECT * FROM no_such_table");
    REQUIRE_FALSE(bad.ok());
    CHECK(conn->lastSqlState() == "42P01");
    CHECK_THAT(bad.error().message, Catch::Contains("no_such_table"));

    mustOk(cluster->stop());
    CHECK_FALSE(conn->healthy());
    auto refused = pg::Connection::open("host=127.0.0.1 port=" + std::to_string(port) +
                                        " user=postgres password=s3cret-do-not-print dbname=postgres connect_timeout=5");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::IoError);
    CHECK_THAT(refused.error().message, Catch::Contains("127.0.0.1:" + std::to_string(port)));
    CHECK_THAT(refused.error().message, !Catch::Contains("s3cret"));
}
