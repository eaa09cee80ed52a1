// What every KeyStore must do, checked against the fake and against each real key store the
// machine has (test_fake_key_store.cpp, test_qt_key_store.cpp). `prefix` keeps runs apart.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "fieldcheck/platform/key_store.h"

namespace fieldcheck::test {

inline std::string textOf(const SecretBytes& s) { return std::string(reinterpret_cast<const char*>(s.data()), s.size()); }

inline void checkKeyStoreContract(platform::KeyStore& store, const std::string& prefix) {
    const std::string a = prefix + "/device-secret-a", b = prefix + "/device-secret-b";
    INFO(store.name());

    // Nothing kept yet: NotFound, not an empty secret.
    auto missing = store.read(a);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);

    // Binary secrets come back byte for byte (NUL and 0xff included).
    std::string bytes = std::string("\0\x01\xff", 3) + "秘密" + std::string(27, '\x7f');
    REQUIRE(store.write(a, SecretBytes::fromString(bytes)).ok());
    auto got = store.read(a);
    REQUIRE(got.ok());
    CHECK(textOf(got.value()) == bytes);

    // A second account is apart from the first.
    REQUIRE(store.write(b, SecretBytes::fromString("other")).ok());
    CHECK(textOf(store.read(a).value()) == bytes);
    CHECK(textOf(store.read(b).value()) == "other");

    // Writing again replaces.
    REQUIRE(store.write(a, SecretBytes::fromString("replaced")).ok());
    CHECK(textOf(store.read(a).value()) == "replaced");

    // Erasing removes one account only; erasing what is not there succeeds.
    REQUIRE(store.erase(a).ok());
    auto gone = store.read(a);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == ErrorCode::NotFound);
    CHECK(textOf(store.read(b).value()) == "other");
    CHECK(store.erase(a).ok());
    REQUIRE(store.erase(b).ok());
}

}  // namespace fieldcheck::test
