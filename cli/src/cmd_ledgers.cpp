// `fieldcheck import` and `fieldcheck export`: rosters in from CSV/XLSX, ledgers out as XLSX/CSV.
#include "command_context.h"
#include "commands.h"
#include "fieldcheck/core/importer.h"
#include "fieldcheck/core/ledgers.h"

namespace fieldcheck::cli {
namespace {

void printImportErrors(Cli& cli, const ImportReport& r, const std::string& file) {
    cli.err() << "fieldcheck: " << file << ": " << r.errors.size()
              << " problem(s); nothing was imported:\n";
    for (const auto& e : r.errors) {
        cli.err() << "  ";
        if (e.row > 0)
            cli.err() << "row " << e.row;
        else
            cli.err() << "file";
        if (!e.column.empty()) cli.err() << ", column " << e.column;
        cli.err() << ": " << e.reason << "\n";
    }
}

int runImport(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() != 3) {
        return cli.usage(
            "usage: fieldcheck import units|complaints|self_inspections FILE [--encoding "
            "utf-8|gb18030] "
            "[--campaign CODE] [--dry-run] [--json]");
    }
    auto columns = importColumns(p[1]);
    if (!columns.ok()) return cli.usage(columns.error().message);
    ImportOptions options;
    if (auto enc = cli.args().option("--encoding")) {
        auto e = parseTextEncoding(*enc);
        if (!e.ok()) return cli.usage(e.error().message);
        options.encoding = e.value();
    }
    options.dryRun = cli.args().flag("--dry-run");
    options.campaignCode = cli.args().option("--campaign").value_or("");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto report = importFile(*store.value(), p[1], p[2], options);
    if (!report.ok()) return cli.fail(report.error());
    const ImportReport& r = report.value();
    if (cli.json()) {
        cli.out() << r.toJson().dump() << "\n";
        return r.ok() ? kExitOk : kExitFailed;
    }
    if (!r.ok()) {
        printImportErrors(cli, r, p[2]);
        return kExitFailed;
    }
    cli.out() << p[2] << " (" << r.format << (r.format == "csv" ? ", " + r.encoding : std::string())
              << ", header in row " << r.headerRow << "): " << r.rows << " row(s) — " << r.created
              << " created, " << r.updated << " updated, " << r.unchanged << " unchanged"
              << (r.dryRun ? " (dry run: nothing was written)" : "") << "\n";
    if (!r.ignoredColumns.empty()) {
        cli.err() << "columns not imported (no such field):";
        for (const auto& c : r.ignoredColumns) cli.err() << " " << c;
        cli.err() << "\n";
    }
    return kExitOk;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int runExport(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() != 2 || !cli.args().option("--out")) {
        return cli.usage(
            "usage: fieldcheck export "
            "findings|rectification|monthly_reports|petitions|accountability|"
            "four_batches --out FILE [--format xlsx|csv] [--month YYYY-MM] [--with-sensitive] "
            "[--force]");
    }
    if (ledgerTitleZh(p[1]).empty()) {
        std::string known;
        for (const auto& k : ledgerKinds()) known += (known.empty() ? "" : ", ") + k;
        return cli.usage("unknown ledger '" + p[1] + "' (" + known + ")");
    }
    const std::string out = *cli.args().option("--out");
    ExportOptions exportOptions;
    std::string lower;
    for (char c : out) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    exportOptions.format = endsWith(lower, ".csv") ? LedgerFormat::Csv : LedgerFormat::Xlsx;
    if (auto f = cli.args().option("--format")) {
        auto parsed = parseLedgerFormat(*f);
        if (!parsed.ok()) return cli.usage(parsed.error().message);
        exportOptions.format = parsed.value();
    }
    exportOptions.force = cli.args().flag("--force");
    LedgerOptions options;
    options.month = cli.args().option("--month").value_or("");
    options.today = cli.args().option("--today").value_or("");
    options.withSensitive = cli.args().flag("--with-sensitive");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto result = exportLedger(*store.value(), p[1], out, options, exportOptions);
    if (!result.ok()) return cli.fail(result.error());
    if (cli.json()) {
        cli.out() << result->toJson().dump() << "\n";
        return kExitOk;
    }
    cli.out() << "wrote " << ledgerTitleZh(p[1]) << " (" << p[1] << "): " << result->rows
              << " row(s) to " << out << " (" << result->format << ")\n";
    if (!options.withSensitive && (p[1] == "findings" || p[1] == "petitions")) {
        cli.err() << "personal data left out (" << (p[1] == "findings" ? "涉及人员" : "信访人")
                  << "); --with-sensitive includes it\n";
    }
    return kExitOk;
}

}  // namespace

std::vector<ExtensionCommand> ledgerCommands() {
    return {
        {"import",
         "import units|complaints|self_inspections FILE  rosters from CSV (UTF-8/GB18030) or XLSX",
         "fieldcheck import units|complaints|self_inspections FILE [--encoding utf-8|gb18030] "
         "[--campaign CODE]\n"
         "                 [--dry-run] [--json]\n"
         "Imports a CSV or XLSX file (first sheet), all or nothing: if any row is wrong, nothing "
         "is written\n"
         "and every wrong row is listed with its row number, column and reason (exit status 1). "
         "Rows are\n"
         "matched to existing records by 单位代码 (units), 信访件编号 (complaints) or 单位代码 + "
         "期间\n"
         "(self-inspections): identical ones are left alone, changed ones updated, new ones "
         "created, so\n"
         "importing the same file again changes nothing. Headers are the Chinese labels or the "
         "English\n"
         "field names, e.g.\n"
         "  units:            单位代码* 单位名称* 单位类型* 地址 纬度 经度 分管领导 重点整改单位\n"
         "  complaints:       信访件编号* 被反映单位代码* 来源渠道* 收件日期* 问题类别* 反映内容* "
         "调查结论 信访人\n"
         "                    督办人 督办期限 督办结果\n"
         "  self_inspections: 单位代码* 期间* 零报告* 自查问题数 自查情况\n"
         "(* required). CSV encoding is detected (UTF-8 with or without BOM, else GB18030); "
         "--encoding\n"
         "overrides it. --dry-run checks and applies everything, then rolls back. New complaints "
         "and\n"
         "self-inspections belong to the store's campaign (--campaign CODE when there are "
         "several).\n"
         "Details: docs/imports-and-ledgers.md.\n",
         runImport},
        {"export", "export LEDGER --out FILE          ledgers (台账) as XLSX or CSV",
         "fieldcheck export LEDGER --out FILE [--format xlsx|csv] [--month YYYY-MM] [--today "
         "YYYY-MM-DD]\n"
         "                 [--with-sensitive] [--force] [--json]\n"
         "Ledgers:\n"
         "  findings         问题线索台账     (--month: only findings found in that month)\n"
         "  rectification    整改台账\n"
         "  monthly_reports  月度整改报告表   (--month: the month reported on; default the "
         "previous month)\n"
         "  petitions        信访件督办台账\n"
         "  accountability   问责台账\n"
         "  four_batches     四个一批汇总     (--month as for the dashboard)\n"
         "The format follows FILE's extension (.csv → CSV, else XLSX) unless --format is given. "
         "CSV is UTF-8\n"
         "with BOM for Excel. Personal data (涉及人员, 信访人) is left out unless "
         "--with-sensitive. The file\n"
         "is written under a temporary name and renamed; an existing FILE is replaced only with "
         "--force.\n",
         runExport},
    };
}

}  // namespace fieldcheck::cli
