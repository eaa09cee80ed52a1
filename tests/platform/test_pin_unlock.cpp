// The app's PIN unlock over the key store (platform/pin_unlock.h), with the fake key store failing
// in each of its ways.
#include <catch2/catch.hpp>

#include "fieldcheck/core/keyring.h"
#include "fieldcheck/platform/key_store.h"
#include "fieldcheck/platform/pin_unlock.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using platform::FakeKeyStore;

namespace {

SecretBytes pin(const char* digits) { return SecretBytes::fromString(digits); }

struct PinStore {
    TempDir dir;
    ManualClock clock{1'700'000'000'000};
    std::string db = dir.file("s.db");
    std::string account;
    FakeKeyStore keyStore;
    PinStore() {
        auto s = createTestStore(db, &clock);
        account = platform::deviceSecretAccount(s->storeId());
    }
    Status enable(const char* digits = "2468") {
        return platform::enablePin(keyStore, db, testPassphrase(), pin(digits), KdfParams::minimumForTests(), testOptions(&clock));
    }
    Result<std::unique_ptr<Store>> open(const char* digits) { return platform::openWithPin(keyStore, db, pin(digits), testOptions(&clock)); }
};

}  // namespace

TEST_CASE("a PIN set through the key store opens the store — the secret lives only in the key store", "[platform][pin]") {
    PinStore p;
    REQUIRE(p.enable().ok());
    CHECK(p.keyStore.holds(p.account));
    CHECK(Store::hasPin(p.db).value());
    REQUIRE(p.open("2468").ok());
    CHECK(Store::open(p.db, testPassphrase(), testOptions(&p.clock)).ok());

    SECTION("turning the PIN off removes the wrapping and the secret") {
        REQUIRE(platform::disablePin(p.keyStore, p.db).ok());
        CHECK_FALSE(Store::hasPin(p.db).value());
        CHECK_FALSE(p.keyStore.holds(p.account));
        auto r = p.open("2468");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::NotFound);
        CHECK_THAT(r.error().message, Catch::Contains("passphrase"));
    }
}

TEST_CASE("without a key store there is no PIN: the errors say to use the passphrase, and nothing is kept elsewhere",
          "[platform][pin]") {
    PinStore p;
    SECTION("setting a PIN where no key store answers sets none") {
        p.keyStore.setFaults({.unavailable = true});
        auto r = p.enable();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Unsupported);
        CHECK_THAT(r.error().message, Catch::Contains("no PIN is set"));
        CHECK_FALSE(Store::hasPin(p.db).value());
    }
    SECTION("a key store that will not keep the secret: no PIN") {
        p.keyStore.setFaults({.failWrites = true});
        REQUIRE_FALSE(p.enable().ok());
        CHECK_FALSE(Store::hasPin(p.db).value());
    }
    SECTION("a key store gone after the PIN was set: Unsupported, the PIN stays for when it is back") {
        REQUIRE(p.enable().ok());
        p.keyStore.setFaults({.unavailable = true});
        auto r = p.open("2468");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Unsupported);
        CHECK_THAT(r.error().message, Catch::Contains("passphrase"));
        CHECK(Store::hasPin(p.db).value());
        p.keyStore.setFaults({});
        CHECK(p.open("2468").ok());
    }
    SECTION("the user refuses the key store: Unauthorized, nothing counted") {
        REQUIRE(p.enable().ok());
        p.keyStore.setFaults({.denyAccess = true});
        CHECK(p.open("2468").error().code == ErrorCode::Unauthorized);
        CHECK(Keyring::load(Keyring::pathForStore(p.db))->failedPinAttempts() == 0);
    }
    SECTION("a key store that lost the secret: the PIN can never work again and is removed") {
        REQUIRE(p.enable().ok());
        p.keyStore.setFaults({.loseSecrets = true});
        auto r = p.open("2468");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::NotFound);
        CHECK_THAT(r.error().message, Catch::Contains("choose a new PIN"));
        CHECK_FALSE(Store::hasPin(p.db).value());
        CHECK(Store::open(p.db, testPassphrase(), testOptions(&p.clock)).ok());
    }
    SECTION("a wrong passphrase when setting the PIN changes nothing, in the keyring or the key store") {
        auto r = platform::enablePin(p.keyStore, p.db, passphrase("not it"), pin("2468"), KdfParams::minimumForTests(), testOptions(&p.clock));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::WrongPassphrase);
        CHECK_FALSE(Store::hasPin(p.db).value());
        CHECK_FALSE(p.keyStore.holds(p.account));
    }
}

TEST_CASE("five wrong PINs in a row erase the PIN wrapping and the key store's secret", "[platform][pin]") {
    PinStore p;
    REQUIRE(p.enable().ok());
    for (int i = 1; i < kMaxPinAttempts; ++i) {
        REQUIRE_FALSE(p.open("0000").ok());
        CHECK(p.keyStore.holds(p.account));
        p.clock.advanceMs(3'600'000);
    }
    auto last = p.open("0000");
    REQUIRE_FALSE(last.ok());
    CHECK_THAT(last.error().message, Catch::Contains("no longer opens"));
    CHECK_FALSE(Store::hasPin(p.db).value());
    CHECK_FALSE(p.keyStore.holds(p.account));
    CHECK(Store::open(p.db, testPassphrase(), testOptions(&p.clock)).ok());
    // A new PIN can be chosen after the passphrase opened the store.
    REQUIRE(p.enable("97531").ok());
    CHECK(p.open("97531").ok());
}
