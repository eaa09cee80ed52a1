#include "pg_blob_vault.h"

namespace fieldcheck::server {

Result<int64_t> PgBlobVault::appendSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                           int64_t fileOffset, const uint8_t* data, size_t size) {
    FC_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed, sealSegment(name, key, index, plainOffset, data, size));
    Status written = m_conn.transaction([&]() -> Status {
        FC_TRY(m_conn.run("DELETE FROM srv_blob_bytes WHERE name = $1 AND file_offset >= $2", {pg::param(name), pg::param(fileOffset)}));
        return m_conn.run("INSERT INTO srv_blob_bytes(name, file_offset, sealed) VALUES ($1, $2, $3::bytea)",
                          {pg::param(name), pg::param(fileOffset), pg::param("\\x" + toHex(sealed))});
    });
    if (!written.ok()) return written.error();
    return fileOffset + static_cast<int64_t>(sealed.size());
}

Status PgBlobVault::readSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                int64_t fileOffset, int64_t plainSize, std::vector<uint8_t>& out) {
    FC_ASSIGN_OR_RETURN(pg::Rows rows, m_conn.exec("SELECT encode(sealed, 'hex') FROM srv_blob_bytes WHERE name = $1 AND file_offset = $2",
                                                   {pg::param(name), pg::param(fileOffset)}));
    if (rows.empty()) return makeError(ErrorCode::Corrupt, "segment " + std::to_string(index) + " of blob " + name + " is missing");
    FC_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed, fromHex(rows.text(0, 0)));
    if (static_cast<int64_t>(sealed.size()) != plainSize + static_cast<int64_t>(kSegmentOverhead)) {
        return makeError(ErrorCode::Corrupt, "segment " + std::to_string(index) + " of blob " + name + " has the wrong length");
    }
    return openSegment(name, key, index, plainOffset, sealed, out);
}

Status PgBlobVault::remove(const std::string& name) {
    return m_conn.run("DELETE FROM srv_blob_bytes WHERE name = $1", {pg::param(name)});
}

}  // namespace fieldcheck::server
