// The command line's argument parsing lives in platform/ (fieldcheck-server shares it).
#pragma once

#include "fieldcheck/platform/args.h"

namespace fieldcheck::cli {
using platform::Args;
using platform::parseArgs;
using platform::parseInt;
}  // namespace fieldcheck::cli
