#include "cli_runner.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>

namespace fieldcheck::test {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

CliRunner::CliRunner(std::string cliPath, const std::string& passphrase) : m_cli(std::move(cliPath)) {
    m_pass = writeFile("pass", passphrase + "\n");
}

namespace {

// Runs `command` with /bin/sh; its exit code (-1 when killed) and the peak resident memory of the
// shell and everything it ran (wait4's rusage covers the waited-for descendants too).
std::pair<int, long> runShell(const std::string& command) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (pid < 0) return {-1, 0};
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

}  // namespace

std::string CliRunner::writeFile(const std::string& name, const std::string& content) const {
    const std::string path = m_dir.file(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

CliRun CliRunner::run(const std::string& args, const std::string& passFile) const {
    const std::string pf = passFile.empty() ? m_pass : passFile;
    const std::string cmd = "cd '" + m_dir.path() + "' && FIELDCHECK_DB='" + db() + "' '" + m_cli + "' " + args +
                            " --passphrase-fd 3 3<'" + pf + "' >out.txt 2>err.txt";
    CliRun r;
    std::tie(r.exitCode, r.peakRssKiB) = runShell(cmd);
    r.out = slurp(m_dir.file("out.txt"));
    r.err = slurp(m_dir.file("err.txt"));
    return r;
}

CliRun CliRunner::script(const std::string& body) const {
    const std::string path = writeFile("script.sh", body);
    const std::string cmd = "cd '" + m_dir.path() + "' && chmod 600 '" + m_pass + "' && F='" + m_cli + "' FIELDCHECK_DB='" +
                            db() + "' FIELDCHECK_PASSPHRASE_FILE='" + m_pass + "' bash '" + path +
                            "' >script-out.txt 2>script-err.txt";
    CliRun r;
    std::tie(r.exitCode, r.peakRssKiB) = runShell(cmd);
    r.out = slurp(m_dir.file("script-out.txt"));
    r.err = slurp(m_dir.file("script-err.txt"));
    return r;
}

}  // namespace fieldcheck::test
