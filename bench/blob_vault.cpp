#include "blob_vault.h"

#include <fstream>

#include "bench_support.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/keyring.h"

namespace fieldcheck::bench {

namespace {

constexpr const char* kSchema = R"SQL(
CREATE TABLE attachment_blobs (
  id          TEXT PRIMARY KEY,
  record_type TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  captured_ms INTEGER NOT NULL,
  bytes       BLOB NOT NULL
);
)SQL";

}  // namespace

BlobVault BlobVault::create(const std::string& path, bool encrypted) {
    detail::Database db = must(detail::Database::open(path, true), "blob vault: open '" + path + "'");
    if (encrypted) {
        // What Store::create does: a random raw key, then the store's cipher settings.
        must(db.applyRawKey(SecretBytes::random(kDatabaseKeySize)), "blob vault: key");
        const CipherSettings c;
        must(db.exec("PRAGMA cipher_page_size = " + std::to_string(c.pageSize)), "blob vault: page size");
        must(db.exec(std::string("PRAGMA cipher_use_hmac = ") + (c.useHmac ? "ON" : "OFF")), "blob vault: hmac");
        must(db.exec("PRAGMA kdf_iter = " + std::to_string(c.kdfIter)), "blob vault: kdf_iter");
        must(db.exec("PRAGMA fast_kdf_iter = " + std::to_string(c.fastKdfIter)), "blob vault: fast_kdf_iter");
    }
    // The store's connection settings (store.cpp, applyConnectionSettings).
    check(must(db.queryText("PRAGMA journal_mode = WAL"), "blob vault: WAL") == "wal", "blob vault: WAL refused");
    must(db.exec("PRAGMA synchronous = FULL"), "blob vault: synchronous");
    must(db.exec("PRAGMA temp_store = MEMORY"), "blob vault: temp_store");
    must(db.exec(kSchema), "blob vault: schema");
    // Move the schema into the main file, then prove it is (or is not) encrypted: plain SQLite
    // files start with the magic string "SQLite format 3".
    must(db.queryInt("PRAGMA wal_checkpoint(TRUNCATE)"), "blob vault: checkpoint");
    char head[16] = {};
    std::ifstream(path, std::ios::binary).read(head, sizeof head);
    const bool plainHeader = std::string(head, sizeof head - 1) == "SQLite format 3";
    check(plainHeader != encrypted, "blob vault: '" + path + "' is not " + (encrypted ? "encrypted" : "plain SQLite"));
    return BlobVault(path, std::move(db));
}

void BlobVault::put(const std::string& id, const std::vector<uint8_t>& bytes) {
    const std::string sha = sha256Hex(bytes.data(), bytes.size());
    must(m_db.exec("BEGIN IMMEDIATE"), "blob vault: begin");
    auto ins = must(m_db.prepare("INSERT INTO attachment_blobs(id, record_type, record_id, media_type, size_bytes, "
                                 "sha256, captured_ms, bytes) VALUES (?,?,?,?,?,?,?,?)"),
                    "blob vault: prepare insert");
    ins.bind(1, id).bind(2, std::string_view("finding")).bind(3, id).bind(4, std::string_view("image/jpeg"));
    ins.bind(5, static_cast<int64_t>(bytes.size())).bind(6, sha).bind(7, int64_t{0});
    ins.bindBlob(8, bytes.data(), bytes.size());
    Status st = ins.run();
    if (st.ok()) st = m_db.exec("COMMIT");
    if (!st.ok()) {
        (void)m_db.exec("ROLLBACK");
        must(st, "blob vault: insert '" + id + "'");
    }
}

std::vector<uint8_t> BlobVault::get(const std::string& id) {
    auto sel = must(m_db.prepare("SELECT sha256, bytes FROM attachment_blobs WHERE id = ?"), "blob vault: prepare select");
    sel.bind(1, id);
    check(must(sel.step(), "blob vault: select '" + id + "'"), "blob vault: no blob '" + id + "'");
    const std::string sha = sel.text(0);
    std::vector<uint8_t> bytes = sel.blob(1);
    check(sha256Hex(bytes.data(), bytes.size()) == sha, "blob vault: '" + id + "' does not match its SHA-256");
    return bytes;
}

std::vector<std::string> BlobVault::files() const { return {m_path, m_path + "-wal", m_path + "-shm"}; }

void BlobVault::close() { m_db.close(); }

}  // namespace fieldcheck::bench
