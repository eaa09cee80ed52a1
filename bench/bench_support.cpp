#include "bench_support.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "fieldcheck/core/sqlite.h"  // sqlite3.h with the codec API, as core sees it
#include "fieldcheck/core/store.h"

namespace fieldcheck::bench {

namespace {

double nearestRank(const std::vector<double>& sorted, double p) {
    // Nearest rank: the smallest value with at least p of the sample at or below it.
    const double rank = std::ceil(p * static_cast<double>(sorted.size()));
    const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
}

std::string firstLineWith(const std::string& path, const std::string& prefix) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(prefix, 0) == 0) return line;
    }
    return {};
}

std::string trim(std::string s) {
    const auto notSpace = [](unsigned char c) { return std::isspace(c) == 0; };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

}  // namespace

double Stopwatch::threadCpuSeconds() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Summary summarize(std::vector<double> samples) {
    Summary s;
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    s.count = samples.size();
    s.min = samples.front();
    s.max = samples.back();
    // The median of an even sample is the mean of the two middle values.
    const size_t mid = samples.size() / 2;
    s.median = samples.size() % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
    s.p90 = nearestRank(samples, 0.90);
    s.p99 = nearestRank(samples, 0.99);
    return s;
}

double median(std::vector<double> samples) { return summarize(std::move(samples)).median; }

ScratchDir::ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string base = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
    std::string pattern = base + "/fieldcheck-bench-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) {
        throw BenchError("cannot create a scratch directory under '" + base + "'");
    }
    m_path = buf.data();
}

ScratchDir::~ScratchDir() { removeAll(m_path); }

std::string ScratchDir::makeSubdir(const std::string& name) const {
    const std::string p = file(name);
    std::error_code ec;
    std::filesystem::create_directories(p, ec);
    if (ec) throw BenchError("cannot create '" + p + "': " + ec.message());
    return p;
}

void ScratchDir::removeAll(const std::string& path) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) std::fprintf(stderr, "warning: could not remove '%s': %s\n", path.c_str(), ec.message().c_str());
}

void evictFromPageCache(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
            if (entry.is_regular_file(ec)) evictFromPageCache(entry.path().string());
        }
        return;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    // Dirty pages are not dropped: write them back first.
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

int64_t processWriteBytes() {
    std::ifstream in("/proc/self/io");
    std::string key;
    int64_t value = 0;
    while (in >> key >> value) {
        if (key == "write_bytes:") return value;
    }
    return -1;
}

int64_t diskBytes(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
        auto n = std::filesystem::file_size(path, ec);
        return ec ? 0 : static_cast<int64_t>(n);
    }
    int64_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec)) total += diskBytes(entry.path().string());
    }
    return total;
}

std::string loadAverageNow() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

MachineInfo describeMachine(const std::string& scratchDir) {
    MachineInfo m;
    std::string model = firstLineWith("/proc/cpuinfo", "model name");
    m.cpu = model.empty() ? "unknown" : trim(model.substr(model.find(':') + 1));
    m.cores = std::thread::hardware_concurrency();
    utsname u{};
    if (::uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release + " " + u.machine;

    // The file system of the scratch directory: the longest mount point that is a prefix of it.
    std::ifstream mounts("/proc/self/mounts");
    std::string line;
    size_t best = 0;
    while (std::getline(mounts, line)) {
        std::istringstream fields(line);
        std::string device, mountPoint, type;
        fields >> device >> mountPoint >> type;
        const bool covers = scratchDir.rfind(mountPoint, 0) == 0 &&
                            (mountPoint == "/" || scratchDir.size() == mountPoint.size() ||
                             scratchDir[mountPoint.size()] == '/');
        if (covers && mountPoint.size() >= best) {
            best = mountPoint.size();
            m.fileSystem = type + " on " + device + " (" + mountPoint + ")";
        }
    }
    auto cipher = Store::checkCipherLibrary();
    m.sqlcipherVersion = cipher.ok() ? cipher.value() : "none";
    m.sqliteVersion = sqlite3_libversion();
    m.sodiumVersion = sodium_version_string();
    m.loadAverage = loadAverageNow();
    return m;
}

std::string formatFixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string withThousands(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

}  // namespace fieldcheck::bench
