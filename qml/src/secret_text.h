// Text a person typed that is a secret (passphrase, PIN, the server password at enrolment), moved
// out of Qt's strings as early as possible.
#pragma once

#include <QString>
#include <memory>

#include "fieldcheck/core/crypto.h"

namespace fieldcheck::ui {

// Copies `text` as UTF-8 into locked memory (SecretBytes, wiped on release) and zeroes the
// temporary UTF-8 bytes. The QString itself belongs to the caller (often QML's JavaScript heap)
// and cannot be wiped from here: callers clear their fields right after.
std::shared_ptr<const fieldcheck::SecretBytes> toSecret(const QString& text);

}  // namespace fieldcheck::ui
