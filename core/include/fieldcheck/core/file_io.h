// Crash-safe file primitives used by the keyring and the attachment vault.
//
// A file is written under a temporary name beside its final one (`<final>.tmp-<pid>-<random>`),
// fsynced, renamed over the final name and the directory fsynced: after a crash the final name
// holds either the old or the new bytes, never a mixture.
//
// Several processes and threads may share one store, and a writer can be killed at any moment, so
// a temporary file must be told apart from one a dead writer left behind. The writer holds an
// exclusive flock(2) on its temporary file for as long as it may still rename it; a sweep removes
// only temporary files it can lock itself, i.e. whose writer is gone (flock locks die with their
// process and are per open file, so they also work between threads of one process). Leftovers
// matter: a keyring copy left by a killed write would still open the store with the passphrase it
// was wrapped with, after that passphrase was changed.
//
// Callers must never pass plaintext secrets or record data here.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck {

// A file being written under a locked temporary name until commit() renames it into place.
// Destroying an uncommitted StagedFile removes the temporary file. Move-only; one thread at a time.
class StagedFile {
public:
    // Creates `<finalPath>.tmp-<pid>-<random>` (mode 600) and locks it.
    static Result<StagedFile> create(const std::string& finalPath);
    StagedFile() = default;
    ~StagedFile();
    StagedFile(StagedFile&& other) noexcept;
    StagedFile& operator=(StagedFile&& other) noexcept;
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;

    Status write(const uint8_t* data, size_t size);
    // fsyncs the temporary file: call before commit().
    Status sync();
    // Renames the temporary file over the final name and fsyncs the directory. After a failure
    // the temporary file is removed and the final name is untouched.
    Status commit();
    const std::string& finalPath() const { return m_final; }
    const std::string& tempPath() const { return m_temp; }

private:
    void discard();
    int m_fd = -1;
    std::string m_final;
    std::string m_temp;
};

Status atomicWriteFile(const std::string& path, const std::vector<uint8_t>& bytes);
Status atomicWriteFile(const std::string& path, const std::string& bytes);
Result<std::vector<uint8_t>> readWholeFile(const std::string& path);
bool fileExists(const std::string& path);
// fsync the directory that holds `path`, so a rename or create in it is durable.
Status syncParentDirectory(const std::string& path);
Status ensureDirectory(const std::string& path);

// Whether `name` is a temporary name made by StagedFile for a final name `base…` (any pid).
bool isTemporaryNameOf(const std::string& name, const std::string& basePrefix);

// Removes the temporary files in `directory` whose name `isOurs` accepts and whose writer is gone
// (the file can be locked). Returns the names removed. Files of live writers are left alone.
Result<std::vector<std::string>> sweepStaleTemporaries(const std::string& directory,
                                                       const std::function<bool(const std::string&)>& isOurs);

}  // namespace fieldcheck
