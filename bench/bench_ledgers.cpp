// bench_ledgers — imports and ledgers on the encrypted store (docs/benchmarks.md, "Imports and
// ledgers").
//
//   bench_ledgers [--petitions N] [--findings N] [--repeat R] [--quick] [--json]
//
// 1. Import of N petition rows (default 10,000) from CSV (UTF-8 and GB18030) and from XLSX into a
//    fresh store with 40 units: reading alone, the whole import (every row validated, created,
//    audited, queued for sync and indexed for search, in one transaction), and a re-import of
//    the same file (every row unchanged: nothing written).
// 2. Export of the findings ledger with N findings (default 100,000) to XLSX (target ≤ 10 s) and
//    CSV.
// For comparison, the same petitions created through Store::createRecord directly (what the
// importer adds on top is reading, checking and matching). Exports report the peak resident set
// size while they run (constant-memory XLSX). Medians (and min/max) of R runs each (default 3).
#include <iconv.h>
#include <xlsxwriter.h>

#include <sys/stat.h>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>

#include "bench_support.h"
#include "fieldcheck/core/importer.h"
#include "fieldcheck/core/ledgers.h"
#include "fieldcheck/core/store.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;

namespace {

struct Options {
    int petitions = 10000;
    int findings = 100000;
    int repeat = 3;
    bool json = false;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw BenchError(a + " needs a value");
            return argv[++i];
        };
        if (a == "--petitions")
            o.petitions = std::stoi(next());
        else if (a == "--findings")
            o.findings = std::stoi(next());
        else if (a == "--repeat")
            o.repeat = std::stoi(next());
        else if (a == "--json")
            o.json = true;
        else if (a == "--quick") {
            o.petitions = 500;
            o.findings = 2000;
            o.repeat = 1;
        } else {
            throw BenchError("unknown option " + a +
                             " (--petitions N, --findings N, --repeat R, --quick, --json)");
        }
    }
    return o;
}

const std::vector<std::string> kChannels = {"来信", "来访", "热线电话", "网上留言", "上级转办"};
const std::vector<std::string> kCategories = {"“四风”问题", "损害群众利益",   "乱作为",
                                              "不作为",     "内部管理与作风", "安全隐患"};
const std::vector<std::string> kConclusions = {"", "待查", "属实", "部分属实", "否"};
const std::vector<std::string> kPhrases = {"救灾资金发放台账与银行流水不符",
                                           "公务接待无公函、超标准列支",
                                           "向入住老人收取未经批准的服务费",
                                           "民政服务机构普查数据漏报、迟报",
                                           "灭火器过期、夜间值班人员不足",
                                           "办事推诿扯皮、群众多次跑腿",
                                           "低保对象动态管理不及时",
                                           "殡葬服务收费标准未公示",
                                           "工作人员吃拿卡要",
                                           "消防通道堵塞，安全隐患长期未整改"};
const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈",
                                            "杨", "赵", "黄", "周", "吴"};
const std::vector<std::string> kGiven = {"秀英", "伟", "芳", "敏", "静",
                                         "丽",   "强", "磊", "军", "洋"};

std::string unitCode(size_t u) {
    char code[16];
    std::snprintf(code, sizeof code, "MZ%03zu", u + 1);
    return code;
}

struct Petition {
    std::string ref, unit, channel, date, category, summary, conclusion, complainant;
};

std::vector<Petition> makePetitions(int n) {
    std::mt19937_64 rng(20260324);
    std::vector<Petition> out;
    for (int i = 0; i < n; ++i) {
        char ref[32], date[16];
        std::snprintf(ref, sizeof ref, "XF-2026-%05d", i + 1);
        std::snprintf(date, sizeof date, "2026-%02d-%02d", 3 + static_cast<int>(rng() % 4),
                      1 + static_cast<int>(rng() % 28));
        const std::string unit = unitCode(rng() % 40);
        out.push_back({ref, unit, kChannels[rng() % kChannels.size()], date,
                       kCategories[rng() % kCategories.size()],
                       "反映" + unit + kPhrases[rng() % kPhrases.size()] + "，请求核查处理",
                       kConclusions[rng() % kConclusions.size()],
                       kSurnames[rng() % 10] + kGiven[rng() % 10]});
    }
    return out;
}

const std::vector<std::string> kPetitionHeader = {"信访件编号", "被反映单位代码", "来源渠道",
                                                  "收件日期",   "问题类别",       "反映内容",
                                                  "调查结论",   "信访人"};

std::string csvOf(const std::vector<Petition>& ps) {
    std::string s;
    for (size_t c = 0; c < kPetitionHeader.size(); ++c) s += (c ? "," : "") + kPetitionHeader[c];
    s += "\r\n";
    for (const auto& p : ps) {
        s += p.ref + "," + p.unit + "," + p.channel + "," + p.date + "," + p.category + ",\"" +
             p.summary + "\"," + p.conclusion + "," + p.complainant + "\r\n";
    }
    return s;
}

std::string toGb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    check(cd != reinterpret_cast<iconv_t>(-1), "iconv GB18030");
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t inLeft = utf8.size();
    char* dst = out.data();
    size_t outLeft = out.size();
    check(iconv(cd, &in, &inLeft, &dst, &outLeft) != static_cast<size_t>(-1), "iconv to GB18030");
    iconv_close(cd);
    out.resize(out.size() - outLeft);
    return out;
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    check(static_cast<bool>(f), "write " + path);
}

// As Excel would save it: shared strings, dates as serial numbers with a date format.
void writeXlsx(const std::string& path, const std::vector<Petition>& ps) {
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "信访登记");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    for (size_t c = 0; c < kPetitionHeader.size(); ++c)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), kPetitionHeader[c].c_str(),
                               nullptr);
    lxw_row_t r = 1;
    for (const auto& p : ps) {
        worksheet_write_string(ws, r, 0, p.ref.c_str(), nullptr);
        worksheet_write_string(ws, r, 1, p.unit.c_str(), nullptr);
        worksheet_write_string(ws, r, 2, p.channel.c_str(), nullptr);
        lxw_datetime dt{std::stoi(p.date.substr(0, 4)),
                        std::stoi(p.date.substr(5, 2)),
                        std::stoi(p.date.substr(8, 2)),
                        0,
                        0,
                        0};
        worksheet_write_datetime(ws, r, 3, &dt, date);
        worksheet_write_string(ws, r, 4, p.category.c_str(), nullptr);
        worksheet_write_string(ws, r, 5, p.summary.c_str(), nullptr);
        if (!p.conclusion.empty()) worksheet_write_string(ws, r, 6, p.conclusion.c_str(), nullptr);
        worksheet_write_string(ws, r, 7, p.complainant.c_str(), nullptr);
        ++r;
    }
    check(workbook_close(wb) == LXW_NO_ERROR, "write " + path);
}

std::unique_ptr<Store> storeWithUnits(const std::string& path) {
    StoreOptions so;
    so.actor = "bench";
    auto store = must(Store::create(path, SecretBytes::fromString("bench passphrase"),
                                    KdfParams::minimumForTests(), so),
                      "create");
    must(store->transaction([&]() -> Status {
        FC_TRY(store->createRecord("campaign",
                                   {{"code", "ZF2026"}, {"name", "基层正风反腐专项治理"}}));
        for (size_t u = 0; u < 40; ++u) {
            FC_TRY(store->createRecord("unit", {{"code", unitCode(u)},
                                                {"name", "单位" + unitCode(u)},
                                                {"unit_type", "elderly_home"}}));
        }
        return {};
    }),
         "units");
    return store;
}

int64_t fileSize(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
}

// The process's peak resident set size (VmHWM), and its reset (Linux: write 5 to clear_refs).
int64_t statusKiB(const std::string& key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind(key + ":", 0) == 0) return std::stoll(line.substr(key.size() + 1));
    }
    return -1;
}
int64_t peakRssKiB() {
    return statusKiB("VmHWM");
}
int64_t rssKiB() {
    return statusKiB("VmRSS");
}

void resetPeakRss() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
}

struct Row {
    std::string name;
    Summary s;
    std::string note;
};

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse(argc, argv);
        ScratchDir dir;
        std::vector<Row> rows;
        // `setup` runs before each timed run and is not timed.
        auto time = [&](const std::string& name, const std::function<std::string(int)>& op,
                        const std::function<void(int)>& setup = nullptr) {
            std::vector<double> samples;
            std::string note;
            for (int r = 0; r < o.repeat; ++r) {
                if (setup) setup(r);
                Stopwatch w;
                note = op(r);
                samples.push_back(w.seconds());
            }
            rows.push_back({name, summarize(samples), note});
        };

        // --- 1. imports ---------------------------------------------------------------------
        const auto petitions = makePetitions(o.petitions);
        const std::string csv = dir.file("petitions.csv"), gb = dir.file("petitions_gb18030.csv"),
                          xlsx = dir.file("petitions.xlsx");
        writeText(csv, csvOf(petitions));
        writeText(gb, toGb18030(csvOf(petitions)));
        writeXlsx(xlsx, petitions);
        const std::string n = withThousands(o.petitions);
        int round = 0;
        for (const auto& [label, file] : std::vector<std::pair<std::string, std::string>>{
                 {"CSV UTF-8", csv}, {"CSV GB18030", gb}, {"XLSX", xlsx}}) {
            time("read " + n + " petition rows, " + label + " (parse only)", [&](int) {
                auto t = must(readTable(file), "read " + file);
                check(static_cast<int>(t.rows.size()) == o.petitions + 1, "row count");
                return withThousands(fileSize(file) / 1024) + " KiB";
            });
            std::unique_ptr<Store> last;
            time(
                "import " + n + " petitions, " + label + ", into a store with 40 units",
                [&](int) {
                    auto report = must(importFile(*last, "complaints", file), "import");
                    if (!report.ok())
                        throw BenchError("import reported errors: " +
                                         report.toJson().dump().substr(0, 400));
                    check(report.created == o.petitions, "created count");
                    return std::to_string(report.created) + " created";
                },
                [&](int r) {
                    const std::string sub =
                        dir.makeSubdir("import-" + std::to_string(round) + "-" + std::to_string(r));
                    last.reset();
                    last = storeWithUnits(sub + "/s.db");
                });
            ++round;
            time("re-import the same " + label + " file (all unchanged)", [&](int) {
                auto report = must(importFile(*last, "complaints", file), "re-import");
                check(report.ok() && report.unchanged == o.petitions && report.created == 0 &&
                          report.updated == 0,
                      "unchanged");
                return std::to_string(report.unchanged) + " unchanged";
            });
        }

        // The floor: the same rows through Store::createRecord directly, units already resolved.
        {
            std::unique_ptr<Store> direct;
            std::map<std::string, std::string> unitIds;
            time(
                "the same " + n + " petitions through Store::createRecord directly (the floor)",
                [&](int) {
                    must(direct->transaction([&]() -> Status {
                        for (const auto& p : petitions) {
                            nlohmann::json f = {{"ref_no", p.ref},
                                                {"unit_id", unitIds.at(p.unit)},
                                                {"channel", p.channel},
                                                {"received_date", p.date},
                                                {"category", p.category},
                                                {"summary", p.summary},
                                                {"complainant", p.complainant}};
                            if (!p.conclusion.empty()) f["conclusion"] = p.conclusion;
                            FC_TRY(direct->createRecord("complaint", f));
                        }
                        return {};
                    }),
                         "direct");
                    return std::to_string(petitions.size()) + " created";
                },
                [&](int r) {
                    direct.reset();
                    direct =
                        storeWithUnits(dir.makeSubdir("direct-" + std::to_string(r)) + "/s.db");
                    unitIds.clear();
                    for (const auto& u : must(direct->listRecords("unit"), "units"))
                        unitIds[u.fields["code"]] = u.id;
                });
        }

        // --- 2. export of the findings ledger -----------------------------------------------
        Stopwatch build;
        auto store = storeWithUnits(dir.file("findings.db"));
        std::vector<std::string> units;
        for (const auto& u : must(store->listRecords("unit"), "units")) units.push_back(u.id);
        std::mt19937_64 rng(7);
        static const std::vector<std::string> categories = {
            "responsibility", "eight_rules", "four_styles", "public_interest",
            "misconduct",     "inaction",    "internal",    "safety"};
        static const std::vector<std::string> sources = {"visit", "self_inspection", "petition",
                                                         "spot_check", "clue_screening"};
        const int batch = 2000;
        for (int done = 0; done < o.findings; done += batch) {
            must(store->transaction([&]() -> Status {
                for (int i = done; i < std::min(o.findings, done + batch); ++i) {
                    char date[16];
                    std::snprintf(date, sizeof date, "2026-%02d-%02d",
                                  3 + static_cast<int>(rng() % 4),
                                  1 + static_cast<int>(rng() % 28));
                    nlohmann::json f = {{"unit_id", units[rng() % units.size()]},
                                        {"category", categories[rng() % categories.size()]},
                                        {"source", sources[rng() % sources.size()]},
                                        {"found_date", date},
                                        {"subcategory", "具体问题" + std::to_string(rng() % 20)},
                                        {"description", kPhrases[rng() % kPhrases.size()] + "，" +
                                                            kPhrases[rng() % kPhrases.size()] +
                                                            "（编号" + std::to_string(i) + "）"}};
                    if (rng() % 3 == 0)
                        f["money_involved"] =
                            std::to_string(rng() % 100000) + "." + std::to_string(10 + rng() % 90);
                    if (rng() % 4 == 0)
                        f["persons_involved"] = kSurnames[rng() % 10] + kGiven[rng() % 10];
                    FC_TRY(store->createRecord("finding", f));
                }
                return {};
            }),
                 "findings");
        }
        must(store->checkpoint(), "checkpoint");
        const double buildSeconds = build.seconds();
        const std::string nf = withThousands(o.findings);
        LedgerOptions lo;
        lo.today = "2026-07-20";
        for (const auto& [label, format, sensitive] :
             std::vector<std::tuple<std::string, LedgerFormat, bool>>{
                 {"XLSX", LedgerFormat::Xlsx, false},
                 {"XLSX, with sensitive columns", LedgerFormat::Xlsx, true},
                 {"CSV", LedgerFormat::Csv, false}}) {
            resetPeakRss();
            const int64_t rssBefore = rssKiB();
            time("export " + nf + " findings to " + label, [&](int r) {
                const std::string out = dir.file("findings-" + std::to_string(r) +
                                                 (format == LedgerFormat::Csv ? ".csv" : ".xlsx"));
                ExportOptions eo;
                eo.format = format;
                eo.force = true;
                LedgerOptions opts = lo;
                opts.withSensitive = sensitive;
                auto res = must(exportLedger(*store, "findings", out, opts, eo), "export");
                check(res.rows == o.findings, "exported rows");
                return withThousands(fileSize(out) / 1024) + " KiB, RSS " +
                       withThousands(rssBefore / 1024) + " MiB before, peak " +
                       withThousands(peakRssKiB() / 1024) + " MiB";
            });
        }

        MachineInfo m = describeMachine(dir.path());
        if (o.json) {
            nlohmann::json j = {{"petitions", o.petitions},
                                {"findings", o.findings},
                                {"repeat", o.repeat},
                                {"findings_build_seconds", buildSeconds},
                                {"cpu", m.cpu}};
            for (const auto& r : rows) {
                j["results"].push_back({{"name", r.name},
                                        {"median_s", r.s.median},
                                        {"min_s", r.s.min},
                                        {"max_s", r.s.max},
                                        {"note", r.note}});
            }
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "bench_ledgers: " << n << " petitions, " << nf
                      << " findings, 40 units, encrypted store, " << o.repeat
                      << " run(s) each (findings store built in " << formatFixed(buildSeconds, 1)
                      << " s)\n"
                      << "machine: " << m.cpu << ", " << m.cores << " cores, " << m.fileSystem
                      << ", SQLCipher " << m.sqlcipherVersion << ", load " << loadAverageNow()
                      << "\n\n";
            std::cout
                << "| operation | median | min | max | |\n| --- | ---: | ---: | ---: | --- |\n";
            for (const auto& r : rows) {
                std::cout << "| " << r.name << " | " << formatFixed(r.s.median, 3) << " s | "
                          << formatFixed(r.s.min, 3) << " s | " << formatFixed(r.s.max, 3)
                          << " s | " << r.note << " |\n";
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_ledgers: " << e.what() << "\n";
        return 1;
    }
}
