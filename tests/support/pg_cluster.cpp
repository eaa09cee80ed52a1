#include "pg_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace fieldcheck::test {

namespace fs = std::filesystem;

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The account PostgreSQL's programs run as: the postgres user when we are root, else ourselves.
struct RunAs {
    bool switchUser = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

Result<RunAs> runAs() {
    RunAs r;
    if (::geteuid() != 0) return r;
    struct passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) {
        return makeError(ErrorCode::NotFound, "running as root, and there is no 'postgres' user to run PostgreSQL as "
                                              "(install the postgresql package: scripts/setup.sh)");
    }
    r.switchUser = true;
    r.uid = pw->pw_uid;
    r.gid = pw->pw_gid;
    return r;
}

// Runs `argv` as `as`, stdout and stderr to `outputPath`, stdin from /dev/null; its exit code.
Result<int> run(const std::vector<std::string>& argv, const RunAs& as, const std::string& outputPath) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) return makeError(ErrorCode::IoError, "cannot start " + argv[0]);
    if (pid == 0) {
        const int out = ::open(outputPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (out < 0 || in < 0) ::_exit(126);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(out, 2);
        if (as.switchUser) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(as.gid) != 0 || ::setuid(as.uid) != 0) ::_exit(126);
        }
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return makeError(ErrorCode::IoError, "lost track of " + argv[0]);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A loopback port nobody listens on now. Another process may take it before PostgreSQL binds it:
// start() then tries another.
int freePort() {
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
        port = ntohs(a.sin_port);
    }
    ::close(s);
    return port;
}

Status chownTree(const std::string& path, const RunAs& as) {
    if (!as.switchUser) return {};
    if (::chown(path.c_str(), as.uid, as.gid) != 0) return makeError(ErrorCode::IoError, "cannot hand " + path + " to the postgres user");
    return {};
}

// A fresh directory for a cluster (its data and socket inside), handed to the postgres user.
Result<std::string> makeRoot(const RunAs& as) {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/fieldcheck-pg-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) return makeError(ErrorCode::IoError, "cannot create a temporary directory under " + tmpl);
    const std::string root = buf.data();
    FC_TRY(chownTree(root, as));
    return root;
}

}  // namespace

Result<std::string> postgresBinDir() {
    if (const char* env = std::getenv("FIELDCHECK_PG_BINDIR"); env != nullptr && *env != '\0') return std::string(env);
    std::string best;
    int bestVersion = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const int v = std::atoi(entry.path().filename().c_str());
        if (v > bestVersion && fs::exists(entry.path() / "bin" / "initdb")) {
            bestVersion = v;
            best = (entry.path() / "bin").string();
        }
    }
    if (best.empty()) return makeError(ErrorCode::NotFound, "PostgreSQL is not installed (no /usr/lib/postgresql/N/bin/initdb): run scripts/setup.sh");
    return best;
}

Result<std::unique_ptr<PgCluster>> PgCluster::start(const PgClusterOptions& options) {
    FC_ASSIGN_OR_RETURN(std::string bin, postgresBinDir());
    FC_ASSIGN_OR_RETURN(RunAs as, runAs());
    std::unique_ptr<PgCluster> c(new PgCluster());
    FC_ASSIGN_OR_RETURN(c->m_root, makeRoot(as));
    c->m_dataDir = c->m_root + "/data";
    c->m_bin = bin;

    const std::string initLog = c->m_root + "/initdb.log";
    FC_ASSIGN_OR_RETURN(int rc, run({bin + "/initdb", "-D", c->m_dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                                     "--locale=C", "--no-sync"},
                                    as, initLog));
    if (rc != 0) return makeError(ErrorCode::IoError, "initdb failed (" + std::to_string(rc) + "): " + readAll(initLog));

    FC_TRY(c->startServer(options));
    return c;
}

Status PgCluster::startServer(const PgClusterOptions& options) {
    FC_ASSIGN_OR_RETURN(RunAs as, runAs());
    for (int attempt = 0; attempt < 8; ++attempt) {
        m_port = freePort();
        {
            // Later lines win: each attempt appends its own port.
            std::ofstream conf(m_dataDir + "/postgresql.conf", std::ios::app);
            conf << "\n# fieldcheck test cluster\nlisten_addresses = '127.0.0.1'\nport = " << m_port << "\n"
                 << "unix_socket_directories = '" << m_root << "'\n"
                 << "max_connections = " << options.maxConnections << "\n"
                 << "wal_level = replica\nmax_wal_senders = 5\n";
            if (!options.durable) conf << "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n";
        }
        const std::string log = m_root + "/server.log";
        FC_ASSIGN_OR_RETURN(int rc, run({m_bin + "/pg_ctl", "-D", m_dataDir, "-l", log, "-w", "-t", "60", "start"}, as, m_root + "/pg_ctl.log"));
        if (rc == 0) {
            m_running = true;
            return {};
        }
        if (readAll(log).find("could not bind") == std::string::npos) {
            return makeError(ErrorCode::IoError, "PostgreSQL did not start: " + readAll(m_root + "/pg_ctl.log") + readAll(log));
        }
    }
    return makeError(ErrorCode::IoError, "PostgreSQL found no free loopback port in 8 attempts: " + log());
}

Result<std::unique_ptr<PgCluster>> PgCluster::startStandbyOf(const PgCluster& primary) {
    FC_ASSIGN_OR_RETURN(RunAs as, runAs());
    std::unique_ptr<PgCluster> c(new PgCluster());
    FC_ASSIGN_OR_RETURN(c->m_root, makeRoot(as));
    c->m_dataDir = c->m_root + "/data";
    c->m_bin = primary.m_bin;
    const std::string copyLog = c->m_root + "/basebackup.log";
    FC_ASSIGN_OR_RETURN(int rc, run({c->m_bin + "/pg_basebackup", "-h", "127.0.0.1", "-p", std::to_string(primary.m_port), "-U", "postgres",
                                     "-D", c->m_dataDir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"},
                                    as, copyLog));
    if (rc != 0) return makeError(ErrorCode::IoError, "pg_basebackup failed (" + std::to_string(rc) + "): " + readAll(copyLog));
    PgClusterOptions options;
    options.durable = true;
    FC_TRY(c->startServer(options));
    return c;
}

Status PgCluster::pgCtl(const std::vector<std::string>& args) {
    FC_ASSIGN_OR_RETURN(RunAs as, runAs());
    std::vector<std::string> argv = {m_bin + "/pg_ctl", "-D", m_dataDir};
    argv.insert(argv.end(), args.begin(), args.end());
    FC_ASSIGN_OR_RETURN(int rc, run(argv, as, m_root + "/pg_ctl.log"));
    if (rc != 0) return makeError(ErrorCode::IoError, "pg_ctl " + args.front() + " failed: " + readAll(m_root + "/pg_ctl.log"));
    return {};
}

Status PgCluster::crash() {
    if (!m_running) return {};
    m_running = false;
    return pgCtl({"-m", "immediate", "-w", "-t", "60", "stop"});
}

Status PgCluster::promote() { return pgCtl({"-w", "-t", "60", "promote"}); }

PgCluster::~PgCluster() {
    (void)stop();
    std::error_code ec;
    if (!m_root.empty()) fs::remove_all(m_root, ec);
}

Status PgCluster::stop() {
    if (!m_running) return {};
    m_running = false;
    return pgCtl({"-m", "fast", "-w", "-t", "60", "stop"});
}

std::string PgCluster::conninfo(const std::string& database) const {
    return "host=127.0.0.1 port=" + std::to_string(m_port) + " user=postgres dbname=" + database + " connect_timeout=10";
}

Result<std::string> PgCluster::client(const std::string& tool, const std::vector<std::string>& args) const {
    static std::atomic<int> calls{0};
    const std::string out = m_root + "/" + tool + "-" + std::to_string(::getpid()) + "-" + std::to_string(++calls) + ".out";
    std::vector<std::string> argv = {m_bin + "/" + tool, "-h", "127.0.0.1", "-p", std::to_string(m_port), "-U", "postgres"};
    argv.insert(argv.end(), args.begin(), args.end());
    FC_ASSIGN_OR_RETURN(int rc, run(argv, RunAs{}, out));
    std::string text = readAll(out);
    std::error_code ec;
    fs::remove(out, ec);
    if (rc != 0) return makeError(ErrorCode::IoError, tool + " failed: " + text);
    return text;
}

Result<std::string> PgCluster::psql(const std::string& sql, const std::string& database) const {
    return client("psql", {"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql});
}

Result<std::string> PgCluster::createDatabase(const std::string& prefix) {
    static std::atomic<int> counter{0};
    const std::string name = prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + std::to_string(++m_databases);
    FC_TRY(psql("CREATE DATABASE " + name));
    return name;
}

std::string PgCluster::log() const { return readAll(m_root + "/server.log"); }

Result<double> processCpuSeconds(long pid, bool children) {
    // After "(comm)": field 3 (state) first, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
    const std::string stat = readAll("/proc/" + std::to_string(pid) + "/stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) return makeError(ErrorCode::NotFound, "no process " + std::to_string(pid));
    std::istringstream fields(stat.substr(close + 2));
    std::vector<std::string> f((std::istream_iterator<std::string>(fields)), std::istream_iterator<std::string>());
    if (f.size() < 15) return makeError(ErrorCode::IoError, "unexpected /proc/" + std::to_string(pid) + "/stat");
    double ticks = std::stod(f[11]) + std::stod(f[12]);
    if (children) ticks += std::stod(f[13]) + std::stod(f[14]);
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

Result<double> PgCluster::cpuSeconds() const {
    const long postmaster = std::atol(readAll(m_dataDir + "/postmaster.pid").c_str());
    if (postmaster <= 0) return makeError(ErrorCode::NotFound, "PostgreSQL is not running (no postmaster.pid)");
    FC_ASSIGN_OR_RETURN(double total, processCpuSeconds(postmaster, true));
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const long pid = std::atol(entry.path().filename().c_str());
        if (pid <= 0 || pid == postmaster) continue;
        const std::string stat = readAll(entry.path().string() + "/stat");
        const size_t close = stat.rfind(')');
        if (close == std::string::npos) continue;  // gone meanwhile
        std::istringstream fields(stat.substr(close + 2));
        std::string state;
        long ppid = 0;
        fields >> state >> ppid;
        if (ppid != postmaster) continue;
        auto cpu = processCpuSeconds(pid);
        if (cpu.ok()) total += cpu.value();
    }
    return total;
}

}  // namespace fieldcheck::test
