// bench_floor — the physical floor of a bulk create (issue 15, docs/benchmarks.md "The floor"):
// what the same rows cost when written with nothing but prepared INSERTs, against which the
// store's bulk create (bench_store, section 1) is reported.
//
// The database is made by the store's own migrations (core/src/schema.cpp: every table and index the
// store has, and the FTS4 index), on a connection configured as
// the store configures its own (store_like_database.h, and the store's 64 MiB page cache). Per
// finding, as Store::createRecord writes it: the record row, its audit-chain entry, its outbox
// entry, its search document and the FTS4 row — five prepared INSERTs, 1,000 findings per
// transaction. Everything a row holds is made before the clock starts (ids, hashes, the search
// body's tokens): what is timed is SQLite's and SQLCipher's work only.
//
// Variants, each encrypted and plain, interleaved per round:
//   v10-trigger     the schema of version 10, whose finding-count trigger fires on each INSERT
//   no-trigger      the current schema (version 11: the store counts findings in C++), random ids
//   ordered-ids     the current schema and time-ordered ids (timeOrderedId(), as the store makes
//                   them since version 11) instead of random ones
//
//   bench_floor [--records N[,N…]] [--rounds R] [--quick] [--json FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "fieldcheck/core/crypto.h"
#include "nlohmann/json.hpp"
#include "schema.h"
#include "store_like_database.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;
using json = nlohmann::json;

namespace {

struct Options {
    std::vector<int64_t> records = {10000, 100000};
    int rounds = 3;
    std::string jsonPath;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            check(i + 1 < argc, a + " needs a value");
            return argv[++i];
        };
        if (a == "--records") {
            o.records.clear();
            const std::string list = value();
            for (size_t at = 0; at < list.size();) {
                const size_t comma = list.find(',', at);
                o.records.push_back(std::stoll(list.substr(at, comma == std::string::npos ? std::string::npos : comma - at)));
                if (comma == std::string::npos) break;
                at = comma + 1;
            }
        } else if (a == "--rounds") {
            o.rounds = std::stoi(value());
        } else if (a == "--quick") {
            o.records = {2000};
            o.rounds = 1;
        } else if (a == "--json") {
            o.jsonPath = value();
        } else {
            check(false, "unknown option " + a + " (bench_floor [--records N[,N…]] [--rounds R] [--quick] [--json FILE])");
        }
    }
    return o;
}

enum class Variant { V10Trigger, NoTrigger, OrderedIds };
const char* variantName(Variant v) {
    switch (v) {
        case Variant::V10Trigger: return "v10-trigger";
        case Variant::NoTrigger: return "no-trigger";
        case Variant::OrderedIds: return "ordered-ids";
    }
    return "?";
}

// One finding's rows, made before the clock starts.
struct Rows {
    std::string id, description, fieldsSha, entryHash, prevHash, opId, payload, body;
    int64_t atMs = 0;
    bool money = false;
};

// A record or op id as the store made it before version 11 (random) or makes it now (time-ordered).
std::string makeId(bool ordered, int64_t atMs) { return ordered ? timeOrderedId(atMs) : randomId(); }

std::vector<Rows> makeRows(int64_t n, bool orderedIds) {
    static const char* const kDescriptions[] = {
        "消防通道被杂物堵塞，夜间值班人员不足，已现场拍照取证。",
        "老人伙食费账目不清，部分支出无票据，需进一步核查。",
        "护理员未按规定持证上岗，培训记录缺失，整改期限三十日。",
        "救助物资发放台账与库存不符，差额待查，责任人已约谈。",
    };
    std::vector<Rows> out(static_cast<size_t>(n));
    std::string prev(64, '0');
    const int64_t t0 = 1796083200000;  // 2026-12-01
    for (int64_t i = 0; i < n; ++i) {
        Rows& r = out[static_cast<size_t>(i)];
        r.atMs = t0 + i / 10;  // ten findings a millisecond: ids of one millisecond differ in their random part
        r.id = makeId(orderedIds, r.atMs);
        r.description = "第" + std::to_string(i + 1) + "条：" + kDescriptions[i % 4];
        r.money = i % 5 == 0;
        r.fieldsSha = sha256Hex(r.id + r.description);
        r.prevHash = prev;
        r.entryHash = sha256Hex(r.prevHash + r.fieldsSha);
        prev = r.entryHash;
        r.opId = makeId(orderedIds, r.atMs);
        r.payload = json{{"unit_id", "unit-1"}, {"category", "safety"}, {"description", r.description}, {"source", "visit"}}.dump();
        // The search body as core's tokenizer makes it for CJK text: overlapping character bigrams.
        std::u32string chars;
        for (size_t k = 0; k < r.description.size();) {
            const unsigned char c = static_cast<unsigned char>(r.description[k]);
            const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            chars.push_back(static_cast<char32_t>(k));  // the byte offset is enough to cut bigrams
            k += len;
        }
        for (size_t k = 0; k + 1 < chars.size(); ++k) {
            const size_t from = chars[k], to = k + 2 < chars.size() ? chars[k + 2] : r.description.size();
            r.body += r.description.substr(from, to - from);
            r.body += ' ';
        }
    }
    return out;
}

struct Timing {
    double seconds = 0;
    double cpuSeconds = 0;
};

Timing runOnce(const std::string& path, bool encrypted, Variant variant, const std::vector<Rows>& rows) {
    detail::Database db = openStoreLikeDatabase(path, encrypted);
    must(db.exec("PRAGMA cache_size = -65536"), "cache_size");  // as the store (store.cpp)
    // Version 10 is the last with the finding-count triggers (migration 11 dropped them).
    must(detail::migrate(db, variant == Variant::V10Trigger ? 10 : detail::kCurrentSchemaVersion, {}), "migrate");
    must(db.exec("INSERT INTO units(id, version, created_ms, created_by, updated_ms, updated_by, code, name, unit_type) "
                 "VALUES ('unit-1', 1, 0, 'bench', 0, 'bench', 'U1', '测试单位', 'elderly_home')"),
         "unit");
    auto finding = must(db.prepare("INSERT INTO findings(id, version, created_ms, created_by, updated_ms, updated_by, unit_id, category, "
                                   "subcategory, description, money_involved, source, found_date, status) "
                                   "VALUES (?, 1, ?, 'g1m2', ?, 'g1m2', 'unit-1', 'safety', '现场检查发现', ?, ?, 'visit', '2026-12-01', 'recorded')"),
                        "prepare findings");
    auto audit = must(db.prepare("INSERT INTO audit_log(seq, device_id, prev_hash, actor, at_ms, action, record_type, record_id, fields_sha256, "
                                 "entry_hash, schema_version) VALUES (?, 'device-1', ?, 'g1m2', ?, 'create', 'finding', ?, ?, ?, " +
                                     std::to_string(detail::kCurrentSchemaVersion) + ")"),
                      "prepare audit");
    auto outbox = must(db.prepare("INSERT INTO outbox(op_id, audit_seq, action, record_type, record_id, base_version, payload, created_ms, hlc, "
                                  "field_bases) VALUES (?, ?, 'create', 'finding', ?, 0, ?, ?, ?, '')"),
                       "prepare outbox");
    auto doc = must(db.prepare("INSERT INTO search_docs(record_type, record_id) VALUES ('finding', ?)"), "prepare search_docs");
    auto fts = must(db.prepare("INSERT INTO search_index(docid, body) VALUES (last_insert_rowid(), ?)"), "prepare search_index");
    constexpr int64_t kBatch = 1000;
    Stopwatch clock;
    for (size_t from = 0; from < rows.size(); from += kBatch) {
        must(db.exec("BEGIN IMMEDIATE"), "begin");
        for (size_t i = from; i < std::min(rows.size(), from + kBatch); ++i) {
            const Rows& r = rows[i];
            const int64_t seq = static_cast<int64_t>(i) + 1;
            finding.bind(1, r.id).bind(2, r.atMs).bind(3, r.atMs).bind(4, r.description);
            if (r.money) finding.bind(5, int64_t{10050});
            else finding.bindNull(5);
            must(finding.run(), "insert finding");
            must(audit.bind(1, seq).bind(2, r.prevHash).bind(3, r.atMs).bind(4, r.id).bind(5, r.fieldsSha).bind(6, r.entryHash).run(),
                 "insert audit entry");
            must(outbox.bind(1, r.opId).bind(2, seq).bind(3, r.id).bind(4, r.payload).bind(5, r.atMs).bind(6, std::to_string(r.atMs)).run(),
                 "insert outbox entry");
            must(doc.bind(1, r.id).run(), "insert search doc");
            must(fts.bind(1, r.body).run(), "insert search body");
        }
        must(db.exec("COMMIT"), "commit");
    }
    Timing out{clock.seconds(), clock.cpuSeconds()};
    check(must(db.queryInt("SELECT count(*) FROM findings"), "count") == static_cast<int64_t>(rows.size()), "not every finding was written");
    checkEncryptedOnDisk(db, path, encrypted);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options opt = parse(argc, argv);
        ScratchDir dir;
        json all = json::array();
        std::printf("The floor: five prepared INSERTs per finding (record, audit entry, outbox, search doc, FTS4), 1,000 a transaction\n");
        std::printf("%-9s %-12s %-10s %12s %12s %12s   %s\n", "records", "variant", "storage", "µs/record", "cpu µs/rec", "records/s",
                    "(medians of rounds)");
        const std::vector<Variant> variants = {Variant::V10Trigger, Variant::NoTrigger, Variant::OrderedIds};
        for (int64_t n : opt.records) {
            const std::vector<Rows> randomRows = makeRows(n, false), orderedRows = makeRows(n, true);
            // samples[variant][encrypted]
            std::vector<std::vector<std::vector<Timing>>> samples(variants.size(), std::vector<std::vector<Timing>>(2));
            int file = 0;
            for (int round = 0; round < opt.rounds; ++round) {
                for (size_t k = 0; k < variants.size() * 2; ++k) {
                    // Rotate the order each round: no variant always runs first (a cold cache) or last.
                    const size_t slot = (k + static_cast<size_t>(round)) % (variants.size() * 2);
                    const size_t v = slot / 2;
                    const bool encrypted = slot % 2 == 0;
                    const std::string path = dir.file("floor-" + std::to_string(file++) + ".db");
                    samples[v][encrypted ? 1 : 0].push_back(
                        runOnce(path, encrypted, variants[v], variants[v] == Variant::OrderedIds ? orderedRows : randomRows));
                    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
                }
            }
            for (size_t v = 0; v < variants.size(); ++v) {
                double wall[2], cpu[2];
                for (int e = 1; e >= 0; --e) {
                    std::vector<double> w, c;
                    for (const auto& s : samples[v][static_cast<size_t>(e)]) {
                        w.push_back(s.seconds);
                        c.push_back(s.cpuSeconds);
                    }
                    wall[e] = median(w);
                    cpu[e] = median(c);
                    std::printf("%-9lld %-12s %-10s %12.1f %12.1f %12.0f\n", static_cast<long long>(n), variantName(variants[v]),
                                e ? "SQLCipher" : "plain", wall[e] * 1e6 / static_cast<double>(n), cpu[e] * 1e6 / static_cast<double>(n),
                                static_cast<double>(n) / wall[e]);
                    all.push_back({{"records", n}, {"variant", variantName(variants[v])}, {"encrypted", e == 1},
                                   {"us_per_record", wall[e] * 1e6 / static_cast<double>(n)},
                                   {"cpu_us_per_record", cpu[e] * 1e6 / static_cast<double>(n)}, {"wall_s", w}, {"cpu_s", c}});
                }
                std::printf("%-9s %-12s %-10s %12.2f %12.2f\n", "", "", "enc/plain", wall[1] / wall[0], cpu[1] / cpu[0]);
            }
        }
        if (!opt.jsonPath.empty()) std::ofstream(opt.jsonPath) << json{{"rounds", opt.rounds}, {"results", all}}.dump(2) << "\n";
        return 0;
    } catch (const BenchError& e) {
        std::fprintf(stderr, "bench_floor: %s\n", e.what());
        return 1;
    }
}
