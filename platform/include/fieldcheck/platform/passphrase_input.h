// Where a passphrase comes from on a desktop or server: never from argv.
//
// - an interactive prompt on the controlling terminal, with echo off;
// - a file descriptor the caller opened (`--passphrase-fd N`), read to EOF or first newline;
// - a file (`FIELDCHECK_PASSPHRASE_FILE`), which must not be readable by group or others.
// The result is SecretBytes (locked memory, wiped on release); one trailing newline is removed.
#pragma once

#include <string>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/result.h"
#include "fieldcheck/platform/args.h"

namespace fieldcheck::platform {

Result<SecretBytes> readPassphraseFromFd(int fd);
Result<SecretBytes> readPassphraseFromFile(const std::string& path);
// Fails with Unsupported when there is no terminal to ask on.
Result<SecretBytes> promptPassphrase(const std::string& prompt);

// The one rule every program follows for a secret: from the file descriptor in option `fdOption`
// when given (`--passphrase-fd 3`), else from the file named by the environment variable `envFile`
// when it is set (pass nullptr for secrets that have none, such as account passwords), else from a
// prompt. Never from argv.
Result<SecretBytes> readSecret(const Args& args, const std::string& fdOption, const char* envFile,
                               const std::string& prompt);

}  // namespace fieldcheck::platform
