// The PIN wrapping of the keyring (keyring.h, "pin"): a short PIN plus the device secret of the
// platform key store opens the store; the passphrase always does; five wrong PINs in a row erase
// the PIN wrapping.
#include <catch2/catch.hpp>

#include <functional>

#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/keyring.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

SecretBytes pin(const char* digits) { return SecretBytes::fromString(digits); }

std::string keyringText(const std::string& db) {
    const auto bytes = readFile(Keyring::pathForStore(db));
    return std::string(bytes.begin(), bytes.end());
}

// A store with one finding and the PIN 2468 set with `secret`.
std::string storeWithPin(TempDir& dir, const SecretBytes& secret, ManualClock* clock, std::string* findingId = nullptr) {
    const std::string db = dir.file("s.db");
    {
        auto s = createTestStore(db, clock);
        auto u = createUnit(*s);
        auto f = s->createRecord("finding", findingFields(u.id, "食堂账目不清"));
        REQUIRE(f.ok());
        if (findingId != nullptr) *findingId = f->id;
    }
    REQUIRE(Store::setPin(db, testPassphrase(), pin("2468"), secret, KdfParams::minimumForTests(), testOptions(clock)).ok());
    return db;
}

}  // namespace

TEST_CASE("a PIN with the device secret opens the store — the passphrase still does — the database is untouched", "[core][keyring][pin]") {
    TempDir dir;
    ManualClock clock(1'700'000'000'000);
    const SecretBytes secret = SecretBytes::random(kDeviceSecretSize);
    std::string findingId;
    const std::string db = dir.file("s.db");
    {
        auto s = createTestStore(db, &clock);
        findingId = s->createRecord("finding", findingFields(createUnit(*s).id, "食堂账目不清"))->id;
        REQUIRE(s->checkpoint().ok());
    }
    const auto dbBefore = readFile(db);
    CHECK_FALSE(Store::hasPin(db).value());
    REQUIRE(Store::setPin(db, testPassphrase(), pin("2468"), secret, KdfParams::minimumForTests(), testOptions(&clock)).ok());
    CHECK(readFile(db) == dbBefore);
    CHECK(Store::hasPin(db).value());

    {
        auto s = Store::openWithPin(db, pin("2468"), secret, testOptions(&clock));
        REQUIRE(s.ok());
        CHECK(s.value()->getRecord("finding", findingId)->fields["description"] == "食堂账目不清");
    }
    REQUIRE(Store::open(db, testPassphrase(), testOptions(&clock)).ok());

    SECTION("changing the passphrase leaves the PIN working (the database key is the same)") {
        REQUIRE(Store::changePassphrase(db, testPassphrase(), passphrase("新口令"), KdfParams::minimumForTests(), testOptions(&clock)).ok());
        CHECK(Store::openWithPin(db, pin("2468"), secret, testOptions(&clock)).ok());
    }
    SECTION("removing the PIN leaves only the passphrase") {
        REQUIRE(Store::removePin(db).ok());
        CHECK_FALSE(Store::hasPin(db).value());
        auto r = Store::openWithPin(db, pin("2468"), secret, testOptions(&clock));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::NotFound);
        CHECK_THAT(r.error().message, Catch::Contains("passphrase"));
        CHECK(Store::open(db, testPassphrase(), testOptions(&clock)).ok());
        CHECK(Store::removePin(db).ok());  // nothing left to remove: still fine
    }
    SECTION("a new PIN replaces the old one") {
        REQUIRE(Store::setPin(db, testPassphrase(), pin("135790"), secret, KdfParams::minimumForTests(), testOptions(&clock)).ok());
        CHECK(Store::openWithPin(db, pin("135790"), secret, testOptions(&clock)).ok());
        CHECK(Store::openWithPin(db, pin("2468"), secret, testOptions(&clock)).error().code == ErrorCode::WrongPassphrase);
    }
}

TEST_CASE("the PIN alone is not enough: without the key store's device secret it opens nothing", "[core][keyring][pin]") {
    TempDir dir;
    ManualClock clock(1'700'000'000'000);
    const SecretBytes secret = SecretBytes::random(kDeviceSecretSize);
    const std::string db = storeWithPin(dir, secret, &clock);
    // Whoever copied the files has the keyring and may even know the PIN, but not the secret.
    auto other = Store::openWithPin(db, pin("2468"), SecretBytes::random(kDeviceSecretSize), testOptions(&clock));
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == ErrorCode::WrongPassphrase);
    auto shortSecret = Store::openWithPin(db, pin("2468"), SecretBytes::random(16), testOptions(&clock));
    REQUIRE_FALSE(shortSecret.ok());
    CHECK(shortSecret.error().code == ErrorCode::InvalidArgument);
    // The keyring file holds neither the PIN (as any value: its hex strings may contain the digits
    // by chance) nor the secret.
    const std::string keyring = keyringText(db);
    std::function<void(const nlohmann::json&)> noPin = [&](const nlohmann::json& j) {
        if (j.is_string()) CHECK(j.get<std::string>() != "2468");
        if (j.is_number()) CHECK(j.dump() != "2468");
        if (j.is_structured()) {
            for (const auto& item : j) noPin(item);
        }
    };
    noPin(nlohmann::json::parse(keyring));
    CHECK(keyring.find(toHex(secret.data(), secret.size())) == std::string::npos);
}

TEST_CASE("a PIN must be 4 to 12 digits, and setting one needs the passphrase", "[core][keyring][pin]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); }
    const SecretBytes secret = SecretBytes::random(kDeviceSecretSize);
    for (const char* bad : {"", "123", "1234567890123", "12a4", "１２３４"}) {
        CAPTURE(bad);
        auto r = Store::setPin(db, testPassphrase(), pin(bad), secret, KdfParams::minimumForTests(), testOptions());
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK_THAT(r.error().message, Catch::Contains("4 to 12 digits"));
    }
    CHECK(Store::setPin(db, passphrase("not it"), pin("2468"), secret, KdfParams::minimumForTests(), testOptions()).error().code ==
          ErrorCode::WrongPassphrase);
    CHECK_FALSE(Store::hasPin(db).value());
}

TEST_CASE("wrong PINs are counted with a growing delay — the fifth in a row erases the PIN and only the passphrase opens the store",
          "[core][keyring][pin]") {
    TempDir dir;
    ManualClock clock(1'700'000'000'000);
    const SecretBytes secret = SecretBytes::random(kDeviceSecretSize);
    std::string findingId;
    const std::string db = storeWithPin(dir, secret, &clock, &findingId);
    StoreOptions opts = testOptions(&clock);
    opts.unlockPolicy.freeAttempts = 2;
    opts.unlockPolicy.baseDelayMs = 1000;

    for (int i = 1; i <= 4; ++i) {
        CAPTURE(i);
        auto r = Store::openWithPin(db, pin(i == 2 ? "12" : "1111"), secret, opts);  // a malformed PIN counts too
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::WrongPassphrase);
        CHECK_THAT(r.error().message, Catch::Contains(std::to_string(i) + " of 5 attempts"));
        CHECK(Keyring::load(Keyring::pathForStore(db))->failedPinAttempts() == i);
        if (i > 2) {  // more failures than the two free ones
            // The delay holds the right PIN back too, and waiting does not reset the count.
            auto locked = Store::openWithPin(db, pin("2468"), secret, opts);
            REQUIRE_FALSE(locked.ok());
            CHECK(locked.error().code == ErrorCode::Locked);
        }
        clock.advanceMs(60'000);
    }
    // The passphrase count is apart: the PIN's failures did not touch it.
    CHECK(Keyring::load(Keyring::pathForStore(db))->failedAttempts() == 0);

    auto fifth = Store::openWithPin(db, pin("9999"), secret, opts);
    REQUIRE_FALSE(fifth.ok());
    CHECK(fifth.error().code == ErrorCode::WrongPassphrase);
    CHECK_THAT(fifth.error().message, Catch::Contains("no longer opens") && Catch::Contains("passphrase"));
    CHECK_FALSE(Store::hasPin(db).value());
    // Erased for good: the right PIN no longer helps, after any wait.
    clock.advanceMs(3'600'000);
    auto right = Store::openWithPin(db, pin("2468"), secret, opts);
    REQUIRE_FALSE(right.ok());
    CHECK(right.error().code == ErrorCode::NotFound);
    CHECK(keyringText(db).find("\"pin\"") == std::string::npos);
    auto s = Store::open(db, testPassphrase(), opts);
    REQUIRE(s.ok());
    CHECK(s.value()->getRecord("finding", findingId).ok());
}

TEST_CASE("the right PIN resets the count of wrong ones", "[core][keyring][pin]") {
    TempDir dir;
    ManualClock clock(1'700'000'000'000);
    const SecretBytes secret = SecretBytes::random(kDeviceSecretSize);
    const std::string db = storeWithPin(dir, secret, &clock);
    StoreOptions opts = testOptions(&clock);
    for (int i = 0; i < 4; ++i) {
        REQUIRE_FALSE(Store::openWithPin(db, pin("0000"), secret, opts).ok());
        clock.advanceMs(3'600'000);
    }
    REQUIRE(Store::openWithPin(db, pin("2468"), secret, opts).ok());
    CHECK(Keyring::load(Keyring::pathForStore(db))->failedPinAttempts() == 0);
    REQUIRE_FALSE(Store::openWithPin(db, pin("0000"), secret, opts).ok());
    CHECK(Store::hasPin(db).value());  // one wrong after the reset, not the fifth
}
