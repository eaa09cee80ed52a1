#include "test_support.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fieldcheck/core/keyring.h"

namespace fieldcheck::test {

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/fieldcheck-test-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) FAIL("cannot create a temporary directory");
    m_path = buf.data();
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

SecretBytes passphrase(const std::string& text) { return SecretBytes::fromString(text); }
SecretBytes testPassphrase() { return passphrase(kTestPassphrase); }

StoreOptions testOptions(const Clock* clock) {
    StoreOptions o;
    if (clock != nullptr) o.clock = clock;
    o.actor = "tester";
    return o;
}

std::unique_ptr<Store> createTestStore(const std::string& path, const Clock* clock) {
    auto s = Store::create(path, testPassphrase(), KdfParams::minimumForTests(), testOptions(clock));
    if (!s.ok()) FAIL("create store: " << s.error().toString());
    return std::move(s).value();
}

std::unique_ptr<Store> openTestStore(const std::string& path, const Clock* clock) {
    auto s = Store::open(path, testPassphrase(), testOptions(clock));
    if (!s.ok()) FAIL("open store: " << s.error().toString());
    return std::move(s).value();
}

Record createUnit(Store& store, const std::string& code, const std::string& name) {
    auto r = store.createRecord("unit", {{"code", code}, {"name", name}, {"unit_type", "elderly_home"}});
    if (!r.ok()) FAIL("create unit: " << r.error().toString());
    return r.value();
}

nlohmann::json findingFields(const std::string& unitId, const std::string& description) {
    return {{"unit_id", unitId}, {"category", "safety"}, {"source", "visit"}, {"description", description}};
}

detail::Database openRawKeyed(const std::string& path, const std::string& passphraseText) {
    const std::string keyringPath = Keyring::pathForStore(path);
    auto keyring = Keyring::load(keyringPath);
    REQUIRE(keyring.ok());
    auto key = keyring->unlockWithPassphrase(keyringPath, passphrase(passphraseText), SystemClock::instance(), {});
    REQUIRE(key.ok());
    auto db = detail::Database::open(path, false);
    REQUIRE(db.ok());
    REQUIRE(db->applyRawKey(key.value()).ok());
    REQUIRE(db->exec("PRAGMA cipher_page_size = " + std::to_string(keyring->cipher().pageSize)).ok());
    return std::move(db).value();
}

std::vector<uint8_t> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

bool contains(const std::vector<uint8_t>& haystack, const std::string& needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

void copyTree(const std::string& from, const std::string& to) {
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive |
                                        std::filesystem::copy_options::overwrite_existing);
}

}  // namespace fieldcheck::test
