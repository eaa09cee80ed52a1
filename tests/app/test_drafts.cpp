// Drafts (qml/src/drafts.h): kept in the encrypted store, replaced whole, listed newest first,
// gone after remove; never a record, so the audit chain and the integrity check see nothing new.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "drafts.h"
#include "fieldcheck/core/clock.h"
#include "fieldcheck/core/store.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
namespace drafts = fieldcheck::ui::drafts;

TEST_CASE("a draft is kept, replaced whole, listed newest first and removed", "[app][drafts]") {
    TempDir dir;
    ManualClock clock(1'700'000'000'000);
    auto store = createTestStore(dir.file("d.db"), &clock);
    CHECK_FALSE(drafts::load(*store, "finding", "new:u1").value().has_value());

    REQUIRE(drafts::save(*store, "finding", "new:u1", {{"description", "账目不清"}, {"category", "four_styles"}}).ok());
    clock.advanceMs(1000);
    REQUIRE(drafts::save(*store, "visit", "v1", {{"answers", {{"1", "yes"}}}}).ok());
    clock.advanceMs(1000);
    REQUIRE(drafts::save(*store, "finding", "f2", {{"description", "第二条"}}).ok());
    clock.advanceMs(1000);
    // Replaced whole: the category of the first save is gone.
    REQUIRE(drafts::save(*store, "finding", "new:u1", {{"description", "账目不清，涉及三笔"}}).ok());

    auto loaded = drafts::load(*store, "finding", "new:u1").value();
    REQUIRE(loaded.has_value());
    CHECK(loaded->content == nlohmann::json{{"description", "账目不清，涉及三笔"}});
    CHECK(loaded->updatedMs == 1'700'000'003'000);

    auto findings = drafts::list(*store, "finding").value();
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].key == "new:u1");
    CHECK(findings[1].key == "f2");

    REQUIRE(drafts::remove(*store, "finding", "new:u1").ok());
    REQUIRE(drafts::remove(*store, "finding", "new:u1").ok());  // already gone: fine
    CHECK_FALSE(drafts::load(*store, "finding", "new:u1").value().has_value());
    CHECK(drafts::list(*store, "finding").value().size() == 1);
    CHECK(drafts::list(*store, "visit").value().size() == 1);
}

TEST_CASE("a draft survives closing the store, is encrypted on disk and raises no audit or integrity alarm",
          "[app][drafts]") {
    TempDir dir;
    const std::string path = dir.file("d.db");
    const std::string canary = "draft-canary-5f1e-账目不清";
    {
        auto store = createTestStore(path);
        REQUIRE(drafts::save(*store, "finding", "new:u9", {{"description", canary}}).ok());
        REQUIRE(store->checkpoint().ok());
    }
    // Nothing of the draft in plaintext in any file of the store.
    for (const std::string& file : {path, path + "-wal", path + ".keyring"}) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(bytes.find("draft-canary-5f1e") == std::string::npos);
    }
    auto store = openTestStore(path);
    auto loaded = drafts::load(*store, "finding", "new:u9").value();
    REQUIRE(loaded.has_value());
    CHECK(loaded->content.at("description") == canary);
    CHECK(store->verifyAudit().value().ok());
    CHECK(store->checkIntegrity().ok());
    CHECK(store->pendingOutbox().value().empty());
}
