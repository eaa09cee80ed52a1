// Hooks into the Store for benchmarks and fixture generation only. Not installed, not part of the
// public API: production code never includes this header.
#pragma once

#include <memory>
#include <string>

#include "fieldcheck/core/store.h"

namespace fieldcheck::detail {

struct CreateSpec {
    bool encrypted = true;      // false: plain SQLite, for the encrypted-vs-plain benchmark only
    int schemaVersion = -1;     // -1: current; lower: stop there (to make fixtures of old versions)
};

Result<std::unique_ptr<Store>> createStore(const std::string& path, const SecretBytes& passphrase,
                                           const KdfParams& kdf, StoreOptions options,
                                           const CreateSpec& spec);

// Opens a plain store made with encrypted=false (benchmarks only).
Result<std::unique_ptr<Store>> openUnencryptedStore(const std::string& path, StoreOptions options);

}  // namespace fieldcheck::detail
