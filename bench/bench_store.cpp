// bench_store — what encryption costs the FieldCheck store, measured against plain SQLite.
//
// Four benchmarks, each running the same workload on a SQLCipher store and on a plain-SQLite
// store with the same schema and code path (detail::createStore with encrypted=false), in the
// same run and interleaved, so that the ratios are not skewed by a noisy, shared machine:
//
//   bulk         N findings (each with its audit and outbox entry) in transactions of 1,000; also
//                the cost per finding of the first and the last tenth, as the store fills;
//   interactive  one finding per transaction, durable (WAL, synchronous=FULL): latency;
//   unlock       Store::open with the production Argon2id cost + the first query;
//   attach       2 MiB photos: sealed files (Store::attach) vs a plain durable file copy vs
//                BLOBs in SQLCipher (the alternative design) vs BLOBs in plain SQLite; and
//                reading them back.
//
// Targets (docs/benchmarks.md) are reported, never asserted: the exit status is non-zero only
// when an operation fails, so the --quick smoke run in CTest catches a broken store, not a slow
// machine. All files live in a fresh directory under $TMPDIR (or /tmp), removed at the end.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bench_support.h"
#include "blob_vault.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/keyring.h"
#include "fieldcheck/core/store.h"
#include "store_internal.h"

namespace fieldcheck::bench {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kPassphrase = "巡检 bench passphrase 2026";
constexpr size_t kMiB = 1024 * 1024;

// --- options and sizes -----------------------------------------------------------------------

const std::vector<std::string> kBenchmarks = {"bulk", "interactive", "unlock", "attach"};

struct Options {
    bool quick = false;
    bool json = false;
    int repeat = 0;  // 0: each benchmark's default
    int64_t bulkRecords = 0;  // 0: the default size
    std::set<std::string> only;
};

struct Sizes {
    int64_t bulkRecords = 100'000;
    int64_t bulkBatch = 1'000;
    int bulkRounds = 5;
    int interactiveSamples = 500;
    int interactiveWarmup = 20;
    int64_t interactivePrefill = 10'000;
    int unlockRuns = 7;
    int64_t unlockRecords = 10'000;
    int attachPhotos = 100;
    size_t photoBytes = 2 * kMiB;
    int attachRounds = 3;
};

Sizes sizesFor(const Options& o) {
    Sizes s;
    if (o.quick) {
        s.bulkRecords = 1'000;
        s.bulkBatch = 500;
        s.bulkRounds = 1;
        s.interactiveSamples = 40;
        s.interactiveWarmup = 5;
        s.interactivePrefill = 200;
        s.unlockRuns = 1;
        s.unlockRecords = 200;
        s.attachPhotos = 4;
        s.attachRounds = 1;
    }
    if (o.bulkRecords > 0) s.bulkRecords = o.bulkRecords;
    if (o.repeat > 0) {
        s.bulkRounds = o.repeat;
        s.unlockRuns = o.repeat;
        s.attachRounds = o.repeat;
    }
    return s;
}

void usage(FILE* to) {
    std::fprintf(to,
                 "usage: bench_store [--quick] [--only NAME[,NAME...]] [--repeat N] [--bulk-records N] [--json]\n"
                 "  --quick     small sizes (a smoke run of a few seconds; figures are not meaningful)\n"
                 "  --only      run only these: bulk, interactive, unlock, attach\n"
                 "  --repeat N  rounds of bulk and attach, runs of unlock (defaults 5, 3, 7)\n"
                 "  --bulk-records N  findings per bulk store (default 100,000; a multiple of 10,000)\n"
                 "  --json      print the results as JSON on stdout (the table goes to stderr)\n"
                 "Files are created under $TMPDIR (or /tmp) and removed at the end.\n");
}

// Returns false after printing usage when the arguments are wrong.
bool parseOptions(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick") {
            o.quick = true;
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "--bulk-records" && i + 1 < argc) {
            const std::string v = argv[++i];
            char* end = nullptr;
            const long long n = std::strtoll(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 10'000 || n % 10'000 != 0 || n > 10'000'000) {
                std::fprintf(stderr, "bench_store: --bulk-records wants a multiple of 10,000 from 10,000 to 10,000,000, not '%s'\n", v.c_str());
                return false;
            }
            o.bulkRecords = n;
        } else if ((a == "--only" || a == "--repeat") && i + 1 < argc) {
            const std::string v = argv[++i];
            if (a == "--repeat") {
                char* end = nullptr;
                long n = std::strtol(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || n < 1 || n > 1000) {
                    std::fprintf(stderr, "bench_store: --repeat wants a number from 1 to 1000, not '%s'\n", v.c_str());
                    return false;
                }
                o.repeat = static_cast<int>(n);
            } else {
                size_t from = 0;
                while (from <= v.size()) {
                    size_t comma = v.find(',', from);
                    std::string name = v.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
                    if (std::find(kBenchmarks.begin(), kBenchmarks.end(), name) == kBenchmarks.end()) {
                        std::fprintf(stderr, "bench_store: unknown benchmark '%s'\n", name.c_str());
                        return false;
                    }
                    o.only.insert(name);
                    if (comma == std::string::npos) break;
                    from = comma + 1;
                }
            }
        } else if (a == "--help" || a == "-h") {
            usage(stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "bench_store: unknown argument '%s'\n", a.c_str());
            return false;
        }
    }
    return true;
}

// --- shared context --------------------------------------------------------------------------

struct Target {
    std::string name;
    double measured = 0;
    double limit = 0;
    std::string unit;
    bool met() const { return measured <= limit; }
};

struct Context {
    Options options;
    Sizes sizes;
    ScratchDir scratch;
    FILE* out = stdout;  // the human-readable table
    Json results = Json::object();
    std::vector<Target> targets;

    void print(const char* format, ...) __attribute__((format(printf, 2, 3))) {
        va_list args;
        va_start(args, format);
        std::vfprintf(out, format, args);
        va_end(args);
        std::fflush(out);
    }
    void progress(const std::string& what) {
        std::fprintf(stderr, "  … %s\n", what.c_str());
    }
};

const char* variantName(bool encrypted) { return encrypted ? "SQLCipher" : "plain SQLite"; }
const char* variantKey(bool encrypted) { return encrypted ? "sqlcipher" : "plain"; }

std::unique_ptr<Store> makeStore(const std::string& path, bool encrypted, const KdfParams& kdf) {
    detail::CreateSpec spec;
    spec.encrypted = encrypted;
    return must(detail::createStore(path, SecretBytes::fromString(kPassphrase), kdf, StoreOptions{}, spec),
                std::string("create ") + variantName(encrypted) + " store '" + path + "'");
}

std::string createUnit(Store& store) {
    return must(store.createRecord("unit", {{"code", "U1"}, {"name", "测试单位"}, {"unit_type", "elderly_home"}}),
                "create unit")
        .id;
}

// A realistic finding: Chinese text, rotating categories, an amount on every fifth one.
nlohmann::json findingFields(const std::string& unitId, int64_t i) {
    static const char* const kCategories[] = {"safety",      "public_interest", "internal",   "eight_rules",
                                              "four_styles", "inaction",        "misconduct", "responsibility"};
    static const char* const kDescriptions[] = {
        "消防通道被杂物堵塞，夜间值班人员不足，已现场拍照取证。",
        "老人伙食费账目不清，部分支出无票据，需进一步核查。",
        "护理员未按规定持证上岗，培训记录缺失，整改期限三十日。",
        "救助物资发放台账与库存不符，差额待查，责任人已约谈。",
    };
    nlohmann::json f = {{"unit_id", unitId},
                        {"category", kCategories[i % 8]},
                        {"source", "visit"},
                        {"subcategory", "现场检查发现"},
                        {"description", "第" + std::to_string(i + 1) + "条：" + kDescriptions[i % 4]},
                        {"found_date", "2026-11-27"}};
    if (i % 5 == 0) f["money_involved"] = std::to_string(100 + i % 9000) + ".50";
    return f;
}

// Inserts `count` findings in transactions of `batch`.
void insertFindings(Store& store, const std::string& unitId, int64_t first, int64_t count, int64_t batch) {
    for (int64_t done = 0; done < count; done += batch) {
        const int64_t n = std::min(batch, count - done);
        must(store.transaction([&]() -> Status {
                 for (int64_t i = 0; i < n; ++i) {
                     auto r = store.createRecord("finding", findingFields(unitId, first + done + i));
                     if (!r.ok()) return r.error();
                 }
                 return {};
             }),
             "insert findings " + std::to_string(first + done) + "..");
    }
}

int64_t fileSize(const std::string& path) {
    std::error_code ec;
    auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<int64_t>(n);
}

// Proves that the store compared as "SQLCipher" is encrypted and the plain one is not.
void checkFileIsEncrypted(const std::string& path, bool encrypted) {
    char head[16] = {};
    std::ifstream(path, std::ios::binary).read(head, sizeof head);
    const bool plain = std::string(head, 15) == "SQLite format 3";
    check(plain != encrypted, "'" + path + "' should be " + (encrypted ? "encrypted" : "plain SQLite"));
}

Json summaryJson(const Summary& s, double scale) {
    return Json{{"count", s.count},        {"min", s.min * scale}, {"median", s.median * scale},
                {"p90", s.p90 * scale},    {"p99", s.p99 * scale}, {"max", s.max * scale}};
}

// --- bulk ------------------------------------------------------------------------------------

void benchBulk(Context& ctx) {
    const Sizes& z = ctx.sizes;
    ctx.print("\n== bulk: %s findings per store (each + audit entry + outbox entry), %s per transaction\n",
              withThousands(z.bulkRecords).c_str(), withThousands(z.bulkBatch).c_str());
    ctx.print("   %d round(s), a fresh store each, SQLCipher and plain SQLite alternating first\n", z.bulkRounds);

    std::vector<double> seconds[2], cpu[2], bytes[2];  // [encrypted]
    std::vector<double> firstTenth[2], lastTenth[2];   // µs per finding as the store fills, [encrypted]
    std::vector<double> roundRatios;
    for (int round = 0; round < z.bulkRounds; ++round) {
        double roundSeconds[2] = {0, 0};
        for (int k = 0; k < 2; ++k) {
            const bool encrypted = (round % 2 == 0) == (k == 0);
            ctx.progress("bulk round " + std::to_string(round + 1) + ": " + variantName(encrypted));
            const std::string dir = ctx.scratch.makeSubdir("bulk-" + std::to_string(round) + "-" + variantKey(encrypted));
            const std::string path = dir + "/store.db";
            auto store = makeStore(path, encrypted, KdfParams::minimumForTests());
            const std::string unitId = createUnit(*store);

            Stopwatch sw;
            // In tenths, to see whether a finding costs more as the store fills.
            const int64_t tenth = std::max<int64_t>(z.bulkRecords / 10, 1);
            for (int64_t from = 0; from < z.bulkRecords; from += tenth) {
                const double at = sw.seconds();
                const int64_t n = std::min(tenth, z.bulkRecords - from);
                insertFindings(*store, unitId, from, n, z.bulkBatch);
                const double us = (sw.seconds() - at) * 1e6 / static_cast<double>(n);
                if (from == 0) firstTenth[encrypted].push_back(us);
                if (from + n >= z.bulkRecords) lastTenth[encrypted].push_back(us);
            }
            const double t = sw.seconds();
            cpu[encrypted].push_back(sw.cpuSeconds());

            check(must(store->countRecords("finding"), "count findings") == z.bulkRecords, "bulk: findings missing");
            const int64_t audit = static_cast<int64_t>(must(store->auditEntries(z.bulkRecords + 1, 10), "audit").size());
            check(audit == 1, "bulk: the audit chain does not end at entry " + std::to_string(z.bulkRecords + 1));
            store.reset();  // closing checkpoints the WAL into the database file
            checkFileIsEncrypted(path, encrypted);
            bytes[encrypted].push_back(static_cast<double>(fileSize(path) + fileSize(path + "-wal")));
            seconds[encrypted].push_back(t);
            roundSeconds[encrypted] = t;
            ScratchDir::removeAll(dir);
        }
        roundRatios.push_back(roundSeconds[1] / roundSeconds[0]);
    }

    const Summary enc = summarize(seconds[1]);
    const Summary plain = summarize(seconds[0]);
    const Summary ratios = summarize(roundRatios);
    const double ratio = enc.median / plain.median;
    const double cpuRatio = median(cpu[1]) / median(cpu[0]);
    ctx.print("   %-14s %10s %9s %9s %9s %12s %10s\n", "", "median s", "min s", "max s", "CPU s", "records/s", "file MiB");
    for (bool encrypted : {true, false}) {
        const Summary& s = encrypted ? enc : plain;
        ctx.print("   %-14s %10.3f %9.3f %9.3f %9.3f %12s %10.1f\n", variantName(encrypted), s.median, s.min, s.max,
                  median(cpu[encrypted]),
                  withThousands(static_cast<int64_t>(static_cast<double>(z.bulkRecords) / s.median)).c_str(),
                  median(bytes[encrypted]) / kMiB);
    }
    ctx.print("   encrypted/plain: %.3f (ratio of medians; per-round ratios %.3f–%.3f); CPU time %.3f\n", ratio,
              ratios.min, ratios.max, cpuRatio);
    for (bool encrypted : {true, false}) {
        ctx.print("   %-14s µs per finding: %.1f overall, %.1f in the first tenth, %.1f in the last (×%.2f)\n", variantName(encrypted),
                  median(seconds[encrypted]) * 1e6 / static_cast<double>(z.bulkRecords), median(firstTenth[encrypted]),
                  median(lastTenth[encrypted]), median(lastTenth[encrypted]) / median(firstTenth[encrypted]));
    }

    ctx.targets.push_back({"bulk-record " + withThousands(z.bulkRecords) + " findings, encrypted/plain", ratio, 1.25, "×"});
    Json j{{"records", z.bulkRecords}, {"batch", z.bulkBatch}, {"rounds", z.bulkRounds}};
    for (bool encrypted : {true, false}) {
        const Summary& s = encrypted ? enc : plain;
        j[variantKey(encrypted)] = {{"seconds", summaryJson(s, 1)},
                                    {"cpu_seconds", summaryJson(summarize(cpu[encrypted]), 1)},
                                    {"records_per_second", static_cast<double>(z.bulkRecords) / s.median},
                                    {"us_per_record_first_tenth", median(firstTenth[encrypted])},
                                    {"us_per_record_last_tenth", median(lastTenth[encrypted])},
                                    {"file_bytes", median(bytes[encrypted])}};
    }
    j["ratio_encrypted_plain"] = ratio;
    j["cpu_ratio_encrypted_plain"] = cpuRatio;
    j["round_ratios"] = roundRatios;
    ctx.results["bulk"] = j;
}

// --- interactive -----------------------------------------------------------------------------

void benchInteractive(Context& ctx) {
    const Sizes& z = ctx.sizes;
    ctx.print("\n== interactive: record one finding, one durable transaction (WAL, synchronous=FULL)\n");
    ctx.print("   %d samples per store after %d warm-up, interleaved; each store prefilled with %s findings\n",
              z.interactiveSamples, z.interactiveWarmup, withThousands(z.interactivePrefill).c_str());

    std::unique_ptr<Store> stores[2];
    std::string units[2];
    for (bool encrypted : {true, false}) {
        ctx.progress(std::string("interactive: prefilling ") + variantName(encrypted));
        const std::string dir = ctx.scratch.makeSubdir(std::string("interactive-") + variantKey(encrypted));
        stores[encrypted] = makeStore(dir + "/store.db", encrypted, KdfParams::minimumForTests());
        units[encrypted] = createUnit(*stores[encrypted]);
        insertFindings(*stores[encrypted], units[encrypted], 0, z.interactivePrefill, 1000);
    }

    // The device's own flush, interleaved with the store samples: 10 pages written over an already
    // allocated region and fdatasync — what a WAL commit does once SQLite reuses its WAL file, and
    // what the store cannot go below. (Appending would also journal the file size: a slower flush.)
    const std::string probePath = ctx.scratch.file("interactive-device-probe");
    const int probe = ::open(probePath.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    check(probe >= 0, "cannot create '" + probePath + "'");
    const std::vector<uint8_t> frames(10 * (4096 + 24), 0x5a);
    const off_t probeSlots = 100;
    for (off_t slot = 0; slot < probeSlots; ++slot) {
        check(::pwrite(probe, frames.data(), frames.size(), slot * static_cast<off_t>(frames.size())) ==
                  static_cast<ssize_t>(frames.size()),
              "device probe: cannot preallocate");
    }
    check(::fsync(probe) == 0, "device probe: fsync");
    off_t probeSlot = 0;
    const auto deviceFlush = [&]() {
        const off_t offset = (probeSlot++ % probeSlots) * static_cast<off_t>(frames.size());
        Stopwatch sw;
        const ssize_t n = ::pwrite(probe, frames.data(), frames.size(), offset);
        const int rc = ::fdatasync(probe);
        const double t = sw.seconds();
        check(n == static_cast<ssize_t>(frames.size()) && rc == 0, "device probe: write or fdatasync failed");
        return t;
    };

    std::vector<double> latency[2], device;
    const int total = z.interactiveWarmup + z.interactiveSamples;
    for (int i = 0; i < total; ++i) {
        for (int k = 0; k < 3; ++k) {
            const int which = (i + k) % 3;  // 0: SQLCipher, 1: plain, 2: the bare device
            if (which == 2) {
                const double t = deviceFlush();
                if (i >= z.interactiveWarmup) device.push_back(t);
                continue;
            }
            const bool encrypted = which == 0;
            auto fields = findingFields(units[encrypted], z.interactivePrefill + i);
            Stopwatch sw;
            auto r = stores[encrypted]->createRecord("finding", fields);
            const double t = sw.seconds();
            must(std::move(r), "record one finding");
            if (i >= z.interactiveWarmup) latency[encrypted].push_back(t);
        }
    }
    ::close(probe);
    ::unlink(probePath.c_str());
    for (bool encrypted : {true, false}) {
        check(must(stores[encrypted]->countRecords("finding"), "count") == z.interactivePrefill + total,
              "interactive: findings missing");
        stores[encrypted].reset();
    }

    const Summary enc = summarize(latency[1]);
    const Summary plain = summarize(latency[0]);
    const Summary dev = summarize(device);
    ctx.print("   %-32s %10s %8s %8s %8s %8s\n", "", "median ms", "p90", "p99", "min", "max");
    const auto row = [&](const char* label, const Summary& s) {
        ctx.print("   %-32s %10.3f %8.3f %8.3f %8.3f %8.3f\n", label, s.median * 1e3, s.p90 * 1e3, s.p99 * 1e3,
                  s.min * 1e3, s.max * 1e3);
    };
    row("SQLCipher", enc);
    row("plain SQLite", plain);
    row("device: 40 KiB overwrite + fdatasync", dev);
    const double ratio = enc.median / plain.median;
    ctx.print("   encrypted/plain (medians): %.3f; SQLCipher minus device flush (medians): %.3f ms\n", ratio,
              (enc.median - dev.median) * 1e3);

    ctx.targets.push_back({"record one finding, SQLCipher median", enc.median * 1e3, 2.0, "ms"});
    ctx.results["interactive"] = Json{{"samples", z.interactiveSamples},
                                      {"warmup", z.interactiveWarmup},
                                      {"prefill", z.interactivePrefill},
                                      {"sqlcipher_ms", summaryJson(enc, 1e3)},
                                      {"plain_ms", summaryJson(plain, 1e3)},
                                      {"device_flush_ms", summaryJson(dev, 1e3)},
                                      {"ratio_encrypted_plain", ratio}};
}

// --- unlock ----------------------------------------------------------------------------------

void benchUnlock(Context& ctx) {
    const Sizes& z = ctx.sizes;
    const KdfParams kdf = KdfParams::interactive();
    ctx.print("\n== unlock: Store::open (Argon2id %s, opslimit %llu, memlimit %llu MiB) + first query (count findings)\n",
              kdf.algorithm.c_str(), static_cast<unsigned long long>(kdf.opsLimit),
              static_cast<unsigned long long>(kdf.memLimitBytes / kMiB));
    ctx.print("   store of %s findings; %d run(s), interleaved; cold = store files evicted from the page cache\n",
              withThousands(z.unlockRecords).c_str(), z.unlockRuns);

    const std::string dir = ctx.scratch.makeSubdir("unlock");
    const std::string encPath = dir + "/store.db";
    const std::string plainPath = dir + "/plain.db";
    ctx.progress("unlock: creating the stores");
    for (bool encrypted : {true, false}) {
        auto store = makeStore(encrypted ? encPath : plainPath, encrypted, kdf);
        insertFindings(*store, createUnit(*store), 0, z.unlockRecords, 1000);
    }

    std::vector<double> kdfOnly, warm, cold, plainOpen;
    const auto openAndCount = [&](bool encrypted, const std::string& path) {
        Stopwatch sw;
        auto store = encrypted ? must(Store::open(path, SecretBytes::fromString(kPassphrase)), "unlock")
                               : must(detail::openUnencryptedStore(path, StoreOptions{}), "open plain store");
        const int64_t n = must(store->countRecords("finding"), "first query");
        const double t = sw.seconds();
        check(n == z.unlockRecords, "unlock: the store holds " + std::to_string(n) + " findings");
        return t;
    };
    const SecretBytes passphrase = SecretBytes::fromString(kPassphrase);
    for (int run = 0; run < z.unlockRuns; ++run) {
        ctx.progress("unlock run " + std::to_string(run + 1));
        {
            const auto salt = randomBytes(kdfSaltSize());
            Stopwatch sw;
            auto key = deriveKey(passphrase, salt, kdf, kDatabaseKeySize);
            kdfOnly.push_back(sw.seconds());
            must(std::move(key), "Argon2id");
        }
        warm.push_back(openAndCount(true, encPath));
        for (const char* suffix : {"", "-wal", "-shm", ".keyring"}) evictFromPageCache(encPath + suffix);
        cold.push_back(openAndCount(true, encPath));
        plainOpen.push_back(openAndCount(false, plainPath));
    }
    ScratchDir::removeAll(dir);

    const Summary k = summarize(kdfOnly), w = summarize(warm), c = summarize(cold), p = summarize(plainOpen);
    ctx.print("   %-34s %10s %8s %8s\n", "", "median ms", "min", "max");
    const auto row = [&](const char* label, const Summary& s) {
        ctx.print("   %-34s %10.1f %8.1f %8.1f\n", label, s.median * 1e3, s.min * 1e3, s.max * 1e3);
    };
    row("Argon2id alone", k);
    row("unlock + first query (warm)", w);
    row("unlock + first query (cold)", c);
    row("plain SQLite open + first query", p);
    ctx.print("   unlock minus Argon2id (medians): %.1f ms\n", (w.median - k.median) * 1e3);

    // What other Argon2id costs would take here, to see the headroom under the 0.5 s target.
    Json sweep = Json::array();
    if (!ctx.options.quick) {
        ctx.print("   Argon2id cost sweep (KDF alone, median of %d):", z.unlockRuns);
        const std::pair<uint64_t, uint64_t> costs[] = {{2, 64}, {3, 64}, {2, 128}, {3, 128}, {2, 256}, {4, 256}};
        for (const auto& [ops, mib] : costs) {
            KdfParams cost;
            cost.opsLimit = ops;
            cost.memLimitBytes = mib * kMiB;
            std::vector<double> t;
            for (int run = 0; run < z.unlockRuns; ++run) {
                const auto salt = randomBytes(kdfSaltSize());
                Stopwatch sw;
                auto key = deriveKey(passphrase, salt, cost, kDatabaseKeySize);
                t.push_back(sw.seconds());
                must(std::move(key), "Argon2id sweep");
            }
            ctx.print(" ops %llu/%llu MiB %.0f ms;", static_cast<unsigned long long>(ops),
                      static_cast<unsigned long long>(mib), median(t) * 1e3);
            sweep.push_back({{"opslimit", ops}, {"memlimit_mib", mib}, {"median_ms", median(t) * 1e3}});
        }
        ctx.print("\n");
    }

    ctx.targets.push_back({"unlock (KDF + open + first query), median", w.median, 0.5, "s"});
    ctx.results["unlock"] = Json{{"kdf", {{"algorithm", kdf.algorithm}, {"opslimit", kdf.opsLimit}, {"memlimit", kdf.memLimitBytes}}},
                                 {"records", z.unlockRecords},
                                 {"runs", z.unlockRuns},
                                 {"kdf_seconds", summaryJson(k, 1)},
                                 {"unlock_warm_seconds", summaryJson(w, 1)},
                                 {"unlock_cold_seconds", summaryJson(c, 1)},
                                 {"plain_open_seconds", summaryJson(p, 1)},
                                 {"kdf_sweep", sweep}};
}

// --- attach ----------------------------------------------------------------------------------

// One way of keeping photos, for one round: how to write photo i durably, how to read it back,
// and which files hold it (to evict them before the cold read).
struct PhotoKeeper {
    std::string key;
    std::string label;
    std::function<void(size_t, const std::vector<uint8_t>&)> write;
    std::function<std::vector<uint8_t>(size_t)> read;
    std::function<void()> evict;
    std::function<int64_t()> bytesOnDisk;
};

struct KeeperTimes {
    std::vector<double> writeTotal, readWarmTotal, readColdTotal, writePerPhoto;
    std::vector<double> deviceBytes, diskBytes;  // written to the block layer; kept on disk
};

void benchAttach(Context& ctx) {
    const Sizes& z = ctx.sizes;
    const double megabytes = static_cast<double>(z.photoBytes) * z.attachPhotos / kMiB;
    ctx.print("\n== attach: %d photos of %s bytes (random, incompressible), each written durably\n", z.attachPhotos,
              withThousands(static_cast<int64_t>(z.photoBytes)).c_str());
    ctx.print("   %d round(s), order rotating; read-back warm (page cache) and cold (evicted first);\n", z.attachRounds);
    ctx.print("   dev. MiB = written to the block layer while writing (/proc/self/io), disk MiB = size afterwards\n");

    std::vector<std::vector<uint8_t>> photos;
    for (int i = 0; i < z.attachPhotos; ++i) photos.push_back(randomBytes(z.photoBytes));

    const std::vector<std::string> keys = {"sealed_files", "plain_copy", "blob_sqlcipher", "blob_plain"};
    std::map<std::string, KeeperTimes> times;
    std::map<std::string, std::string> labels;

    for (int round = 0; round < z.attachRounds; ++round) {
        const std::string dir = ctx.scratch.makeSubdir("attach-" + std::to_string(round));
        // Sealed files: the store's own design.
        auto store = makeStore(dir + "/store.db", true, KdfParams::minimumForTests());
        const std::string unitId = createUnit(*store);
        const std::string findingId = must(store->createRecord("finding", findingFields(unitId, 0)), "finding").id;
        std::vector<std::string> attachmentIds(photos.size());
        // The baseline: the same bytes as plain files, written the durable way (write, fsync,
        // rename, fsync the directory — core's atomicWriteFile).
        const std::string copyDir = dir + "/copies";
        must(ensureDirectory(copyDir), "copy directory");
        const auto copyPath = [&](size_t i) { return copyDir + "/photo-" + std::to_string(i) + ".jpg"; };
        // The alternative design: BLOBs in SQLCipher, and in plain SQLite for reference.
        BlobVault blobEnc = BlobVault::create(dir + "/blobs-sqlcipher.db", true);
        BlobVault blobPlain = BlobVault::create(dir + "/blobs-plain.db", false);
        const auto blobId = [](size_t i) { return "photo-" + std::to_string(i); };

        std::vector<PhotoKeeper> keepers = {
            {"sealed_files", "sealed files (Store::attach)",
             [&](size_t i, const std::vector<uint8_t>& b) {
                 attachmentIds[i] = must(store->attach("finding", findingId, b, "image/jpeg",
                                                       "photo-" + std::to_string(i) + ".jpg"), "attach").id;
             },
             [&](size_t i) { return must(store->readAttachment(attachmentIds[i]), "read attachment"); },
             [&]() { evictFromPageCache(store->attachmentDirectory()); },
             [&]() { return diskBytes(store->attachmentDirectory()); }},
            {"plain_copy", "plain file copy (fsync+rename)",
             [&](size_t i, const std::vector<uint8_t>& b) { must(atomicWriteFile(copyPath(i), b), "copy"); },
             [&](size_t i) { return must(readWholeFile(copyPath(i)), "read copy"); },
             [&]() { evictFromPageCache(copyDir); },
             [&]() { return diskBytes(copyDir); }},
            {"blob_sqlcipher", "BLOBs in SQLCipher",
             [&](size_t i, const std::vector<uint8_t>& b) { blobEnc.put(blobId(i), b); },
             [&](size_t i) { return blobEnc.get(blobId(i)); },
             [&]() { for (const auto& f : blobEnc.files()) evictFromPageCache(f); },
             [&]() { int64_t n = 0; for (const auto& f : blobEnc.files()) n += diskBytes(f); return n; }},
            {"blob_plain", "BLOBs in plain SQLite",
             [&](size_t i, const std::vector<uint8_t>& b) { blobPlain.put(blobId(i), b); },
             [&](size_t i) { return blobPlain.get(blobId(i)); },
             [&]() { for (const auto& f : blobPlain.files()) evictFromPageCache(f); },
             [&]() { int64_t n = 0; for (const auto& f : blobPlain.files()) n += diskBytes(f); return n; }},
        };
        std::rotate(keepers.begin(), keepers.begin() + round % static_cast<int>(keepers.size()), keepers.end());

        const auto readAll = [&](PhotoKeeper& k) {
            double total = 0;
            for (size_t i = 0; i < photos.size(); ++i) {
                Stopwatch sw;
                std::vector<uint8_t> back = k.read(i);
                total += sw.seconds();
                check(back == photos[i], k.label + ": photo " + std::to_string(i) + " read back differently");
            }
            return total;
        };
        for (auto& k : keepers) {
            ctx.progress("attach round " + std::to_string(round + 1) + ": " + k.label);
            labels[k.key] = k.label;
            KeeperTimes& t = times[k.key];
            double total = 0;
            const int64_t written = processWriteBytes();
            for (size_t i = 0; i < photos.size(); ++i) {
                Stopwatch sw;
                k.write(i, photos[i]);
                const double one = sw.seconds();
                t.writePerPhoto.push_back(one);
                total += one;
            }
            t.writeTotal.push_back(total);
            t.deviceBytes.push_back(static_cast<double>(processWriteBytes() - written));
            t.diskBytes.push_back(static_cast<double>(k.bytesOnDisk()));
        }
        for (auto& k : keepers) times[k.key].readWarmTotal.push_back(readAll(k));
        for (auto& k : keepers) k.evict();
        for (auto& k : keepers) times[k.key].readColdTotal.push_back(readAll(k));

        check(must(store->attachmentsOf("finding", findingId), "list attachments").size() == photos.size(),
              "attach: attachments missing");
        store.reset();
        blobEnc.close();
        blobPlain.close();
        ScratchDir::removeAll(dir);
    }

    // The CPU part of the sealed design, without I/O, split into its pieces: SHA-256 of the
    // photo (at capture and again at read), secretstream seal, secretstream open.
    std::vector<double> shaCpu, sealCpu, openCpu;
    {
        const SecretBytes fileKey = SecretBytes::random(kStreamKeySize);
        for (const auto& p : photos) {
            Stopwatch swHash;
            const std::string sha = sha256Hex(p.data(), p.size());
            shaCpu.push_back(swHash.seconds());
            Stopwatch swSeal;
            std::vector<uint8_t> sealed = streamSeal(fileKey, p.data(), p.size(), "bench");
            sealCpu.push_back(swSeal.seconds());
            Stopwatch swOpen;
            auto plain = must(streamOpen(fileKey, sealed, "bench"), "stream open");
            openCpu.push_back(swOpen.seconds());
            check(plain == p, "seal/open round trip");
        }
    }

    const double copyWrite = median(times["plain_copy"].writeTotal);
    const double copyWarm = median(times["plain_copy"].readWarmTotal);
    const double copyCold = median(times["plain_copy"].readColdTotal);
    ctx.print("   %-32s %9s %8s %8s %10s %9s %9s %9s %9s\n", "", "write s", "MiB/s", "×copy", "ms/photo", "read MiB/s",
              "cold MiB/s", "dev. MiB", "disk MiB");
    Json j{{"photos", z.attachPhotos}, {"photo_bytes", z.photoBytes}, {"rounds", z.attachRounds}};
    for (const auto& key : keys) {
        const KeeperTimes& t = times[key];
        const double w = median(t.writeTotal), rw = median(t.readWarmTotal), rc = median(t.readColdTotal);
        const Summary per = summarize(t.writePerPhoto);
        const double dev = median(t.deviceBytes) / kMiB, disk = median(t.diskBytes) / kMiB;
        ctx.print("   %-32s %9.3f %8.1f %8.2f %10.2f %9.0f %9.0f %9.0f %9.0f\n", labels[key].c_str(), w, megabytes / w,
                  w / copyWrite, per.median * 1e3, megabytes / rw, megabytes / rc, dev, disk);
        j[key] = {{"label", labels[key]},
                  {"write_seconds", w},
                  {"write_mib_per_s", megabytes / w},
                  {"write_ratio_to_copy", w / copyWrite},
                  {"write_ms_per_photo", summaryJson(per, 1e3)},
                  {"read_warm_seconds", rw},
                  {"read_warm_mib_per_s", megabytes / rw},
                  {"read_warm_ratio_to_copy", rw / copyWarm},
                  {"read_cold_seconds", rc},
                  {"read_cold_mib_per_s", megabytes / rc},
                  {"read_cold_ratio_to_copy", rc / copyCold},
                  {"device_write_bytes", median(t.deviceBytes)},
                  {"disk_bytes", median(t.diskBytes)}};
    }
    const double shaMs = median(shaCpu) * 1e3, sealMs = median(sealCpu) * 1e3, openMs = median(openCpu) * 1e3;
    ctx.print("   read-back ×copy (warm): sealed %.2f, SQLCipher BLOBs %.2f, plain BLOBs %.2f\n",
              median(times["sealed_files"].readWarmTotal) / copyWarm, median(times["blob_sqlcipher"].readWarmTotal) / copyWarm,
              median(times["blob_plain"].readWarmTotal) / copyWarm);
    ctx.print("   CPU only, per photo (libsodium): SHA-256 %.2f ms, secretstream seal %.2f ms, open %.2f ms\n", shaMs,
              sealMs, openMs);
    j["cpu_sha256_ms"] = shaMs;
    j["cpu_seal_ms"] = sealMs;
    j["cpu_open_ms"] = openMs;
    ctx.results["attach"] = j;
}

// --- main ------------------------------------------------------------------------------------

std::string todayUtc() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

int run(const Options& options) {
    Context ctx{options, sizesFor(options), ScratchDir(), options.json ? stderr : stdout, Json::object(), {}};
    const MachineInfo m = describeMachine(ctx.scratch.path());
    check(m.sqlcipherVersion != "none", "the linked SQLite has no SQLCipher codec");
    ctx.print("bench_store — FieldCheck store, SQLCipher vs plain SQLite (%s sizes)\n", options.quick ? "quick" : "full");
    ctx.print("  date %s; %s, %u cores; %s\n", todayUtc().c_str(), m.cpu.c_str(), m.cores, m.kernel.c_str());
    ctx.print("  scratch %s: %s\n", ctx.scratch.path().c_str(), m.fileSystem.c_str());
    ctx.print("  SQLCipher %s (SQLite %s), libsodium %s; load average %s\n", m.sqlcipherVersion.c_str(),
              m.sqliteVersion.c_str(), m.sodiumVersion.c_str(), m.loadAverage.c_str());

    Stopwatch total;
    const auto wanted = [&](const char* name) { return options.only.empty() || options.only.count(name) > 0; };
    if (wanted("bulk")) benchBulk(ctx);
    if (wanted("interactive")) benchInteractive(ctx);
    if (wanted("unlock")) benchUnlock(ctx);
    if (wanted("attach")) benchAttach(ctx);

    ctx.print("\n== targets%s\n", options.quick ? " (quick sizes: indicative only, never asserted)" : "");
    Json targets = Json::array();
    for (const Target& t : ctx.targets) {
        ctx.print("   %-48s %9.3f %-2s  target ≤ %.2f %-2s  %s\n", t.name.c_str(), t.measured, t.unit.c_str(), t.limit,
                  t.unit.c_str(), t.met() ? "met" : "MISSED");
        targets.push_back({{"name", t.name}, {"measured", t.measured}, {"limit", t.limit}, {"unit", t.unit}, {"met", t.met()}});
    }
    ctx.print("\n  total %.1f s; load average at the end %s\n", total.seconds(), loadAverageNow().c_str());

    if (options.json) {
        Json doc{{"benchmark", "bench_store"},
                 {"date", todayUtc()},
                 {"mode", options.quick ? "quick" : "full"},
                 {"machine",
                  {{"cpu", m.cpu}, {"cores", m.cores}, {"kernel", m.kernel}, {"file_system", m.fileSystem},
                   {"sqlcipher", m.sqlcipherVersion}, {"sqlite", m.sqliteVersion}, {"libsodium", m.sodiumVersion},
                   {"load_average_start", m.loadAverage}, {"load_average_end", loadAverageNow()}}},
                 {"results", ctx.results},
                 {"targets", targets}};
        std::printf("%s\n", doc.dump(2).c_str());
    }
    return 0;
}

}  // namespace
}  // namespace fieldcheck::bench

int main(int argc, char** argv) {
    using namespace fieldcheck::bench;
    Options options;
    if (!parseOptions(argc, argv, options)) {
        usage(stderr);
        return 2;
    }
    try {
        return run(options);
    } catch (const BenchError& e) {
        std::fprintf(stderr, "bench_store: FAILED: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_store: FAILED (unexpected exception): %s\n", e.what());
        return 1;
    }
}
