#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

// Every file below `dir`, recursively.
std::vector<std::string> allFiles(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) out.push_back(e.path().string());
    }
    return out;
}

}  // namespace

TEST_CASE("no record or attachment content reaches the disk in plaintext", "[core][store][confidentiality]") {
    TempDir dir;
    TempDir tmp;  // the process's temporary directory for the duration of the test
    const char* oldTmp = std::getenv("TMPDIR");
    std::string savedTmp = oldTmp != nullptr ? oldTmp : "";
    ::setenv("TMPDIR", tmp.path().c_str(), 1);
    ::setenv("SQLITE_TMPDIR", tmp.path().c_str(), 1);

    const std::vector<std::string> canaries = {"CANARY-ascii-7f3a91", "金丝雀敏感线索甲乙丙", "举报人王某某身份证",
                                               "CANARY-photo-bytes-55e1"};
    const std::string db = dir.file("s.db");
    {
        auto s = createTestStore(db);
        Record unit = s->createRecord("unit", {{"code", "MZ900"}, {"name", canaries[1]}, {"unit_type", "elderly_home"}}).value();
        auto f = findingFields(unit.id, canaries[0] + " 问题描述 " + canaries[1]);
        f["persons_involved"] = canaries[2];
        for (int i = 0; i < 200; ++i) {  // enough rows to spill across pages, WAL frames and an index
            f["subcategory"] = canaries[0] + std::to_string(i);
            REQUIRE(s->createRecord("finding", f).ok());
        }
        auto complaint = s->createRecord("complaint", {{"unit_id", unit.id}, {"channel", "letter"}, {"received_date", "2026-04-02"},
                                                       {"category", "four_styles"}, {"summary", canaries[1]}, {"complainant", canaries[2]}});
        REQUIRE(complaint.ok());
        std::string photo(1'000'000, 'x');
        photo.replace(500'000, canaries[3].size(), canaries[3]);
        auto fid = s->listRecords("finding")->front().id;
        REQUIRE(s->attach("finding", fid, std::vector<uint8_t>(photo.begin(), photo.end()), "image/jpeg", "p.jpg").ok());

        SECTION("while the store is open, before a checkpoint (data in the WAL)") {
            std::vector<std::string> files = allFiles(dir.path());
            CHECK(std::find(files.begin(), files.end(), db + "-wal") != files.end());
            for (const auto& file : files) {
                auto bytes = readFile(file);
                for (const auto& c : canaries) {
                    CAPTURE(file, c);
                    CHECK_FALSE(contains(bytes, c));
                }
            }
        }
        REQUIRE(s->checkpoint().ok());
    }
    // Closed and checkpointed: the database, -wal, -shm, keyring, vault and temp dir.
    std::vector<std::string> files = allFiles(dir.path());
    auto tmpFiles = allFiles(tmp.path());
    files.insert(files.end(), tmpFiles.begin(), tmpFiles.end());
    REQUIRE(files.size() >= 3);
    for (const auto& file : files) {
        auto bytes = readFile(file);
        for (const auto& c : canaries) {
            CAPTURE(file, c);
            CHECK_FALSE(contains(bytes, c));
        }
    }
    // ...and the data is really there, readable with the passphrase.
    auto s = openTestStore(db);
    CHECK(s->countRecords("finding").value() == 200);

    if (oldTmp != nullptr) ::setenv("TMPDIR", savedTmp.c_str(), 1);
    else ::unsetenv("TMPDIR");
    ::unsetenv("SQLITE_TMPDIR");
}
