#include <catch2/catch.hpp>

#include "fieldcheck/platform/key_store.h"
#include "key_store_contract.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using platform::FakeKeyStore;

TEST_CASE("the key store fake keeps secrets as a real key store does", "[platform][keystore]") {
    FakeKeyStore store;
    checkKeyStoreContract(store, "fake");
    CHECK(store.calls() > 0);
}

TEST_CASE("the key store fake fails in each of the ways a real one does, and keeps nothing it refused", "[platform][keystore]") {
    FakeKeyStore store;
    REQUIRE(store.write("kept", SecretBytes::fromString("s1")).ok());

    SECTION("no key store on this machine: every call is Unsupported, what was kept stays") {
        store.setFaults({.unavailable = true});
        CHECK(store.read("kept").error().code == ErrorCode::Unsupported);
        CHECK(store.write("new", SecretBytes::fromString("s2")).error().code == ErrorCode::Unsupported);
        CHECK(store.erase("kept").error().code == ErrorCode::Unsupported);
        store.setFaults({});
        CHECK(textOf(store.read("kept").value()) == "s1");
        CHECK_FALSE(store.holds("new"));
    }
    SECTION("the user refuses access: Unauthorized") {
        store.setFaults({.denyAccess = true});
        CHECK(store.read("kept").error().code == ErrorCode::Unauthorized);
        CHECK(store.write("kept", SecretBytes::fromString("s2")).error().code == ErrorCode::Unauthorized);
        store.setFaults({});
        CHECK(textOf(store.read("kept").value()) == "s1");
    }
    SECTION("a failed write keeps nothing and leaves the old secret") {
        store.setFaults({.failWrites = true});
        CHECK(store.write("kept", SecretBytes::fromString("s2")).error().code == ErrorCode::IoError);
        CHECK(store.write("new", SecretBytes::fromString("s3")).error().code == ErrorCode::IoError);
        CHECK(textOf(store.read("kept").value()) == "s1");
        CHECK_FALSE(store.holds("new"));
    }
    SECTION("a failed erase leaves the secret") {
        store.setFaults({.failErases = true});
        CHECK(store.erase("kept").error().code == ErrorCode::IoError);
        CHECK(store.holds("kept"));
    }
    SECTION("a key store that lost its secrets (reset by the system) answers NotFound") {
        store.setFaults({.loseSecrets = true});
        CHECK(store.read("kept").error().code == ErrorCode::NotFound);
    }
}
