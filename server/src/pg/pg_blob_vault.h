// Blob segments on PostgreSQL (blob_vault.h): each sealed segment is a row of srv_blob_bytes, keyed
// by the blob's random name and where the segment starts, so that every server process reads what
// any of them received. A segment is written (and committed) before the row of srv_blob_segments
// that counts it, as the file vault fsyncs before; rows past the committed length are leftovers of
// an upload that never committed and are removed by the next append.
#pragma once

#include "blob_vault.h"
#include "pg.h"

namespace fieldcheck::server {

class PgBlobVault final : public BlobVault {
public:
    explicit PgBlobVault(pg::Connection& conn) : m_conn(conn) {}
    Result<int64_t> appendSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                  int64_t fileOffset, const uint8_t* data, size_t size) override;
    Status readSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                       int64_t fileOffset, int64_t plainSize, std::vector<uint8_t>& out) override;
    Status remove(const std::string& name) override;

private:
    pg::Connection& m_conn;
};

}  // namespace fieldcheck::server
