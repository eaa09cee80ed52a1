// Small tools the store benchmarks share: a stopwatch, order statistics, a scratch directory that
// cleans up after itself, page-cache eviction, and the "any error aborts the run" rule.
//
// Benchmarks are not tests, but a benchmark that silently measures a failing operation is worse
// than none: every Result that comes back from the store goes through must(), which throws
// BenchError; main() turns it into a non-zero exit (the CTest smoke run relies on that).
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck::bench {

// An operation failed: the run is invalid and must exit non-zero.
class BenchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline void must(const Status& st, const std::string& what) {
    if (!st.ok()) throw BenchError(what + ": " + st.error().toString());
}

template <typename T>
T must(Result<T> r, const std::string& what) {
    if (!r.ok()) throw BenchError(what + ": " + r.error().toString());
    return std::move(r).value();
}

inline void check(bool condition, const std::string& what) {
    if (!condition) throw BenchError(what);
}

// Wall time, and the CPU time of the calling thread (everything the store does runs on it: SQLite
// and libsodium start no threads here). CPU time leaves out waiting for the disk and, mostly, the
// other processes of a shared machine, so CPU ratios are steadier than wall ratios.
class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()), m_cpuStart(threadCpuSeconds()) {}
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    double cpuSeconds() const { return threadCpuSeconds() - m_cpuStart; }
    static double threadCpuSeconds();

private:
    std::chrono::steady_clock::time_point m_start;
    double m_cpuStart;
};

// Order statistics of a sample (seconds, ratios, …). Percentiles use the nearest-rank method, so
// every reported value is one that was actually observed.
struct Summary {
    size_t count = 0;
    double min = 0;
    double median = 0;
    double p90 = 0;
    double p99 = 0;
    double max = 0;
};
Summary summarize(std::vector<double> samples);
double median(std::vector<double> samples);

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class ScratchDir {
public:
    ScratchDir();  // throws BenchError when it cannot be created
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }
    // A new empty subdirectory (for one round of a benchmark, removed with removeAll()).
    std::string makeSubdir(const std::string& name) const;
    static void removeAll(const std::string& path);

private:
    std::string m_path;
};

// Writes back and then drops the cached pages of `path` (posix_fadvise DONTNEED), so that the
// next read comes from the device. Missing files are ignored. Applied to every regular file when
// `path` is a directory.
void evictFromPageCache(const std::string& path);

// Bytes this process has caused to be sent to the block layer so far (/proc/self/io write_bytes);
// -1 when the kernel does not account I/O. The difference over a phase shows write amplification.
int64_t processWriteBytes();
// Total size of a file, or of the regular files in a directory (not recursive); 0 when missing.
int64_t diskBytes(const std::string& path);

// What the report says about the machine: CPU model, core count, kernel, file system of the
// scratch directory, library versions, load average.
struct MachineInfo {
    std::string cpu;
    unsigned cores = 0;
    std::string kernel;
    std::string fileSystem;
    std::string sqlcipherVersion;
    std::string sqliteVersion;
    std::string sodiumVersion;
    std::string loadAverage;
};
MachineInfo describeMachine(const std::string& scratchDir);
std::string loadAverageNow();

std::string formatFixed(double value, int decimals);
// Thousands separated by commas: 100000 → "100,000".
std::string withThousands(int64_t n);

}  // namespace fieldcheck::bench
