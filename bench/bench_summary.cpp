// bench_summary — the monthly summary PDF (qml/src/monthly_summary.h) at 100,000 findings, on the
// encrypted store (docs/benchmarks.md).
//
//   bench_summary [--findings N] [--repeat R] [--quick] [--json]
//
// Builds one encrypted store with 40 units, N findings found over five months (every category),
// plans with measures, self-inspections, complaints and monthly reports, reopens it, then times
// renderMonthlySummary() — dashboard(), the rule lists, the month's findings by category, the
// layout and the PDF with its embedded font — R times (median and max), and one
// writeMonthlySummary() to a file. Target: ≤ 5 s for the summary at 100,000 findings.
#include <QGuiApplication>
#include <cstdio>
#include <iostream>
#include <random>

#include "bench_support.h"
#include "fieldcheck/core/store.h"
#include "monthly_summary.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;

namespace {

struct Options {
    int findings = 100000;
    int repeat = 5;
    bool json = false;
};

const std::vector<std::string> kCategories = {"responsibility", "eight_rules", "four_styles", "public_interest",
                                              "misconduct", "inaction", "internal", "safety"};
const std::vector<std::string> kPhrases = {"救灾资金发放台账与银行流水不符", "公务接待无公函、超标准列支",
                                           "灭火器过期、夜间值班人员不足", "消防通道堵塞，安全隐患长期未整改",
                                           "福彩公益金项目验收资料不全", "低保对象动态管理不及时"};
const std::vector<std::string> kMonths = {"2026-03", "2026-04", "2026-05", "2026-06", "2026-07"};

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
            o.repeat = 2;
        } else throw BenchError("unknown option " + a + " (--findings N, --repeat R, --quick, --json)");
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    // Fonts need a QGuiApplication; no display is needed to write a PDF.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    try {
        Options o = parse(argc, argv);
        ScratchDir dir;
        const std::string path = dir.file("summary.db");
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
                                                                               {"name", "第" + std::to_string(u + 1) + "社区服务站"},
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
                         const std::string& month = kMonths[rng() % kMonths.size()];
                         const int day = 1 + static_cast<int>(rng() % 28);
                         char found[16];
                         std::snprintf(found, sizeof found, "%s-%02d", month.c_str(), day);
                         FC_TRY(store->createRecord("finding", {{"unit_id", units[rng() % units.size()]},
                                                                {"category", kCategories[rng() % kCategories.size()]},
                                                                {"source", "visit"},
                                                                {"found_date", found},
                                                                {"description", kPhrases[rng() % kPhrases.size()] + "（编号" + std::to_string(i) + "）"}}));
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
                                                     {"deadline", m % 2 ? "2026-05-01" : "2026-12-31"}, {"kind", "immediate"}}));
                     }
                     FC_TRY(store->createRecord("self_inspection", {{"unit_id", units[u]}, {"period", "2026-05"}, {"zero_report", u % 3 == 0}}));
                     if (u % 2 == 0) {
                         FC_TRY(store->createRecord("complaint", {{"unit_id", units[u]}, {"channel", "hotline"},
                                                                  {"received_date", "2026-05-12"}, {"category", "four_styles"},
                                                                  {"summary", "反映推诿扯皮"}, {"conclusion", "unsubstantiated"}}));
                     }
                 }
                 return {};
             }),
             "plans");
        must(store->checkpoint(), "checkpoint");
        const double buildSeconds = build.seconds();
        store.reset();
        store = must(Store::open(path, SecretBytes::fromString("bench passphrase"), so), "open");

        const ui::MonthlySummaryOptions summary{"2026-05", "2026-06-20", false};
        std::vector<double> seconds;
        int pages = 0;
        int64_t bytes = 0;
        for (int r = 0; r < o.repeat; ++r) {
            Stopwatch sw;
            QByteArray pdf = must(ui::renderMonthlySummary(*store, summary, &pages), "render");
            seconds.push_back(sw.seconds());
            bytes = pdf.size();
            check(pdf.startsWith("%PDF-"), "not a PDF");
        }
        Stopwatch fileWatch;
        must(ui::writeMonthlySummary(*store, dir.file("月度汇总_2026-05.pdf"), summary), "write");
        const double fileSeconds = fileWatch.seconds();
        const Summary s = summarize(seconds);
        const bool met = s.median <= 5.0;
        if (o.json) {
            std::printf("{\"findings\": %d, \"build_s\": %.2f, \"render_median_s\": %.3f, \"render_max_s\": %.3f, "
                        "\"write_s\": %.3f, \"pages\": %d, \"bytes\": %lld, \"target_s\": 5, \"met\": %s}\n",
                        o.findings, buildSeconds, s.median, s.max, fileSeconds, pages, static_cast<long long>(bytes),
                        met ? "true" : "false");
        } else {
            std::printf("store: %d findings over 40 units, built in %.1f s\n", o.findings, buildSeconds);
            std::printf("monthly summary 2026-05: median %.3f s, max %.3f s over %d runs; written to a file in %.3f s; "
                        "%d pages, %lld bytes — target ≤ 5 s: %s\n",
                        s.median, s.max, o.repeat, fileSeconds, pages, static_cast<long long>(bytes), met ? "met" : "MISSED");
        }
        return 0;
    } catch (const BenchError& e) {
        std::cerr << "bench_summary: " << e.what() << "\n";
        return 1;
    }
}
