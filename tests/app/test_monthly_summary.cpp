// The Export page's work: the monthly summary PDF against the dashboard the command line prints for
// the same store, month and day (the text read back with pdftotext, the fonts with pdffonts), and
// the ExportController writing ledgers into a scratch folder through the Session's store thread.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <filesystem>
#include <string>

#include "app_test_support.h"
#include "export_controller.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/ledgers.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "harness.h"
#include "monthly_summary.h"
#include "session.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

// A month of the demo calendar with late and missing reports, overdue measures and supervision.
const std::string kMonth = "2026-05";
const std::string kToday = "2026-08-20";

// `fieldcheck dashboard --json` on the store, the passphrase on a pipe (never argv or a file).
nlohmann::json cliDashboard(const std::string& db) {
    ProcessResult r = runProgram({FIELDCHECK_CLI_BIN, "dashboard", "--db", db, "--passphrase-fd", "3", "--json", "--month", kMonth,
                                  "--today", kToday},
                                 {kTestPassphrase});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return nlohmann::json::parse(r.out);
}

bool isZip(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(4) == QByteArray("PK\x03\x04", 4);
}

// Every part of an XLSX file, concatenated (libxlsxwriter writes the cells' text inline).
QString xlsxText(const QString& path) { return runTool(QStringLiteral("unzip"), {QStringLiteral("-p"), path}); }

QStringList entries(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

}  // namespace

TEST_CASE("The monthly summary's figures are the dashboard's, in Chinese, with the font embedded", "[app][export]") {
    TempDir dir;
    const std::string db = dir.file("summary.db");
    auto store = createTestStore(db);
    REQUIRE(seedDemoData(*store).ok());
    const std::string pdf = dir.file("月度汇总.pdf");
    auto written = ui::writeMonthlySummary(*store, pdf, {kMonth, kToday});
    REQUIRE(written.ok());
    CHECK(written->pages >= 2);
    store.reset();

    const nlohmann::json d = cliDashboard(db);
    // The demo month is not a trivial one: otherwise the comparisons below would prove little.
    REQUIRE(d["reports_late"].get<int64_t>() + d["reports_missing"].get<int64_t>() > 0);
    REQUIRE(d["measures_overdue"].get<int64_t>() > 0);
    REQUIRE(d["supervised_overdue"].get<int64_t>() > 0);
    REQUIRE(d["mandatory_spot_checks"].get<int64_t>() > 0);

    const QString text = pdfText(pdf);
    INFO(text.toStdString());
    // Chinese came out as Chinese: the title, with 民 and 月 themselves rather than the look-alike
    // radicals ⺠ and ⽉ that share their glyphs in the font.
    CHECK(text.contains(QStringLiteral("区民政局 正风肃纪专项整治 月度汇总 2026年05月")));
    CHECK(text.contains(QStringLiteral("统计截至 2026-08-20")));
    CHECK_FALSE(text.contains(QRegularExpression(QStringLiteral("[\\x{2E80}-\\x{2FDF}]"))));

    const auto& b = d["four_batches"];
    CHECK(capturedIntegers(text, QStringLiteral("排查一批问题线索\\s+(\\d+)"))[0] == b["clues_identified"].get<int64_t>());
    CHECK(capturedIntegers(text, QStringLiteral("查办一批典型案件\\s+(\\d+)"))[0] == b["cases_investigated"].get<int64_t>());
    CHECK(capturedIntegers(text, QStringLiteral("解决一批突出问题\\s+(\\d+)"))[0] == b["problems_solved"].get<int64_t>());
    CHECK(capturedIntegers(text, QStringLiteral("出台一批制度规范\\s+(\\d+)"))[0] == b["rules_issued"].get<int64_t>());

    const auto measures = capturedIntegers(text, QStringLiteral("整改措施共 (\\d+) 条，已完成 (\\d+) 条，逾期未完成 (\\d+) 条"));
    CHECK(measures == std::vector<int64_t>{d["measures"].get<int64_t>(), d["measures_done"].get<int64_t>(),
                                           d["measures_overdue"].get<int64_t>()});
    const auto reports = capturedIntegers(text, QStringLiteral("逾期报送 (\\d+) 个，未报送 (\\d+) 个"));
    CHECK(reports == std::vector<int64_t>{d["reports_late"].get<int64_t>(), d["reports_missing"].get<int64_t>()});
    const auto petitions = capturedIntegers(text, QStringLiteral("重点督办信访件 (\\d+) 件，其中逾期未办结 (\\d+) 件"));
    CHECK(petitions == std::vector<int64_t>{d["supervised_petitions"].get<int64_t>(), d["supervised_overdue"].get<int64_t>()});
    const auto zero = capturedIntegers(text, QStringLiteral("零报告单位 (\\d+) 个，其中群众有反映、必须重点抽查 (\\d+) 个"));
    CHECK(zero == std::vector<int64_t>{d["zero_report_units"].get<int64_t>(), d["mandatory_spot_checks"].get<int64_t>()});
    CHECK(capturedIntegers(text, QStringLiteral("拟问责（待确认）(\\d+) 件"))[0] == d["proposed_accountability"].get<int64_t>());

    // Each unit's row of the progress table: clues, open, measures, done, overdue.
    int unitsChecked = 0;
    for (const auto& u : d["units"]) {
        if (u["batches"]["clues_identified"].get<int64_t>() == 0 && u["measures"].get<int64_t>() == 0) continue;
        const QString code = QRegularExpression::escape(QString::fromStdString(u["unit_code"].get<std::string>()));
        const auto row = capturedIntegers(text, QStringLiteral("(?m)^\\s*") + code +
                                           QStringLiteral("\\s.*?\\s(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+%\\s*$"));
        CHECK(row == std::vector<int64_t>{u["batches"]["clues_identified"].get<int64_t>(), u["findings_open"].get<int64_t>(),
                                          u["measures"].get<int64_t>(), u["measures_done"].get<int64_t>(),
                                          u["measures_overdue"].get<int64_t>()});
        ++unitsChecked;
    }
    CHECK(unitsChecked > 0);
    // The overdue reports are listed by unit, and the month's findings by category in Chinese.
    CHECK(text.count(QRegularExpression(QStringLiteral("(逾期报送|未报送)\\s"))) >=
          d["reports_late"].get<int64_t>() + d["reports_missing"].get<int64_t>());
    CHECK(text.contains(QStringLiteral("本月问题线索分类")));
    CHECK(text.contains(QRegularExpression(QStringLiteral("第\\s*1\\s*页\\s*/\\s*共\\s*\\d+\\s*页"))));

    // pdffonts: the CJK font is in the file (embedded), not left to the reader's machine.
    const QString fonts = runTool(QStringLiteral("pdffonts"), {QString::fromStdString(pdf)});
    INFO(fonts.toStdString());
    bool cjk = false;
    for (const QString& line : fonts.split(QLatin1Char('\n'))) {
        if (!line.contains(QStringLiteral("NotoSansCJK"))) continue;
        cjk = true;
        // name, type, encoding, then emb sub uni and the object number.
        const auto m = QRegularExpression(QStringLiteral("\\s(yes|no)\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$")).match(line);
        REQUIRE(m.hasMatch());
        CHECK(m.captured(1) == QStringLiteral("yes"));
    }
    CHECK(cjk);
}

TEST_CASE("The monthly summary: a table that runs past a page goes on with its header, and the file is never "
          "overwritten unless asked", "[app][export]") {
    TempDir dir;
    auto store = createTestStore(dir.file("many.db"));
    // 120 units with a finding each: the progress table needs more than one page.
    REQUIRE(store->transaction([&]() -> Status {
        for (int i = 0; i < 120; ++i) {
            char code[16];
            std::snprintf(code, sizeof code, "SQ-%04d", i);
            const Record unit = createUnit(*store, code, "第" + std::to_string(i) + "号社区服务站");
            auto f = store->createRecord("finding", findingFields(unit.id, "消防通道堵塞"));
            if (!f.ok()) return f.error();
        }
        return {};
    }).ok());
    const std::string pdf = dir.file("summary.pdf");
    auto written = ui::writeMonthlySummary(*store, pdf, {"2026-11", "2026-12-07"});
    REQUIRE(written.ok());
    REQUIRE(written->pages >= 3);
    int pagesWithRows = 0;
    for (int page = 1; page <= written->pages; ++page) {
        const QString text = pdfText(pdf, page);
        CHECK(text.contains(QRegularExpression(QStringLiteral("第\\s*%1\\s*页\\s*/\\s*共\\s*%2\\s*页").arg(page).arg(written->pages))));
        if (!text.contains(QStringLiteral("SQ-0"))) continue;
        ++pagesWithRows;
        INFO("page " << page << ":\n" << text.toStdString());
        // A header row (the progress table, or the reports table that follows it) precedes the
        // page's first unit row.
        const qsizetype header = text.indexOf(QRegularExpression(QStringLiteral("单位代码\\s+单位名称")));
        CHECK(header >= 0);
        CHECK(header < text.indexOf(QStringLiteral("SQ-0")));
    }
    CHECK(pagesWithRows >= 2);

    // Not over an existing file, unless asked; then replaced whole.
    const std::vector<uint8_t> before = readFile(pdf);
    auto again = ui::writeMonthlySummary(*store, pdf, {"2026-10", "2026-12-07"});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::AlreadyExists);
    CHECK(readFile(pdf) == before);
    REQUIRE(ui::writeMonthlySummary(*store, pdf, {"2026-10", "2026-12-07", true}).ok());
    CHECK(pdfText(pdf).contains(QStringLiteral("2026年10月")));
    // No leftovers beside it, and clear refusals of a missing folder and a malformed month.
    CHECK(entries(QString::fromStdString(dir.path())).filter(QStringLiteral("summary")) == QStringList{QStringLiteral("summary.pdf")});
    auto missing = ui::writeMonthlySummary(*store, dir.file("no-such-folder/summary.pdf"), {"2026-11", "2026-12-07"});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
    auto badMonth = ui::writeMonthlySummary(*store, dir.file("other.pdf"), {"2026-13", "2026-12-07"});
    REQUIRE_FALSE(badMonth.ok());
    CHECK(badMonth.error().code == ErrorCode::InvalidArgument);
    CHECK_FALSE(QFileInfo::exists(QString::fromStdString(dir.file("other.pdf"))));
}

TEST_CASE("The export controller writes the chosen ledgers and the summary, refuses a bad folder up front, and keeps "
          "personal columns from roles that may not see them", "[app][export]") {
    TempDir dir;
    ui::Session session(QString::fromStdString(dir.file("export.db")));
    auto store = createTestStore(dir.file("export.db"));
    REQUIRE(seedDemoData(*store).ok());
    session.adopt(std::move(store));

    auto setRole = [&](const std::string& role) {
        onStoreThread(session, [&](Store& s) { REQUIRE(replication::setSyncState(s, "role", role).ok()); });
    };
    // A controller as the page makes one: the session given, the store's context read.
    auto makeController = [&]() {
        auto c = std::make_unique<ui::ExportController>();
        c->setSession(&session);
        REQUIRE(waitUntil([&] { return !c->month().isEmpty(); }));
        c->setToday(QString::fromStdString(kToday));
        c->setMonth(QString::fromStdString(kMonth));
        REQUIRE(c->monthError().isEmpty());
        return c;
    };

    SECTION("every ledger and the summary, one file after another") {
        setRole("discipline_inspector");
        auto c = makeController();
        CHECK(c->sensitiveAllowed());
        const QString out = QString::fromStdString(dir.path()) + QStringLiteral("/out");
        REQUIRE(QDir().mkpath(out));
        c->setFolder(out);
        QList<int> progress;
        QObject::connect(c.get(), &ui::ExportController::progressChanged, [&] {
            if (progress.isEmpty() || progress.last() != c->doneCount()) progress << c->doneCount();
        });
        REQUIRE(c->exportNow());
        CHECK(c->isBusy());
        CHECK_FALSE(c->exportNow());  // a second press while busy is ignored
        REQUIRE(waitUntil([&] { return !c->isBusy(); }, 120000));
        INFO(c->errorMessage().toStdString());
        REQUIRE(c->errorMessage().isEmpty());
        CHECK(c->totalCount() == 7);
        CHECK(progress == QList<int>{0, 1, 2, 3, 4, 5, 6, 7});
        REQUIRE(c->results().size() == 7);
        for (const auto& kind : ledgerKinds()) {
            const QString path = out + QLatin1Char('/') + QString::fromStdString(ledgerTitleZh(kind)) + QStringLiteral("_2026-05.xlsx");
            INFO(path.toStdString());
            CHECK(QFileInfo(path).size() > 0);
            CHECK(isZip(path));
        }
        QFile pdf(out + QStringLiteral("/月度汇总_2026-05.pdf"));
        REQUIRE(pdf.open(QIODevice::ReadOnly));
        CHECK(pdf.read(5) == QByteArray("%PDF-"));
        CHECK(entries(out).size() == 7);  // nothing else: no temporary or probe file left
        CHECK_FALSE(c->statusMessage().isEmpty());

        // Again into the same folder: refused before anything is written, the files untouched.
        const QDateTime modified = QFileInfo(pdf).lastModified();
        CHECK_FALSE(c->exportNow());
        CHECK(c->errorMessage().contains(QStringLiteral("月度汇总_2026-05.pdf")));
        CHECK(QFileInfo(pdf).lastModified() == modified);
        CHECK(entries(out).size() == 7);
    }

    SECTION("a folder that does not exist or cannot be written to: a clear error, nothing written") {
        auto c = makeController();
        const QString missing = QString::fromStdString(dir.path()) + QStringLiteral("/no-such-folder");
        c->setFolder(missing);
        CHECK_FALSE(c->exportNow());
        CHECK(c->errorMessage().contains(QStringLiteral("does not exist")));
        CHECK_FALSE(QFileInfo::exists(missing));

        // Root writes through permission bits, so as root take a folder no one can create files in.
        QString readOnly = QString::fromStdString(dir.path()) + QStringLiteral("/read-only");
        REQUIRE(QDir().mkpath(readOnly));
        REQUIRE(::chmod(readOnly.toLocal8Bit().constData(), 0555) == 0);
        if (::geteuid() == 0) readOnly = QStringLiteral("/proc/self/fdinfo");
        const QStringList before = entries(readOnly);
        c->setFolder(readOnly);
        CHECK_FALSE(c->exportNow());
        CHECK(c->errorMessage().contains(QStringLiteral("may not write")));
        CHECK_FALSE(c->isBusy());
        if (::geteuid() != 0) CHECK(entries(readOnly) == before);
        CHECK(c->results().isEmpty());
    }

    SECTION("the personal columns: absent for a unit liaison even when asked for, present for a discipline inspector") {
        const QString out = QString::fromStdString(dir.path()) + QStringLiteral("/sensitive");
        REQUIRE(QDir().mkpath(out));
        auto exportFindings = [&](ui::ExportController& c, const QString& folder) {
            for (const auto& kind : ledgerKinds()) c.setLedgerSelected(QString::fromStdString(kind), kind == "findings");
            c.setIncludeSummary(false);
            c.setIncludeSensitive(true);
            c.setFolder(folder);
            REQUIRE(c.exportNow());
            REQUIRE(waitUntil([&] { return !c.isBusy(); }, 60000));
            INFO(c.errorMessage().toStdString());
            REQUIRE(c.errorMessage().isEmpty());
            return xlsxText(folder + QStringLiteral("/问题线索台账_2026-05.xlsx"));
        };
        setRole("unit_liaison");
        auto liaison = makeController();
        CHECK_FALSE(liaison->sensitiveAllowed());
        const QString withheld = exportFindings(*liaison, out);
        CHECK_FALSE(liaison->includeSensitive());
        CHECK(withheld.contains(QStringLiteral("问题描述")));
        CHECK_FALSE(withheld.contains(QStringLiteral("涉及人员")));

        setRole("discipline_inspector");
        auto inspector = makeController();
        CHECK(inspector->sensitiveAllowed());
        const QString other = QString::fromStdString(dir.path()) + QStringLiteral("/sensitive2");
        REQUIRE(QDir().mkpath(other));
        CHECK(exportFindings(*inspector, other).contains(QStringLiteral("涉及人员")));
    }
}
