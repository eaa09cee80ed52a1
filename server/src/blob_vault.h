// Photos and documents at rest on the server (docs/sync-protocol.md, "Photos and documents"): each
// blob is one file of encrypted segments, under a random name that says nothing of its content
// (never its hash). A segment is what one upload request carried, sealed on arrival with the blob's
// own key (XChaCha20-Poly1305; the key lives only in the encrypted database):
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

class BlobVault {
public:
    explicit BlobVault(std::string directory) : m_dir(std::move(directory)) {}
    const std::string& directory() const { return m_dir; }
    Status ensureDirectory() const;

    // A fresh random file name for a new blob.
    static std::string newName();

    // Seals `size` plain bytes as segment `index` (plain offset `plainOffset`) and writes it at
    // `fileOffset`, the blob file's committed length (anything after it is cut first), then
    // fsyncs. Returns the file's new length.
    Result<int64_t> appendSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                                  int64_t fileOffset, const uint8_t* data, size_t size) const;
    // Opens segment `index` of `plainSize` bytes written at `fileOffset` into `out`. Corrupt when
    // it fails authentication (altered, moved, or from another blob) or is cut short.
    Status readSegment(const std::string& name, const SecretBytes& key, int64_t index, int64_t plainOffset,
                       int64_t fileOffset, int64_t plainSize, std::vector<uint8_t>& out) const;
    // Removes a blob's file (a failed upload, or one that did not match its hash). Missing is fine.
    Status remove(const std::string& name) const;
    std::string pathOf(const std::string& name) const { return m_dir + "/" + name + ".blob"; }

private:
    std::string m_dir;
};

}  // namespace fieldcheck::server
