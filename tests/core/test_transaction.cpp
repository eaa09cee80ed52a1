#include <catch2/catch.hpp>

#include "database.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::detail;
using namespace fieldcheck::test;

namespace {

int64_t rows(Database& db) { return db.queryInt("SELECT count(*) FROM t").value(); }

}  // namespace

TEST_CASE("nested transaction steps: a failure after writing dooms the outer one, a failure before does not",
          "[core][store][transaction]") {
    TempDir dir;
    auto opened = Database::open(dir.file("t.db"), true);
    REQUIRE(opened.ok());
    Database& db = opened.value();
    REQUIRE(db.exec("CREATE TABLE t(x)").ok());
    TransactionState state;

    SECTION("a nested step that commits: everything commits") {
        Transaction outer(db, state);
        REQUIRE(outer.begin().ok());
        {
            Transaction inner(db, state);
            REQUIRE(inner.begin().ok());
            REQUIRE(db.exec("INSERT INTO t VALUES (1)").ok());
            REQUIRE(inner.commit().ok());
        }
        REQUIRE(outer.commit().ok());
        CHECK(rows(db) == 1);
    }
    SECTION("a nested step that fails before writing: the outer one still commits its own writes") {
        Transaction outer(db, state);
        REQUIRE(outer.begin().ok());
        REQUIRE(db.exec("INSERT INTO t VALUES (1)").ok());
        {
            Transaction inner(db, state);
            REQUIRE(inner.begin().ok());
            // validation failed: no commit, nothing written
        }
        REQUIRE(outer.commit().ok());
        CHECK(rows(db) == 1);
    }
    SECTION("a nested step that fails after writing: the outer commit fails and nothing is kept") {
        {
            Transaction outer(db, state);
            REQUIRE(outer.begin().ok());
            REQUIRE(db.exec("INSERT INTO t VALUES (1)").ok());
            {
                Transaction inner(db, state);
                REQUIRE(inner.begin().ok());
                REQUIRE(db.exec("INSERT INTO t VALUES (2)").ok());
                // failed half-way: no commit
            }
            auto st = outer.commit();
            REQUIRE_FALSE(st.ok());
            CHECK_THAT(st.error().message, Catch::Contains("rolled back"));
        }
        CHECK(rows(db) == 0);
        CHECK(state.depth == 0);
        // and the connection is usable again
        Transaction next(db, state);
        REQUIRE(next.begin().ok());
        REQUIRE(db.exec("INSERT INTO t VALUES (3)").ok());
        REQUIRE(next.commit().ok());
        CHECK(rows(db) == 1);
    }
}
