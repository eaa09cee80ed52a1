// Crash-safe file primitives used by the keyring and the attachment vault.
//
// atomicWriteFile writes to a temporary name in the same directory, fsyncs it, renames it over
// the target and fsyncs the directory: after a crash the target holds either the old or the new
// bytes, never a mixture. Callers must never pass plaintext secrets or record data here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck {

Status atomicWriteFile(const std::string& path, const std::vector<uint8_t>& bytes);
Status atomicWriteFile(const std::string& path, const std::string& bytes);
Result<std::vector<uint8_t>> readWholeFile(const std::string& path);
bool fileExists(const std::string& path);
// fsync the directory that holds `path`, so a rename or create in it is durable.
Status syncParentDirectory(const std::string& path);
Status ensureDirectory(const std::string& path);

}  // namespace fieldcheck
