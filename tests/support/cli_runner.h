// Runs the `fieldcheck` binary the way a script would, for the CLI tests: in its own temporary
// directory, with the store in FIELDCHECK_DB and the passphrase on file descriptor 3 (never in
// argv), capturing exit code, stdout and stderr.
#pragma once

#include <string>

#include "test_support.h"

namespace fieldcheck::test {

struct CliRun {
    int exitCode = -1;
    std::string out;
    std::string err;
    long peakRssKiB = 0;  // the largest resident memory of the run (the shell or what it ran)
};

class CliRunner {
public:
    // `cliPath`: the fieldcheck binary; `passphrase`: written to a file handed over on fd 3.
    CliRunner(std::string cliPath, const std::string& passphrase);
    // Runs `fieldcheck ARGS` (ARGS as shell words); `passFile` overrides the passphrase file.
    CliRun run(const std::string& args, const std::string& passFile = "") const;
    std::string db() const { return m_dir.file("store.db"); }
    std::string file(const std::string& name) const { return m_dir.file(name); }
    // Runs a bash script in the runner's directory with F (the fieldcheck binary), FIELDCHECK_DB and
    // FIELDCHECK_PASSPHRASE_FILE set: for tests with several fieldcheck processes at once.
    CliRun script(const std::string& body) const;
    // Writes a file in the runner's directory (e.g. another passphrase) and returns its path.
    std::string writeFile(const std::string& name, const std::string& content) const;

private:
    TempDir m_dir;
    std::string m_cli;
    std::string m_pass;
};

std::string slurp(const std::string& path);

}  // namespace fieldcheck::test
