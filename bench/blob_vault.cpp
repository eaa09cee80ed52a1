#include "blob_vault.h"

#include "bench_support.h"
#include "fieldcheck/core/crypto.h"
#include "store_like_database.h"

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
    detail::Database db = openStoreLikeDatabase(path, encrypted);
    must(db.exec(kSchema), "blob vault: schema");
    checkEncryptedOnDisk(db, path, encrypted);
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
