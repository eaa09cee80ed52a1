// The attachment design the store did not choose, built only to measure it: photos kept as BLOBs
// in a table of a SQLCipher database, instead of files sealed with libsodium secretstream.
//
// It is keyed and configured exactly like a FieldCheck store (store_like_database.h: random raw
// 256-bit key, the store's cipher settings, WAL, synchronous=FULL) and goes through core's own
// Database wrapper. With `encrypted == false` it is the same table in plain
// SQLite, which separates what SQLite's page storage costs from what the cipher costs.
//
// Each put() is one durable transaction holding the photo and its metadata row, like
// Store::attach(); unlike attach() it writes no audit or outbox entry (a few hundred bytes, noise
// next to 2 MiB). get() verifies the SHA-256 recorded at put(), like Store::readAttachment().
// Every failure throws BenchError.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "database.h"

namespace fieldcheck::bench {

class BlobVault {
public:
    static BlobVault create(const std::string& path, bool encrypted);

    void put(const std::string& id, const std::vector<uint8_t>& bytes);
    std::vector<uint8_t> get(const std::string& id);
    // The database, its WAL and shared-memory file: what to evict before a cold read.
    std::vector<std::string> files() const;
    void close();

private:
    BlobVault(std::string path, detail::Database db) : m_path(std::move(path)), m_db(std::move(db)) {}

    std::string m_path;
    detail::Database m_db;
};

}  // namespace fieldcheck::bench
