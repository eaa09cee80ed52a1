#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/keyring.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("the unlock delay grows after the free attempts and is capped", "[core][keyring]") {
    UnlockPolicy p;
    p.freeAttempts = 3;
    p.baseDelayMs = 1000;
    p.maxDelayMs = 10000;
    // failed attempts → delay before the next one
    auto [failed, delay] = GENERATE(table<int, int64_t>({{0, 0}, {1, 0}, {3, 0}, {4, 1000}, {5, 2000}, {6, 4000}, {7, 8000}, {8, 10000}, {50, 10000}}));
    CAPTURE(failed);
    CHECK(p.delayAfter(failed) == delay);
}

TEST_CASE("a wrong passphrase is a clear error, counted, and delays the next attempt", "[core][keyring]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    ManualClock clock(1'700'000'000'000);
    { auto s = createTestStore(db, &clock); }
    const auto dbBefore = readFile(db);

    StoreOptions opts = testOptions(&clock);
    opts.unlockPolicy.freeAttempts = 2;
    opts.unlockPolicy.baseDelayMs = 5000;
    for (int i = 1; i <= 3; ++i) {
        auto r = Store::open(db, passphrase("not the passphrase"), opts);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::WrongPassphrase);
        CHECK_THAT(r.error().message, Catch::Contains(std::to_string(i) + " failed attempt"));
        CHECK(r.error().retryAfterMs == (i <= 2 ? 0 : 5000));
    }
    // Three failures > two free ones: the next attempt must wait, even with the right passphrase.
    auto locked = Store::open(db, testPassphrase(), opts);
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().code == ErrorCode::Locked);
    CHECK_THAT(locked.error().message, Catch::Contains("try again in 5 s"));
    CHECK(locked.error().retryAfterMs == 5000);
    // The count survives a restart of the program (it is in the keyring file).
    CHECK(Keyring::load(Keyring::pathForStore(db))->failedAttempts() == 3);

    clock.advanceMs(5000);
    auto ok = Store::open(db, testPassphrase(), opts);
    REQUIRE(ok.ok());
    CHECK(Keyring::load(Keyring::pathForStore(db))->failedAttempts() == 0);
    // Nothing was created or overwritten by the failed attempts.
    CHECK(readFile(db) == dbBefore);
}

TEST_CASE("guessing in parallel neither skips the delay nor loses a count", "[core][keyring][threads]") {
    // Attempts take turns (a lock beside the keyring): each sees the failures before it. Without
    // the turns, every parallel guess read the same count and was tried, and counts were lost.
    TempDir dir;
    const std::string db = dir.file("s.db");
    ManualClock clock(1'700'000'000'000);
    { auto s = createTestStore(db, &clock); }
    StoreOptions opts = testOptions(&clock);
    opts.unlockPolicy.freeAttempts = 2;
    opts.unlockPolicy.baseDelayMs = 60'000;
    constexpr int kGuessers = 8;
    std::vector<ErrorCode> codes(kGuessers, ErrorCode::Internal);
    std::vector<std::thread> threads;
    for (int i = 0; i < kGuessers; ++i) {
        threads.emplace_back([&, i] {
            auto r = Store::open(db, passphrase("guess " + std::to_string(i)), opts);
            codes[static_cast<size_t>(i)] = r.ok() ? ErrorCode::Internal : r.error().code;
        });
    }
    for (auto& t : threads) t.join();
    // Two free attempts and the third (made when two had failed) are tried; then the delay holds.
    const auto tried = std::count(codes.begin(), codes.end(), ErrorCode::WrongPassphrase);
    const auto refused = std::count(codes.begin(), codes.end(), ErrorCode::Locked);
    CHECK(tried == 3);
    CHECK(refused == kGuessers - 3);
    CHECK(Keyring::load(Keyring::pathForStore(db))->failedAttempts() == 3);
}

TEST_CASE("changing the passphrase re-wraps the key and leaves the database untouched", "[core][keyring]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    std::string findingId;
    {
        auto s = createTestStore(db);
        auto u = createUnit(*s);
        findingId = s->createRecord("finding", findingFields(u.id, "账实不符"))->id;
        REQUIRE(s->checkpoint().ok());
    }
    const auto dbBefore = readFile(db);
    KdfParams stronger = KdfParams::minimumForTests();
    stronger.opsLimit += 1;
    REQUIRE(Store::changePassphrase(db, testPassphrase(), passphrase("新的口令 new one"), stronger, testOptions()).ok());
    CHECK(readFile(db) == dbBefore);
    CHECK(Keyring::load(Keyring::pathForStore(db))->passphraseKdf().opsLimit == stronger.opsLimit);

    CHECK(Store::open(db, testPassphrase(), testOptions()).error().code == ErrorCode::WrongPassphrase);
    auto s = Store::open(db, passphrase("新的口令 new one"), testOptions());
    REQUIRE(s.ok());
    CHECK(s.value()->getRecord("finding", findingId)->fields["description"] == "账实不符");

    SECTION("the old passphrase cannot change it again") {
        CHECK(Store::changePassphrase(db, testPassphrase(), passphrase("x"), stronger, testOptions()).error().code ==
              ErrorCode::WrongPassphrase);
    }
    SECTION("an empty new passphrase is refused") {
        CHECK(Store::changePassphrase(db, passphrase("新的口令 new one"), SecretBytes(), stronger, testOptions()).error().code ==
              ErrorCode::InvalidArgument);
    }
}

TEST_CASE("unknown wrappings in the keyring are kept on save (room for a platform keystore)", "[core][keyring]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    const std::string kp = Keyring::pathForStore(db);
    auto j = nlohmann::json::parse(readFile(kp));
    j["wrappings"].push_back({{"kind", "keystore"}, {"alias", "fieldcheck-device-key"}, {"ciphertext", "00"}});
    j.erase("checksum");  // as a keyring written before checksums (or by a tool that knows none)
    REQUIRE(atomicWriteFile(kp, j.dump()).ok());
    REQUIRE(Store::changePassphrase(db, testPassphrase(), passphrase("another"), KdfParams::minimumForTests(), testOptions()).ok());
    auto after = nlohmann::json::parse(readFile(kp));
    int keystore = 0, pass = 0;
    for (const auto& w : after["wrappings"]) {
        keystore += w["kind"] == "keystore";
        pass += w["kind"] == "passphrase";
    }
    CHECK(keystore == 1);
    CHECK(pass == 1);
}

TEST_CASE("a damaged or foreign keyring is a clear error", "[core][keyring]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    const std::string kp = Keyring::pathForStore(db);
    SECTION("not JSON") {
        writeFile(kp, {'n', 'o', 'p', 'e'});
        CHECK(Store::open(db, testPassphrase(), testOptions()).error().code == ErrorCode::NotAFieldCheckStore);
    }
    SECTION("missing") {
        std::remove(kp.c_str());
        auto r = Store::open(db, testPassphrase(), testOptions());
        CHECK(r.error().code == ErrorCode::NotAFieldCheckStore);
        CHECK_THAT(r.error().message, Catch::Contains("no keyring"));
    }
    SECTION("another store's keyring with the same passphrase") {
        const std::string other = dir.file("other.db");
        { auto s = createTestStore(other); }
        std::filesystem::copy_file(Keyring::pathForStore(other), kp, std::filesystem::copy_options::overwrite_existing);
        auto r = Store::open(db, testPassphrase(), testOptions());
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Corrupt);
    }
}

TEST_CASE("numbers in a keyring that do not fit are a clear error, not undefined behaviour", "[core][keyring][fuzz]") {
    // Found by fuzzing (tests/fuzz/corpus/keyring/regression-float-page-size.keyring): a number
    // too large for its field, written as a float, was cast to int.
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    const std::string kp = Keyring::pathForStore(db);
    const auto pristine = nlohmann::json::parse(readFile(kp));
    auto [path, value] = GENERATE(table<std::vector<std::string>, std::string>({
        {{"cipher", "page_size"}, "40777777777777777777777777796"},
        {{"cipher", "kdf_iter"}, "1e300"},
        {{"version"}, "-1"},
        {{"unlock", "failed_attempts"}, "3.5"},
        {{"unlock", "last_failure_ms"}, "9223372036854775807"},
    }));
    CAPTURE(path, value);
    auto j = pristine;
    nlohmann::json* at = &j;
    for (size_t i = 0; i + 1 < path.size(); ++i) at = &(*at)[path[i]];
    (*at)[path.back()] = nlohmann::json::parse(value);
    j.erase("checksum");
    const std::string text = j.dump();
    writeFile(kp, std::vector<uint8_t>(text.begin(), text.end()));
    auto r = Store::open(db, testPassphrase(), testOptions());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::NotAFieldCheckStore);
    CHECK_THAT(r.error().message, Catch::Contains("damaged") && Catch::Contains(path.back()));
}
