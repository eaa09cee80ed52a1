// The `fieldcheck` command line: a headless client on the core, for scripting and the office.
#pragma once

#include <iosfwd>

namespace fieldcheck::cli {

// Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage, 3 audit problems).
// Results go to `out`, errors to `err`.
int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace fieldcheck::cli
