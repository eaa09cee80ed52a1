#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

// Opens the store and reads everything in it; returns the first error, or success.
Status openAndReadEverything(const std::string& db) {
    auto s = Store::open(db, testPassphrase(), testOptions());
    if (!s.ok()) return s.error();
    for (const auto& t : recordTypes()) {
        auto rows = s.value()->listRecords(t.name);
        if (!rows.ok()) return rows.error();
    }
    FC_TRY(s.value()->checkIntegrity());
    return {};
}

}  // namespace

TEST_CASE("flipped bytes anywhere in a closed database give a clear error, never wrong data", "[core][tamper]") {
    TempDir dir;
    const std::string pristine = dir.file("pristine.db");
    {
        auto s = createTestStore(pristine);
        Record unit = createUnit(*s);
        for (int i = 0; i < 300; ++i) REQUIRE(s->createRecord("finding", findingFields(unit.id, "问题" + std::to_string(i))).ok());
        REQUIRE(s->checkpoint().ok());
    }
    const auto original = readFile(pristine);
    REQUIRE(original.size() > 20 * 4096);

    std::mt19937_64 rng(GENERATE(1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u));
    const std::string db = dir.file("s.db");
    std::filesystem::copy_file(Keyring::pathForStore(pristine), Keyring::pathForStore(db),
                               std::filesystem::copy_options::overwrite_existing);
    auto bytes = original;
    const size_t offset = rng() % bytes.size();
    bytes[offset] ^= static_cast<uint8_t>(1u << (rng() % 8));
    CAPTURE(offset);
    writeFile(db, bytes);
    std::filesystem::create_directories(db + ".attachments");

    Status st = openAndReadEverything(db);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::Corrupt);
    CHECK_THAT(st.error().message, Catch::Contains("authentication") || Catch::Contains("damaged"));
}

TEST_CASE("a tampered, swapped or missing attachment is reported, never returned", "[core][tamper][attachments]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    auto f = s->createRecord("finding", findingFields(unit.id, "证据")).value();
    auto a = s->attach("finding", f.id, randomBytes(200'000), "image/jpeg", "a.jpg").value();
    auto b = s->attach("finding", f.id, randomBytes(1000), "image/jpeg", "b.jpg").value();
    const std::string pa = s->attachmentDirectory() + "/" + a.id + ".fcatt";
    const std::string pb = s->attachmentDirectory() + "/" + b.id + ".fcatt";

    SECTION("a flipped byte") {
        auto bytes = readFile(pa);
        bytes[bytes.size() / 3] ^= 0x10;
        writeFile(pa, bytes);
        auto r = s->readAttachment(a.id);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Corrupt);
        CHECK_THAT(r.error().message, Catch::Contains("a.jpg"));
    }
    SECTION("swapped with another attachment's file") {
        std::filesystem::copy_file(pb, pa, std::filesystem::copy_options::overwrite_existing);
        CHECK(s->readAttachment(a.id).error().code == ErrorCode::Corrupt);
    }
    SECTION("truncated") {
        auto bytes = readFile(pa);
        bytes.resize(bytes.size() - 100);
        writeFile(pa, bytes);
        CHECK(s->readAttachment(a.id).error().code == ErrorCode::Corrupt);
    }
    SECTION("deleted") {
        std::filesystem::remove(pa);
        CHECK(s->readAttachment(a.id).error().code == ErrorCode::Corrupt);
    }
    // the other attachment is unaffected
    CHECK(s->readAttachment(b.id).ok());
}
