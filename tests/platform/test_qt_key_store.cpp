// The desktop key store (QtKeychain) against a real Secret Service: gnome-keyring-daemon in a
// private D-Bus session with HOME in a fresh directory, both started by with_secret_service.sh
// (tests/platform/CMakeLists.txt runs this binary through it). "[no-key-store]" runs without any
// D-Bus session.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "key_store_contract.h"
#include "qt_key_store.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

std::string testHome() {
    const char* home = std::getenv("FIELDCHECK_TEST_HOME");
    REQUIRE(home != nullptr);  // set by with_secret_service.sh; never the real home
    return home;
}

// Every file under `dir` whose bytes contain `needle`.
std::vector<std::string> filesContaining(const std::string& dir, const std::string& needle) {
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (bytes.find(needle) != std::string::npos) found.push_back(e.path().string());
    }
    return found;
}

size_t fileCount(const std::string& dir) {
    size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("the Secret Service keeps the device secret as the contract says", "[secret-service]") {
    platform::QtKeyStore store("FieldCheck-test");
    CHECK(store.name() == "Secret Service");
    checkKeyStoreContract(store, "contract");
}

TEST_CASE("a secret in the Secret Service outlives the object that wrote it, and is nowhere in plaintext on disk", "[secret-service]") {
    const std::string canary = "fieldcheck-canary-7f3c9e21-device-secret";
    {
        platform::QtKeyStore writer("FieldCheck-test");
        REQUIRE(writer.write("persist/device-secret", SecretBytes::fromString(canary)).ok());
    }
    platform::QtKeyStore reader("FieldCheck-test");
    auto got = reader.read("persist/device-secret");
    REQUIRE(got.ok());
    CHECK(textOf(got.value()) == canary);
    // The keyring file is written (the daemon keeps it under the test's HOME), but encrypted.
    CHECK(fileCount(testHome()) > 0);
    CHECK(filesContaining(testHome(), canary).empty());
    REQUIRE(reader.erase("persist/device-secret").ok());
}

TEST_CASE("without a key store every call says so, and no secret falls back into a file", "[no-key-store]") {
    platform::QtKeyStore store("FieldCheck-test");
    const std::string canary = "fieldcheck-canary-0b5d-no-key-store";
    auto written = store.write("none/device-secret", SecretBytes::fromString(canary));
    REQUIRE_FALSE(written.ok());
    INFO(written.error().toString());
    CHECK(written.error().code == ErrorCode::Unsupported);
    auto read = store.read("none/device-secret");
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::Unsupported);
    // QtKeychain's plaintext fallback (a settings file) is off: nothing under HOME holds it.
    CHECK(filesContaining(testHome(), canary).empty());
}
