#include <catch2/catch.hpp>

#include <minizip/unzip.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/importer.h"
#include "fieldcheck/core/ledgers.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

const std::string kToday = "2026-07-20";

std::unique_ptr<Store> demoStore(const TempDir& dir) {
    auto s = createTestStore(dir.file("s.db"));
    auto sum = seedDemoData(*s, 7);
    if (!sum.ok()) FAIL("demo data: " << sum.error().toString());
    return s;
}

LedgerOptions at(const std::string& today, bool withSensitive = false) {
    LedgerOptions o;
    o.today = today;
    o.withSensitive = withSensitive;
    return o;
}

std::vector<std::string> headers(const Ledger& l) {
    std::vector<std::string> out;
    for (const auto& c : l.columns) out.push_back(c.titleZh);
    return out;
}

bool hasHeader(const Ledger& l, const std::string& h) {
    auto v = headers(l);
    return std::find(v.begin(), v.end(), h) != v.end();
}

size_t columnOf(const Ledger& l, const std::string& h) {
    auto v = headers(l);
    return static_cast<size_t>(std::find(v.begin(), v.end(), h) - v.begin());
}

int64_t activeCount(Store& s, const std::string& type) {
    return s.countRecords(type, false).value();
}

// One part of a zip (an XLSX) as text.
std::string zipPart(const std::string& path, const std::string& part) {
    unzFile z = unzOpen64(path.c_str());
    REQUIRE(z != nullptr);
    REQUIRE(unzLocateFile(z, part.c_str(), 1) == UNZ_OK);
    REQUIRE(unzOpenCurrentFile(z) == UNZ_OK);
    std::string out;
    char buf[4096];
    int n = 0;
    while ((n = unzReadCurrentFile(z, buf, sizeof buf)) > 0)
        out.append(buf, static_cast<size_t>(n));
    unzCloseCurrentFile(z);
    unzClose(z);
    return out;
}

std::set<std::string> filesIn(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.insert(e.path().filename().string());
    return out;
}

std::string textOf(const std::vector<uint8_t>& bytes) {
    return {bytes.begin(), bytes.end()};
}

}  // namespace

TEST_CASE("every ledger of the demo data set has Chinese headers, labels and all its rows",
          "[core][ledgers]") {
    TempDir dir;
    auto s = demoStore(dir);
    const auto o = at(kToday);

    auto findings = buildLedger(*s, "findings", o);
    REQUIRE(findings.ok());
    CHECK(findings->titleZh == "问题线索台账");
    CHECK(static_cast<int64_t>(findings->rows.size()) == activeCount(*s, "finding"));
    CHECK(hasHeader(findings.value(), "问题类别"));
    CHECK(hasHeader(findings.value(), "涉及金额（元）"));
    std::set<std::string> codes = {"responsibility",  "eight_rules", "four_styles",
                                   "public_interest", "misconduct",  "inaction",
                                   "internal",        "safety"};
    for (const auto& row : findings->rows) {
        CHECK(codes.count(row[columnOf(findings.value(), "问题类别")]) == 0);  // labels, not codes
        CHECK_FALSE(row[columnOf(findings.value(), "单位名称")].empty());
    }

    auto rect = buildLedger(*s, "rectification", o);
    REQUIRE(rect.ok());
    CHECK(rect->rows.size() >= static_cast<size_t>(activeCount(*s, "rectification_measure")));
    CHECK(hasHeader(rect.value(), "整改措施"));
    CHECK(hasHeader(rect.value(), "是否逾期"));

    auto reports = buildLedger(*s, "monthly_reports", o);
    REQUIRE(reports.ok());
    CHECK(static_cast<int64_t>(reports->rows.size()) == activeCount(*s, "unit"));
    const std::set<std::string> states = {"按时报送", "逾期报送", "未报送", "未到报送期限"};
    std::set<std::string> seen;
    for (const auto& row : reports->rows) {
        CHECK(row[columnOf(reports.value(), "月份")] == "2026-06");  // the month before today
        seen.insert(row[columnOf(reports.value(), "报送情况")]);
    }
    for (const auto& st : seen) CHECK(states.count(st) == 1);

    auto petitions = buildLedger(*s, "petitions", o);
    REQUIRE(petitions.ok());
    CHECK(petitions->rows.size() == supervisedPetitions(*s, kToday)->size());
    CHECK_FALSE(petitions->rows.empty());
    for (const auto& row : petitions->rows)
        CHECK(row[columnOf(petitions.value(), "问题类别")] == "“四风”问题");

    auto acc = buildLedger(*s, "accountability", o);
    REQUIRE(acc.ok());
    CHECK(static_cast<int64_t>(acc->rows.size()) == activeCount(*s, "accountability_case"));
    for (const auto& row : acc->rows)
        CHECK(row[columnOf(acc.value(), "依据")].find("monthly_report:") == std::string::npos);

    auto four = buildLedger(*s, "four_batches", o);
    REQUIRE(four.ok());
    CHECK(static_cast<int64_t>(four->rows.size()) == activeCount(*s, "unit") + 1);
    const auto& total = four->rows.back();
    CHECK(total[columnOf(four.value(), "单位名称")] == "合计");
    auto d = dashboard(*s, kToday, "2026-06");
    CHECK(total[columnOf(four.value(), "排查问题线索")] ==
          std::to_string(d->batches.cluesIdentified));
    CHECK(total[columnOf(four.value(), "出台制度规范")] == std::to_string(d->batches.rulesIssued));

    CHECK(buildLedger(*s, "no_such_ledger", o).error().code == ErrorCode::InvalidArgument);
    LedgerOptions bad = o;
    bad.month = "2026-13";
    CHECK(buildLedger(*s, "monthly_reports", bad).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("personal data is left out of ledgers unless asked for", "[core][ledgers][sensitive]") {
    TempDir dir;
    auto s = demoStore(dir);
    for (const auto& [kind, column] : std::vector<std::pair<std::string, std::string>>{
             {"findings", "涉及人员"}, {"petitions", "信访人"}}) {
        CAPTURE(kind);
        auto without = buildLedger(*s, kind, at(kToday, false));
        auto with = buildLedger(*s, kind, at(kToday, true));
        REQUIRE(without.ok());
        REQUIRE(with.ok());
        CHECK_FALSE(hasHeader(without.value(), column));
        REQUIRE(hasHeader(with.value(), column));
        CHECK(with->columns.size() == without->columns.size() + 1);
        CHECK(with->rows.size() == without->rows.size());
        for (const auto& row : without->rows) CHECK(row.size() == without->columns.size());
        // The names themselves appear nowhere in the exported file — except where the same name is
        // legitimately in another column (a supervisor who shares a complainant's name).
        std::set<std::string> names;
        for (const auto& row : with->rows) {
            if (!row[columnOf(with.value(), column)].empty())
                names.insert(row[columnOf(with.value(), column)]);
        }
        REQUIRE_FALSE(names.empty());
        for (const auto& row : without->rows) {
            for (const auto& cell : row) {
                for (auto it = names.begin(); it != names.end();)
                    it = cell.find(*it) != std::string::npos ? names.erase(it) : std::next(it);
            }
        }
        REQUIRE_FALSE(names.empty());
        for (const char* ext : {".csv", ".xlsx"}) {
            const std::string path = dir.file(kind + ext);
            ExportOptions eo;
            eo.format = std::string(ext) == ".csv" ? LedgerFormat::Csv : LedgerFormat::Xlsx;
            eo.force = true;
            REQUIRE(exportLedger(*s, kind, path, at(kToday, false), eo).ok());
            std::string content = textOf(readFile(path));
            if (eo.format == LedgerFormat::Xlsx)
                content = zipPart(path, "xl/worksheets/sheet1.xml");
            for (const auto& n : names) CHECK(content.find(n) == std::string::npos);
            CHECK(content.find(column) == std::string::npos);
        }
    }
}

TEST_CASE("an XLSX ledger reads back with its header, rows, dates, amounts and Chinese text",
          "[core][ledgers][xlsx]") {
    TempDir dir;
    auto s = demoStore(dir);
    auto unit = s->listRecords("unit").value().front();
    auto f = findingFields(unit.id, "公务接待超标准，涉及金额较大");
    f["money_involved"] = "12345.60";
    f["found_date"] = "2026-07-01";
    REQUIRE(s->createRecord("finding", f).ok());

    auto ledger = buildLedger(*s, "findings", at(kToday));
    REQUIRE(ledger.ok());
    const std::string path = dir.file("问题线索台账.xlsx");
    auto result = exportLedger(*s, "findings", path, at(kToday));
    REQUIRE(result.ok());
    CHECK(result->format == "xlsx");
    CHECK(result->rows == static_cast<int64_t>(ledger->rows.size()));
    CHECK(result->columns == headers(ledger.value()));

    auto t = readXlsx(path);
    REQUIRE(t.ok());
    REQUIRE(t->rows.size() == ledger->rows.size() + 1);
    std::vector<std::string> head;
    for (const auto& c : t->rows[0].cells) head.push_back(c.text);
    CHECK(head == headers(ledger.value()));
    CHECK(t->rows[0].number == 1);
    // Every cell as the ledger has it: dates are real dates, amounts and counts numbers.
    bool sawMoney = false, sawDate = false;
    for (size_t r = 0; r < ledger->rows.size(); ++r) {
        const auto& want = ledger->rows[r];
        const auto& got = t->rows[r + 1].cells;
        for (size_t c = 0; c < want.size(); ++c) {
            const std::string cell = c < got.size() ? got[c].text : std::string();
            const LedgerValueType type = ledger->columns[c].type;
            CAPTURE(r, c, ledger->columns[c].titleZh);
            if (type == LedgerValueType::Date && !want[c].empty()) {
                REQUIRE(got[c].isNumber);
                CHECK(excelSerialToDate(std::stod(cell)).value() == want[c]);
                sawDate = true;
            } else if (type == LedgerValueType::Money && !want[c].empty()) {
                REQUIRE(got[c].isNumber);
                CHECK(std::stod(cell) == Approx(std::stod(want[c])));
                sawMoney = true;
            } else {
                const bool isNumber = c < got.size() && got[c].isNumber;
                CHECK(isNumber == (type == LedgerValueType::Integer && !want[c].empty()));
                CHECK(cell == want[c]);
            }
        }
    }
    CHECK(sawDate);
    CHECK(sawMoney);
    // Header frozen, autofilter over the whole table, Chinese sheet name.
    const std::string sheet = zipPart(path, "xl/worksheets/sheet1.xml");
    CHECK_THAT(sheet, Catch::Contains("ySplit=\"1\"") && Catch::Contains("state=\"frozen\""));
    const char lastColumn = static_cast<char>('A' + ledger->columns.size() - 1);
    CHECK_THAT(sheet, Catch::Contains("<autoFilter ref=\"A1:" + std::string(1, lastColumn) +
                                      std::to_string(ledger->rows.size() + 1) + "\""));
    CHECK_THAT(zipPart(path, "xl/workbook.xml"), Catch::Contains("问题线索台账"));
}

TEST_CASE("a CSV ledger is UTF-8 with BOM, CRLF, quoted where needed, and safe from formulas",
          "[core][ledgers][csv]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    auto unit = createUnit(*s, "MZ001", "区社会福利院");
    REQUIRE(s->createRecord("finding", findingFields(unit.id, "=HYPERLINK(\"http://x\",\"点击\")"))
                .ok());
    REQUIRE(
        s->createRecord("finding", findingFields(unit.id, "第一行\n第二行，含逗号, and \"quotes\""))
            .ok());
    ExportOptions eo;
    eo.format = LedgerFormat::Csv;
    auto r = exportLedger(*s, "findings", dir.file("f.csv"), at(kToday), eo);
    REQUIRE(r.ok());
    CHECK(r->rows == 2);
    const std::string text = textOf(readFile(dir.file("f.csv")));
    REQUIRE(text.rfind("\xEF\xBB\xBF序号,单位代码,单位名称,问题类别,", 0) == 0);
    CHECK(text.find("\r\n") != std::string::npos);
    CHECK_THAT(text, Catch::Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\""));
    auto decoded = decodeText(readFile(dir.file("f.csv")), TextEncoding::Auto);
    REQUIRE(decoded.ok());
    CHECK(decoded->encoding == "utf-8-bom");
    auto table = readCsv(decoded->utf8);
    REQUIRE(table.ok());
    REQUIRE(table->rows.size() == 3);
    std::set<std::string> descriptions;
    for (size_t i = 1; i < 3; ++i) {
        descriptions.insert(table->rows[i].cells[5].text);
        CHECK(table->rows[i].cells[3].text == "安全隐患");
    }
    CHECK(descriptions.count("第一行\n第二行，含逗号, and \"quotes\"") == 1);
    CHECK(descriptions.count("'=HYPERLINK(\"http://x\",\"点击\")") == 1);
}

TEST_CASE("an export never overwrites without --force and never leaves a half file",
          "[core][ledgers][files]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    createUnit(*s);
    const std::string path = dir.file("四个一批.xlsx");
    REQUIRE(exportLedger(*s, "four_batches", path, at(kToday)).ok());
    const auto first = readFile(path);
    const auto before = filesIn(dir.path());

    auto again = exportLedger(*s, "four_batches", path, at(kToday));
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::AlreadyExists);
    CHECK(readFile(path) == first);

    createUnit(*s, "MZ002", "区救助管理站");
    ExportOptions force;
    force.force = true;
    auto forced = exportLedger(*s, "four_batches", path, at(kToday), force);
    REQUIRE(forced.ok());
    CHECK(forced->rows == 3);
    CHECK(readFile(path) != first);
    CHECK(filesIn(dir.path()) == before);  // no temporary files left behind

    auto noDir = exportLedger(*s, "findings", dir.file("missing/f.xlsx"), at(kToday));
    REQUIRE_FALSE(noDir.ok());
    CHECK_FALSE(exportLedger(*s, "no_such_ledger", dir.file("x.xlsx"), at(kToday)).ok());
    LedgerOptions badToday = at("2026-02-30");
    CHECK_FALSE(exportLedger(*s, "findings", dir.file("y.csv"), badToday).ok());
    CHECK(filesIn(dir.path()) == before);
}

TEST_CASE("what a killed export left in the user's folder is removed by the next export there", "[core][ledgers][files]") {
    // A ledger may hold personal data in plaintext: the half-written file of an export killed with
    // SIGKILL (here: a child that exits without cleaning up) must not stay in the folder. A file
    // another export is still writing is left alone.
    TempDir dir;
    auto s = demoStore(dir);
    const std::string path = dir.file("问题线索台账.csv");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto staged = StagedFile::create(path);
        if (!staged.ok()) _exit(1);
        const std::string half = "序号,单位代码,涉及人员\r\n1,MZ001,张某";
        (void)staged->write(reinterpret_cast<const uint8_t*>(half.data()), half.size());
        _exit(0);  // as if killed: no destructor, no unlink
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    auto leftovers = [&] {
        std::vector<std::string> out;
        for (const auto& name : filesIn(dir.path())) {
            if (isTemporaryNameOf(name, "问题线索台账.csv")) out.push_back(name);
        }
        return out;
    };
    REQUIRE(leftovers().size() == 1);
    auto live = StagedFile::create(dir.file("四个一批.xlsx"));  // another export, still writing
    REQUIRE(live.ok());

    ExportOptions csv;
    csv.format = LedgerFormat::Csv;
    REQUIRE(exportLedger(*s, "findings", path, at(kToday, true), csv).ok());
    CHECK(leftovers().empty());
    CHECK(fileExists(live->tempPath()));
}

TEST_CASE("findings can be limited to a month", "[core][ledgers]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    auto unit = createUnit(*s);
    for (const char* date : {"2026-05-31", "2026-06-01", "2026-06-30", "2026-07-01"}) {
        auto f = findingFields(unit.id, std::string("发现于") + date);
        f["found_date"] = date;
        REQUIRE(s->createRecord("finding", f).ok());
    }
    LedgerOptions o = at(kToday);
    o.month = "2026-06";
    auto l = buildLedger(*s, "findings", o);
    REQUIRE(l.ok());
    REQUIRE(l->rows.size() == 2);
    CHECK(l->rows[0][0] == "1");
    CHECK(l->rows[0][columnOf(l.value(), "发现日期")] == "2026-06-01");
    CHECK(buildLedger(*s, "findings", at(kToday))->rows.size() == 4);
}

TEST_CASE("a ledger built in memory can be written as it is", "[core][ledgers]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    createUnit(*s);
    auto l = buildLedger(*s, "monthly_reports", at(kToday));
    REQUIRE(l.ok());
    REQUIRE(writeLedger(l.value(), dir.file("m.xlsx")).ok());
    auto t = readXlsx(dir.file("m.xlsx"));
    REQUIRE(t.ok());
    CHECK(t->rows.size() == 2);
    CHECK(t->rows[1].cells[6].text == "未报送");
}

TEST_CASE("every export is recorded in the audit chain and the outbox, with the file's SHA-256",
          "[core][ledgers][audit]") {
    TempDir dir;
    auto s = demoStore(dir);
    const std::string path = dir.file("petitions.xlsx");
    const auto before = s->auditEntries()->size();
    auto r = exportLedger(*s, "petitions", path, at(kToday, true));
    REQUIRE(r.ok());
    auto entries = s->auditEntries().value();
    REQUIRE(entries.size() == before + 1);
    const AuditEntry& e = entries.back();
    CHECK(e.action == "export");
    CHECK(e.recordType == "ledger");
    CHECK(e.recordId == "petitions");
    auto outbox = s->pendingOutbox().value();
    REQUIRE_FALSE(outbox.empty());
    const auto& details = outbox.back().payload;
    CHECK(details["with_sensitive"] == true);
    CHECK(details["rows"] == r->rows);
    CHECK(details["file_name"] == "petitions.xlsx");
    auto bytes = readFile(path);
    CHECK(details["sha256"] == sha256Hex(bytes.data(), bytes.size()));
    CHECK(e.fieldsSha256 == sha256Hex(details.dump()));
    CHECK(s->verifyAudit()->ok());
    // Events are not a way around the records' own rules.
    CHECK(s->recordEvent("export", "finding", "x", nlohmann::json::object()).error().code == ErrorCode::InvalidArgument);
}
