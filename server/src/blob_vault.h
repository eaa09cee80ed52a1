// Photos and documents at rest on the server (docs/sync-protocol.md, "Photos and documents"): each
// blob is a run of encrypted segments under a random name that says nothing of its content (never
// its hash): a file in <db>.blobs/ on the embedded storage (FileBlobVault), rows of srv_blob_bytes
// on PostgreSQL (PgBlobVault, pg/pg_blob_vault.h), where every server process reaches them. A
// segment is what one upload request carried, sealed on arrival with the blob's own key
// (XChaCha20-Poly1305; the key lives only in the database's srv_blobs):
//
//   [24-byte nonce][ciphertext: the plain bytes + 16-byte tag]
//
// The tag binds each segment to its blob, its index and its plain offset, so segments cannot be
// swapped, reordered or moved between blobs unnoticed. Where each segment starts is the database's
// to record (one row per segment, committed after the bytes are fsynced): bytes past the recorded
// end are the leftovers of a write that never committed (a kill mid-upload) and are cut off before
// the next segment is written. Memory stays bounded by one segment whatever the blob's size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck::server {

constexpr size_t kBlobKeySize = 32;
constexpr size_t kSegmentOverhead = 24 + 16;  // nonce + tag

// A segment sealed for blob `name` as segment `index` at plain offset `plainOffset`.
Result<std::vector<uint8_t>> sealSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                         const uint8_t* data, size_t size);
// The plain bytes of a sealed segment; Corrupt when it fails authentication.
Status openSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                   const std::vector<uint8_t>& sealed, std::vector<uint8_t>& out);

class BlobVault {
public:
    virtual ~BlobVault() = default;
    // A fresh random name for a new blob.
    static std::string newName();

    // Seals `size` plain bytes as segment `index` (plain offset `plainOffset`) and writes it at
    // `fileOffset`, the blob's committed length (anything after it is cut first), durably.
    // Returns the blob's new length.
    virtual Result<int64_t> appendSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                          int64_t fileOffset, const uint8_t* data, size_t size) = 0;
    // Opens segment `index` of `plainSize` bytes written at `fileOffset` into `out`. Corrupt when
    // it fails authentication (altered, moved, or from another blob) or is cut short.
    virtual Status readSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                               int64_t fileOffset, int64_t plainSize, std::vector<uint8_t>& out) = 0;
    // Removes a blob (a failed upload, or one that did not match its hash). Missing is fine.
    virtual Status remove(const std::string& name) = 0;
};

// One file per blob in a directory (<db>.blobs/), fsynced before its row commits.
class FileBlobVault final : public BlobVault {
public:
    explicit FileBlobVault(std::string directory) : m_dir(std::move(directory)) {}
    const std::string& directory() const { return m_dir; }
    Status ensureDirectory() const;
    Result<int64_t> appendSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                  int64_t fileOffset, const uint8_t* data, size_t size) override;
    Status readSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                       int64_t fileOffset, int64_t plainSize, std::vector<uint8_t>& out) override;
    Status remove(const std::string& name) override;
    // The sealed bytes of a segment as they are on disk (moving blobs to PostgreSQL).
    Result<std::vector<uint8_t>> readSealed(const std::string& name, int64_t fileOffset, int64_t sealedSize);
    std::string pathOf(const std::string& name) const { return m_dir + "/" + name + ".blob"; }

private:
    std::string m_dir;
};

}  // namespace fieldcheck::server
