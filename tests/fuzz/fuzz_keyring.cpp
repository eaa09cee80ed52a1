// libFuzzer target: a keyring file (<db>.keyring) as read at every unlock — bytes from a disk that
// may be damaged or edited. Parsing and every reader of a parsed keyring must fail cleanly.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fieldcheck/core/clock.h"
#include "fieldcheck/core/keyring.h"

using namespace fieldcheck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<uint8_t> bytes(data, data + size);
    auto keyring = Keyring::parse(bytes, "fuzzed.keyring");
    if (!keyring.ok()) return 0;
    (void)keyring->hasPassphrase();
    (void)keyring->hasPin();
    (void)keyring->failedPinAttempts();
    // Unwrapping runs Argon2id with the cost the file names: only try cheap ones.
    auto cheap = [](const KdfParams& kdf) { return kdf.opsLimit <= 3 && kdf.memLimitBytes <= (1u << 20); };
    UnlockPolicy policy;
    policy.freeAttempts = 1 << 30;
    ManualClock clock(1'780'000'000'000);
    // A wrong guess counts the attempt in the keyring file: a scratch one of this process.
    static const std::string scratch = [] {
        const char* tmp = std::getenv("TMPDIR");
        return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/fieldcheck-fuzz-" + std::to_string(::getpid()) + ".keyring";
    }();
    if (cheap(keyring->passphraseKdf())) {
        (void)keyring->unlockWithPassphrase(scratch, SecretBytes::fromString("guess"), clock, policy);
    }
    if (cheap(keyring->pinKdf())) {
        (void)keyring->unlockWithPin(scratch, SecretBytes::fromString("2468"), SecretBytes(kDeviceSecretSize), clock, policy);
    }
    std::remove(scratch.c_str());
    return 0;
}
