#include "password.h"

#include <sodium.h>

namespace fieldcheck::server {

Result<std::string> hashPassword(const SecretBytes& password) {
    if (password.empty()) return makeError(ErrorCode::InvalidArgument, "the password is empty");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, reinterpret_cast<const char*>(password.data()), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return makeError(ErrorCode::Internal, "out of memory while hashing the password");
    }
    return std::string(out);
}

bool verifyPassword(const std::string& hash, const std::string& password) {
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace fieldcheck::server
