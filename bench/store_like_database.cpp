#include "store_like_database.h"

#include <fstream>

#include "bench_support.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/keyring.h"

namespace fieldcheck::bench {

detail::Database openStoreLikeDatabase(const std::string& path, bool encrypted) {
    detail::Database db = must(detail::Database::open(path, true), "open '" + path + "'");
    if (encrypted) {
        must(db.applyRawKey(SecretBytes::random(kDatabaseKeySize)), "key '" + path + "'");
        const CipherSettings c;
        must(db.exec("PRAGMA cipher_page_size = " + std::to_string(c.pageSize)), "cipher_page_size");
        must(db.exec(std::string("PRAGMA cipher_use_hmac = ") + (c.useHmac ? "ON" : "OFF")), "cipher_use_hmac");
        must(db.exec("PRAGMA kdf_iter = " + std::to_string(c.kdfIter)), "kdf_iter");
        must(db.exec("PRAGMA fast_kdf_iter = " + std::to_string(c.fastKdfIter)), "fast_kdf_iter");
    }
    check(must(db.queryText("PRAGMA journal_mode = WAL"), "journal_mode") == "wal", "'" + path + "': WAL refused");
    must(db.exec("PRAGMA synchronous = FULL"), "synchronous");
    must(db.exec("PRAGMA foreign_keys = ON"), "foreign_keys");
    must(db.exec("PRAGMA temp_store = MEMORY"), "temp_store");
    return db;
}

void checkEncryptedOnDisk(detail::Database& db, const std::string& path, bool encrypted) {
    must(db.queryInt("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint '" + path + "'");
    char head[16] = {};
    std::ifstream(path, std::ios::binary).read(head, sizeof head);
    const bool plainHeader = std::string(head, sizeof head - 1) == "SQLite format 3";
    check(plainHeader != encrypted, "'" + path + "' is not " + (encrypted ? "encrypted" : "plain SQLite"));
}

}  // namespace fieldcheck::bench
