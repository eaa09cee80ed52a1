// Shared helpers for the Catch2 tests: temporary directories, test passphrases, quick stores, and
// raw (keyed) access to a store's database for tamper tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "database.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::test {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

inline const char* kTestPassphrase = "正风巡检-test-passphrase";
SecretBytes testPassphrase();
SecretBytes passphrase(const std::string& text);

// Store options for tests: the given clock (or the system clock), actor "tester".
StoreOptions testOptions(const Clock* clock = nullptr);
// A new store with the minimum KDF cost, failing the test on error.
std::unique_ptr<Store> createTestStore(const std::string& path, const Clock* clock = nullptr);
std::unique_ptr<Store> openTestStore(const std::string& path, const Clock* clock = nullptr);

// A unit record to hang findings on.
Record createUnit(Store& store, const std::string& code = "MZ001", const std::string& name = "区社会福利院");
nlohmann::json findingFields(const std::string& unitId, const std::string& description);

// Opens the store's SQLCipher database directly with its real key, as an attacker holding the key
// would, bypassing the Store (for tamper tests).
detail::Database openRawKeyed(const std::string& path, const std::string& passphraseText = kTestPassphrase);

std::vector<uint8_t> readFile(const std::string& path);
void writeFile(const std::string& path, const std::vector<uint8_t>& bytes);
bool contains(const std::vector<uint8_t>& haystack, const std::string& needle);
void copyTree(const std::string& from, const std::string& to);

}  // namespace fieldcheck::test
