// bench_domain — the campaign's dashboard figures and full-text search at 100,000 findings, on the
// encrypted store (docs/benchmarks.md, "Dashboard and search").
//
//   bench_domain [--findings N] [--repeat R] [--quick] [--json]
//
// Builds one encrypted store with 40 units, N findings (Chinese descriptions drawn from a
// vocabulary, every category and life-cycle state), plans with measures and reports, then times
// dashboard() (four batches, progress per unit and every rule flag) and search() for queries of
// different selectivity: median, p90 and max of R runs each. Targets: ≤ 50 ms median each.
#include <cstring>
#include <iostream>
#include <random>

#include "bench_support.h"
#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/search.h"
#include "fieldcheck/core/store.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;

namespace {

struct Options {
    int findings = 100000;
    int repeat = 21;
    bool json = false;
};

const std::vector<std::string> kCategories = {"responsibility", "eight_rules", "four_styles", "public_interest",
                                              "misconduct", "inaction", "internal", "safety"};
const std::vector<std::string> kPhrases = {
    "救灾资金发放台账与银行流水不符", "公务接待无公函、超标准列支", "检查记录事后补写，存在形式主义问题",
    "向入住老人收取未经批准的服务费", "民政服务机构普查数据漏报、迟报", "灭火器过期、夜间值班人员不足",
    "保密文件未按规定登记管理", "党支部未按期开展廉政风险排查", "消防通道堵塞，安全隐患长期未整改",
    "优抚对象资格审核把关不严", "福彩公益金项目验收资料不全", "公车私用，车辆使用登记缺失",
    "低保对象动态管理不及时", "殡葬服务收费标准未公示", "儿童福利院食品留样制度执行不到位"};
const std::vector<std::string> kPlaces = {"区社会福利院", "东城街道敬老院", "区救助管理站", "区殡仪馆", "社会救助科",
                                          "区儿童福利院", "光明社区服务中心", "区福利彩票发行中心"};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw BenchError(a + " needs a value");
            return argv[++i];
        };
        if (a == "--findings") o.findings = std::stoi(next());
        else if (a == "--repeat") o.repeat = std::stoi(next());
        else if (a == "--json") o.json = true;
        else if (a == "--quick") {
            o.findings = 2000;
            o.repeat = 3;
        } else throw BenchError("unknown option " + a + " (--findings N, --repeat R, --quick, --json)");
    }
    return o;
}

// Moves a finding along its life cycle to a state drawn from a realistic distribution.
void advance(Store& store, const std::string& id, int stage) {
    static const std::vector<std::vector<std::string>> paths = {
        {}, {"submitted"}, {"submitted", "verified"}, {"submitted", "verified", "case_opened"},
        {"submitted", "verified", "rectifying"}, {"submitted", "verified", "rectifying", "closed"}};
    for (const auto& to : paths[static_cast<size_t>(stage)]) must(store.updateRecord("finding", id, {{"status", to}}), "advance");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options o = parse(argc, argv);
        ScratchDir dir;
        const std::string path = dir.file("domain.db");
        StoreOptions so;
        so.actor = "bench";
        auto store = must(Store::create(path, SecretBytes::fromString("bench passphrase"), KdfParams::minimumForTests(), so), "create");
        std::mt19937_64 rng(20260324);

        Stopwatch build;
        std::vector<std::string> units;
        must(store->transaction([&]() -> Status {
                 for (int u = 0; u < 40; ++u) {
                     char code[16];
                     std::snprintf(code, sizeof code, "MZ%03d", u + 1);
                     FC_ASSIGN_OR_RETURN(Record r, store->createRecord("unit", {{"code", code},
                                                                               {"name", kPlaces[static_cast<size_t>(u) % kPlaces.size()] + std::to_string(u)},
                                                                               {"unit_type", "elderly_home"}}));
                     units.push_back(r.id);
                 }
                 return {};
             }),
             "units");
        const int batch = 1000;
        for (int done = 0; done < o.findings; done += batch) {
            must(store->transaction([&]() -> Status {
                     for (int i = done; i < std::min(o.findings, done + batch); ++i) {
                         const std::string& unit = units[rng() % units.size()];
                         std::string text = kPlaces[rng() % kPlaces.size()] + kPhrases[rng() % kPhrases.size()] + "，" +
                                            kPhrases[rng() % kPhrases.size()] + "（编号" + std::to_string(i) + "）";
                         FC_ASSIGN_OR_RETURN(Record f, store->createRecord("finding", {{"unit_id", unit},
                                                                                      {"category", kCategories[rng() % kCategories.size()]},
                                                                                      {"source", "visit"},
                                                                                      {"description", text}}));
                         const int stage = static_cast<int>(rng() % 6);
                         if (stage > 0 && i % 10 == 0) advance(*store, f.id, stage);  // 10 % move on: keeps the build quick
                     }
                     return {};
                 }),
                 "findings");
        }
        must(store->transaction([&]() -> Status {
                 for (size_t u = 0; u < units.size(); ++u) {
                     FC_ASSIGN_OR_RETURN(Record plan, store->createRecord("rectification_plan", {{"unit_id", units[u]}, {"title", "整改方案"}}));
                     for (int m = 0; m < 4; ++m) {
                         FC_TRY(store->createRecord("rectification_measure",
                                                    {{"plan_id", plan.id}, {"description", "建立台账并公示"}, {"owner", "王"},
                                                     {"deadline", m % 2 ? "2026-05-01" : "2026-12-31"}, {"kind", m == 3 ? "needs_support" : "immediate"}}));
                     }
                     FC_TRY(store->createRecord("self_inspection", {{"unit_id", units[u]}, {"period", "2026-04"}, {"zero_report", u % 3 == 0}}));
                     for (int c = 0; c < 5; ++c) {
                         if (u % 2 == 0) {
                             FC_TRY(store->createRecord("complaint", {{"unit_id", units[u]}, {"channel", "hotline"},
                                                                      {"received_date", "2026-04-1" + std::to_string(c)},
                                                                      {"category", "four_styles"}, {"summary", "反映推诿扯皮"},
                                                                      {"conclusion", c == 0 ? "unsubstantiated" : "pending"}}));
                         }
                     }
                 }
                 return {};
             }),
             "plans");
        must(store->checkpoint(), "checkpoint");
        const double buildSeconds = build.seconds();
        // Reopen, as a user would: nothing warm but the OS page cache.
        store.reset();
        store = must(Store::open(path, SecretBytes::fromString("bench passphrase"), so), "open");

        struct Row {
            std::string name;
            Summary s;
            size_t results;
        };
        std::vector<Row> rows;
        auto time = [&](const std::string& name, const std::function<size_t()>& op) {
            std::vector<double> samples;
            size_t results = 0;
            for (int r = 0; r < o.repeat; ++r) {
                Stopwatch w;
                results = op();
                samples.push_back(w.seconds());
            }
            rows.push_back({name, summarize(samples), results});
        };
        time("dashboard()", [&] { return must(dashboard(*store, "2026-05-20", "2026-04"), "dashboard").units.size(); });
        time("mandatorySpotChecks()", [&] { return must(mandatorySpotChecks(*store, "2026-04"), "spot").size(); });
        for (const std::string q : {"消防通道", "服务费", "公益金项目验收", "救灾 台账", "编号12345"}) {
            time("search(\"" + q + "\")", [&] { return must(search(*store, q, {}), "search").size(); });
        }
        SearchOptions all;
        all.limit = -1;
        time("search(\"消防通道\", no limit)", [&] { return must(search(*store, "消防通道", all), "search").size(); });

        MachineInfo m = describeMachine(dir.path());
        if (o.json) {
            nlohmann::json j = {{"findings", o.findings}, {"repeat", o.repeat}, {"build_seconds", buildSeconds}, {"cpu", m.cpu}};
            for (const auto& r : rows) {
                j["results"].push_back({{"name", r.name}, {"median_ms", r.s.median * 1e3}, {"p90_ms", r.s.p90 * 1e3},
                                        {"max_ms", r.s.max * 1e3}, {"results", r.results}});
            }
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "bench_domain: " << withThousands(o.findings) << " findings, 40 units, encrypted store, " << o.repeat
                      << " runs each (store built in " << formatFixed(buildSeconds, 1) << " s)\n"
                      << "machine: " << m.cpu << ", " << m.cores << " cores, SQLCipher " << m.sqlcipherVersion
                      << ", load " << loadAverageNow() << "\n\n";
            std::cout << "| operation | median | p90 | max | results |\n| --- | ---: | ---: | ---: | ---: |\n";
            for (const auto& r : rows) {
                std::cout << "| " << r.name << " | " << formatFixed(r.s.median * 1e3, 1) << " ms | " << formatFixed(r.s.p90 * 1e3, 1)
                          << " ms | " << formatFixed(r.s.max * 1e3, 1) << " ms | " << r.results << " |\n";
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_domain: " << e.what() << "\n";
        return 1;
    }
}
