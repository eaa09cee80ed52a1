#include <catch2/catch.hpp>

#include <iconv.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>

#include "fieldcheck/core/importer.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

const std::string kImportData = std::string(FIELDCHECK_TEST_DATA_DIR) + "/import";

std::vector<std::vector<std::string>> texts(const Table& t) {
    std::vector<std::vector<std::string>> out;
    for (const auto& r : t.rows) {
        std::vector<std::string> cells;
        for (const auto& c : r.cells) cells.push_back(c.text);
        out.push_back(cells);
    }
    return out;
}

std::vector<int64_t> rowNumbers(const Table& t) {
    std::vector<int64_t> out;
    for (const auto& r : t.rows) out.push_back(r.number);
    return out;
}

std::vector<uint8_t> bytesOf(const std::string& s) {
    return {s.begin(), s.end()};
}

std::vector<uint8_t> toGb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t inLeft = utf8.size();
    char* dst = out.data();
    size_t outLeft = out.size();
    REQUIRE(iconv(cd, &in, &inLeft, &dst, &outLeft) != static_cast<size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - outLeft);
    return bytesOf(out);
}

void writeText(const std::string& path, const std::string& text) {
    writeFile(path, bytesOf(text));
}

// The one record of `type` whose `field` is `value` (listRecords orders by creation time, and
// records made in the same millisecond by their random id).
Record only(Store& s, const std::string& type, const std::string& field, const std::string& value) {
    auto list = s.listRecords(type, {{{field, value}}});
    REQUIRE(list.ok());
    REQUIRE(list->size() == 1);
    return list->front();
}

int64_t auditCount(Store& s) {
    return static_cast<int64_t>(s.auditEntries().value().size());
}

std::string describe(const ImportReport& r) {
    std::string s = r.toJson().dump();
    return s;
}

const char* kUnitsCsv =
    "单位代码,单位名称,单位类型,地址,纬度,经度,分管领导,重点整改单位\n"
    "MZ101,城南街道敬老院,养老机构,城南街道幸福路12号,31.2304,121.4737,王副局长,是\n"
    "MZ102,区儿童福利院,儿童福利机构,\"东大街8号，3号楼, 北门\",31.24,121.48,李副局长,否\n"
    "MZ103,区救助管理站,relief_station,,,,刘䶮,\n";

Store& withUnits(Store& s) {
    for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
             {"MZ101", "城南街道敬老院"}, {"MZ102", "区儿童福利院"}, {"MZ103", "区救助管理站"}}) {
        createUnit(s, code, name);
    }
    return s;
}

}  // namespace

// --- CSV ----------------------------------------------------------------------------------------

TEST_CASE("CSV records are read as RFC 4180 says, and leniently where Excel is",
          "[core][import][csv]") {
    using Rows = std::vector<std::vector<std::string>>;
    using Numbers = std::vector<int64_t>;
    auto [name, input, rows, numbers] = GENERATE(table<const char*, std::string, Rows, Numbers>({
        {"plain", "a,b\n1,2\n", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        {"no final line break", "a,b\n1,2", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        {"CRLF", "a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        {"lone CR (old Mac)", "a,b\r1,2\r", {{"a", "b"}, {"1", "2"}}, {1, 2}},
        {"quoted comma", "a,\"x,y\"\n", {{"a", "x,y"}}, {1}},
        {"doubled quote", "\"say \"\"hi\"\"\",b\n", {{"say \"hi\"", "b"}}, {1}},
        {"quoted LF keeps the row count",
         "a,\"line1\nline2\"\nnext,row\n",
         {{"a", "line1\nline2"}, {"next", "row"}},
         {1, 2}},
        {"quoted CRLF", "\"x\r\ny\",b\r\nc,d\r\n", {{"x\r\ny", "b"}, {"c", "d"}}, {1, 2}},
        {"empty fields", "a,,c\n", {{"a", "", "c"}}, {1}},
        {"trailing comma", "a,b,\n", {{"a", "b", ""}}, {1}},
        {"empty quoted field", "\"\",b\n", {{"", "b"}}, {1}},
        {"blank line keeps numbering", "a\n\nb\n", {{"a"}, {""}, {"b"}}, {1, 2, 3}},
        {"stray quote inside a field", "ab\"c,d\n", {{"ab\"c", "d"}}, {1}},
        {"text after the closing quote", "\"ab\"c,d\n", {{"abc", "d"}}, {1}},
        {"tab separated (Excel Unicode text)",
         "单位代码\t单位名称\nMZ1\t福利院\n",
         {{"单位代码", "单位名称"}, {"MZ1", "福利院"}},
         {1, 2}},
        {"Chinese text",
         "单位名称,地址\n区社会福利院,\"城南街道，幸福路\"\n",
         {{"单位名称", "地址"}, {"区社会福利院", "城南街道，幸福路"}},
         {1, 2}},
        {"empty input", "", {}, {}},
    }));
    CAPTURE(name);
    auto t = readCsv(input);
    REQUIRE(t.ok());
    CHECK(texts(t.value()) == rows);
    CHECK(rowNumbers(t.value()) == numbers);
}

TEST_CASE("an unterminated quoted field is an error naming the row where it started",
          "[core][import][csv]") {
    auto t = readCsv("a,b\n1,\"never closed\n2,3\n");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(t.error().message, Catch::Contains("row 2") && Catch::Contains("column 2"));
}

// --- encodings ----------------------------------------------------------------------------------

TEST_CASE("UTF-8, UTF-8 with BOM and GB18030 are recognised — --encoding overrides",
          "[core][import][encoding]") {
    const std::string text =
        "单位代码,单位名称\nMZ1,区社会福利院（刘䶮）\n";  // 䶮 is four bytes in GB18030
    SECTION("UTF-8") {
        auto d = decodeText(bytesOf(text), TextEncoding::Auto);
        REQUIRE(d.ok());
        CHECK(d->encoding == "utf-8");
        CHECK(d->utf8 == text);
    }
    SECTION("UTF-8 with BOM: the BOM is dropped") {
        auto d = decodeText(bytesOf("\xEF\xBB\xBF" + text), TextEncoding::Auto);
        REQUIRE(d.ok());
        CHECK(d->encoding == "utf-8-bom");
        CHECK(d->utf8 == text);
    }
    SECTION("GB18030 is detected because it is not valid UTF-8") {
        const auto gb = toGb18030(text);
        REQUIRE(gb != bytesOf(text));
        auto d = decodeText(gb, TextEncoding::Auto);
        REQUIRE(d.ok());
        CHECK(d->encoding == "gb18030");
        CHECK(d->utf8 == text);
        CHECK(decodeText(gb, TextEncoding::Gb18030)->utf8 == text);
    }
    SECTION("an explicit UTF-8 refuses GB18030 bytes and says where") {
        auto d = decodeText(toGb18030(text), TextEncoding::Utf8);
        REQUIRE_FALSE(d.ok());
        CHECK_THAT(d.error().message,
                   Catch::Contains("not valid UTF-8") && Catch::Contains("line 1"));
    }
    SECTION("UTF-16 with BOM (Excel's Unicode text)") {
        std::string le = "\xFF\xFE";
        for (char c : std::string("a,b\n")) {
            le += c;
            le += '\0';
        }
        auto d = decodeText(bytesOf(le), TextEncoding::Auto);
        REQUIRE(d.ok());
        CHECK(d->encoding == "utf-16le");
        CHECK(d->utf8 == "a,b\n");
    }
    SECTION("bytes that are neither are refused") {
        auto d =
            decodeText({'a', ',', 0x81, '\n'}, TextEncoding::Auto);  // a lone GB18030 lead byte
        REQUIRE_FALSE(d.ok());
        CHECK_THAT(d.error().message, Catch::Contains("neither UTF-8 nor GB18030"));
    }
    SECTION("encoding names") {
        CHECK(parseTextEncoding("GBK").value() == TextEncoding::Gb18030);
        CHECK(parseTextEncoding("utf8").value() == TextEncoding::Utf8);
        CHECK_FALSE(parseTextEncoding("latin1").ok());
    }
}

TEST_CASE("the committed GB18030 and UTF-8 BOM fixtures import the same units",
          "[core][import][encoding]") {
    for (const char* file : {"units_gb18030.csv", "units_utf8_bom.csv", "units_utf8.csv"}) {
        CAPTURE(file);
        TempDir dir;
        auto s = createTestStore(dir.file("s.db"));
        auto r = importFile(*s, "units", kImportData + "/" + file);
        REQUIRE(r.ok());
        INFO(describe(r.value()));
        REQUIRE(r->ok());
        CHECK(r->created == 3);
        REQUIRE(s->countRecords("unit").value() == 3);
        CHECK(only(*s, "unit", "code", "MZ101").fields["name"] == "城南街道敬老院");
        CHECK(only(*s, "unit", "code", "MZ101").fields["key_rectification"] == true);
        CHECK(only(*s, "unit", "code", "MZ101").fields["latitude"] == Approx(31.2304));
        CHECK(only(*s, "unit", "code", "MZ102").fields["address"] == "东大街8号，3号楼, 北门");
        CHECK(only(*s, "unit", "code", "MZ102").fields["unit_type"] == "child_welfare");
        CHECK(only(*s, "unit", "code", "MZ103").fields["unit_type"] == "relief_station");
        CHECK(only(*s, "unit", "code", "MZ103").fields["leader_in_charge"] == "刘䶮");
        CHECK(only(*s, "unit", "code", "MZ103").fields["key_rectification"].is_null());
    }
}

// --- XLSX ---------------------------------------------------------------------------------------

TEST_CASE("Excel serial day numbers become dates", "[core][import][xlsx]") {
    auto [serial, date1904, expected] = GENERATE(table<double, bool, std::string>({
        {1, false, "1900-01-01"},
        {59, false, "1900-02-28"},
        {61, false, "1900-03-01"},
        {45292, false, "2024-01-01"},
        {46121.75, false, "2026-04-09"},  // the time of day is dropped
        {0, true, "1904-01-01"},
        {43830, true, "2024-01-01"},
    }));
    CAPTURE(serial, date1904);
    auto d = excelSerialToDate(serial, date1904);
    REQUIRE(d.ok());
    CHECK(d.value() == expected);
    CHECK_FALSE(excelSerialToDate(60).ok());  // Excel's 1900-02-29 does not exist
    CHECK_FALSE(excelSerialToDate(0).ok());
}

namespace {

// A complaints register as an office would keep it: a title row, headers in row 2, dates as real
// Excel dates, a number in a text column, an empty row, an extra column.
void writeComplaintsXlsx(const std::string& path, bool constantMemory) {
    lxw_workbook_options opts{};
    opts.constant_memory =
        constantMemory ? LXW_TRUE : LXW_FALSE;  // constant memory: inline strings
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &opts);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "信访登记");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_string(ws, 0, 0, "城南区民政局信访件登记表（2026年）", nullptr);
    const char* headers[] = {"序号",     "信访件编号", "被反映单位代码", "来源渠道", "收件日期",
                             "问题类别", "反映内容",   "调查结论",       "信访人"};
    for (int c = 0; c < 9; ++c)
        worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), headers[c], nullptr);
    struct Row {
        const char* ref;
        const char* unit;
        const char* channel;
        lxw_datetime received;
        const char* category;
        const char* summary;
        const char* conclusion;
        const char* complainant;
    };
    const Row rows[] = {
        {"XF-2026-1001",
         "MZ101",
         "来信",
         {2026, 4, 9, 0, 0, 0},
         "四风问题",
         "反映城南街道敬老院工作人员吃拿卡要",
         "待查",
         "张某"},
        {"XF-2026-1002",
         "MZ102",
         "hotline",
         {2026, 4, 12, 0, 0, 0},
         "损害群众利益",
         "反映儿童福利院截留补助资金",
         "",
         ""},
        {"XF-2026-1003",
         "MZ101",
         "网上留言",
         {2026, 5, 3, 0, 0, 0},
         "four_styles",
         "反映敬老院办事推诿",
         "否",
         "李某"},
    };
    lxw_row_t r = 2;
    for (const auto& row : rows) {
        worksheet_write_number(ws, r, 0, static_cast<double>(r - 1), nullptr);
        worksheet_write_string(ws, r, 1, row.ref, nullptr);
        worksheet_write_string(ws, r, 2, row.unit, nullptr);
        worksheet_write_string(ws, r, 3, row.channel, nullptr);
        lxw_datetime dt = row.received;
        worksheet_write_datetime(ws, r, 4, &dt, date);
        worksheet_write_string(ws, r, 5, row.category, nullptr);
        worksheet_write_string(ws, r, 6, row.summary, nullptr);
        if (*row.conclusion) worksheet_write_string(ws, r, 7, row.conclusion, nullptr);
        if (*row.complainant) worksheet_write_string(ws, r, 8, row.complainant, nullptr);
        r += r == 3 ? 2 : 1;  // an empty row after the second entry
    }
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
}

}  // namespace

TEST_CASE("an XLSX written by libxlsxwriter is read: shared and inline strings, numbers, dates",
          "[core][import][xlsx]") {
    const bool constantMemory = GENERATE(false, true);
    CAPTURE(constantMemory);
    TempDir dir;
    const std::string path = dir.file("complaints.xlsx");
    writeComplaintsXlsx(path, constantMemory);

    auto t = readXlsx(path);
    REQUIRE(t.ok());
    CHECK(t->format == "xlsx");
    REQUIRE(t->rows.size() == 5);
    CHECK(rowNumbers(t.value()) == std::vector<int64_t>{1, 2, 3, 4, 6});
    CHECK(t->rows[0].cells[0].text == "城南区民政局信访件登记表（2026年）");
    CHECK(t->rows[1].cells[4].text == "收件日期");
    CHECK(t->rows[2].cells[0].isNumber);
    CHECK(t->rows[2].cells[0].text == "1");
    CHECK(t->rows[2].cells[4].isNumber);
    CHECK(excelSerialToDate(std::stod(t->rows[2].cells[4].text)).value() == "2026-04-09");
    CHECK(t->rows[3].cells.size() == 7);  // no conclusion, no complainant: the row ends earlier

    auto s = createTestStore(dir.file("s.db"));
    withUnits(*s);
    auto r = importFile(*s, "complaints", path);
    REQUIRE(r.ok());
    INFO(describe(r.value()));
    REQUIRE(r->ok());
    CHECK(r->headerRow == 2);
    CHECK(r->rows == 3);
    CHECK(r->created == 3);
    CHECK(r->ignoredColumns == std::vector<std::string>{"序号"});
    REQUIRE(s->countRecords("complaint").value() == 3);
    auto first = only(*s, "complaint", "ref_no", "XF-2026-1001");
    CHECK(first.fields["received_date"] == "2026-04-09");
    CHECK(first.fields["category"] == "four_styles");
    CHECK(first.fields["channel"] == "letter");
    CHECK(first.fields["complainant"] == "张某");
    CHECK(only(*s, "complaint", "ref_no", "XF-2026-1002").fields["conclusion"].is_null());
    CHECK(only(*s, "complaint", "ref_no", "XF-2026-1002").fields["channel"] == "hotline");
    CHECK(only(*s, "complaint", "ref_no", "XF-2026-1003").fields["supervision_status"] ==
          "required");  // 四风 + 否 ⇒ 重点督办
}

TEST_CASE("an XLSX saved by LibreOffice Calc is read", "[core][import][xlsx]") {
    const std::string path = kImportData + "/complaints_libreoffice.xlsx";
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    withUnits(*s);
    auto r = importFile(*s, "complaints", path);
    REQUIRE(r.ok());
    INFO(describe(r.value()));
    REQUIRE(r->ok());
    CHECK(r->format == "xlsx");
    CHECK(r->created == 3);
    auto c = only(*s, "complaint", "ref_no", "XF-2026-2002");
    CHECK(c.fields["received_date"] == "2026-04-12");
    CHECK(c.fields["summary"] == "反映儿童福利院截留\"救助\"补助资金，涉及金额约1,200元");
    CHECK(c.fields["complainant"].is_null());
    CHECK(only(*s, "complaint", "ref_no", "XF-2026-2001").fields["category"] == "four_styles");
}

TEST_CASE("files that are not spreadsheets are refused with a reason", "[core][import]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    SECTION("old binary .xls") {
        writeFile(dir.file("old.xls"), {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1});
        auto r = importFile(*s, "units", dir.file("old.xls"));
        REQUIRE(r.ok());
        REQUIRE(r->errors.size() == 1);
        CHECK_THAT(r->errors[0].reason, Catch::Contains(".xlsx"));
    }
    SECTION("a zip that is not a workbook") {
        writeFile(dir.file("x.xlsx"), {'P', 'K', 3, 4, 0, 0, 0, 0});
        auto r = importFile(*s, "units", dir.file("x.xlsx"));
        REQUIRE(r.ok());
        REQUIRE(r->errors.size() == 1);
        CHECK_THAT(r->errors[0].reason, Catch::Contains("XLSX"));
    }
    SECTION("a missing file is an error, not a report") {
        auto r = importFile(*s, "units", dir.file("missing.csv"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::NotFound);
    }
    SECTION("an unknown type") {
        auto r = importFile(*s, "findings", dir.file("missing.csv"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::InvalidArgument);
    }
}

// --- all or nothing
// -------------------------------------------------------------------------------

TEST_CASE("a file with bad rows imports nothing and reports every bad row", "[core][import]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    withUnits(*s);
    const int64_t auditBefore = auditCount(*s);
    writeText(
        dir.file("c.csv"),
        "信访件编号,被反映单位代码,来源渠道,收件日期,问题类别,反映内容\n"
        "XF-1,MZ101,来信,2026-04-01,四风问题,反映一\n"        // row 2: fine
        "XF-2,MZ999,来信,2026-04-02,四风问题,反映二\n"        // row 3: unknown unit
        "XF-3,MZ101,飞鸽传书,2026-02-30,四风问题,反映三\n"    // row 4: bad channel and date
        "XF-4,MZ102,热线电话,2026/4/5,损害群众利益,反映四\n"  // row 5: fine (date form accepted)
        "XF-1,MZ102,来信,2026-04-06,不作为,\n"  // row 6: duplicate ref_no, empty summary
        "XF-6,MZ103,来信,2026-04-07,不作为,反映六,多余\n");  // row 7: a value without a header
    auto r = importFile(*s, "complaints", dir.file("c.csv"));
    REQUIRE(r.ok());
    INFO(describe(r.value()));
    CHECK_FALSE(r->ok());
    CHECK_FALSE(r->committed);
    CHECK(r->created == 0);
    CHECK(s->countRecords("complaint").value() == 0);
    CHECK(auditCount(*s) == auditBefore);

    std::vector<std::tuple<int64_t, std::string, std::string>> got;
    for (const auto& e : r->errors) got.emplace_back(e.row, e.column, e.reason);
    REQUIRE(got.size() == 5);
    CHECK(std::get<0>(got[0]) == 3);
    CHECK(std::get<1>(got[0]) == "被反映单位代码");
    CHECK_THAT(std::get<2>(got[0]), Catch::Contains("MZ999"));
    CHECK(std::get<0>(got[1]) == 4);
    CHECK(std::get<1>(got[1]) == "来源渠道");
    CHECK_THAT(std::get<2>(got[1]), Catch::Contains("飞鸽传书"));
    CHECK(std::get<0>(got[2]) == 4);
    CHECK(std::get<1>(got[2]) == "收件日期");
    CHECK(std::get<0>(got[3]) == 6);
    CHECK(std::get<1>(got[3]) == "反映内容");
    CHECK_THAT(std::get<2>(got[3]), Catch::Contains("required"));
    CHECK(std::get<0>(got[4]) == 7);
    CHECK_THAT(std::get<2>(got[4]), Catch::Contains("no header"));

    SECTION("the duplicate is reported once the row is otherwise valid") {
        writeText(dir.file("d.csv"),
                  "信访件编号,被反映单位代码,来源渠道,收件日期,问题类别,反映内容\n"
                  "XF-1,MZ101,来信,2026-04-01,四风问题,反映一\n"
                  "XF-1,MZ102,来信,2026-04-06,不作为,反映二\n");
        auto d = importFile(*s, "complaints", dir.file("d.csv"));
        REQUIRE(d->errors.size() == 1);
        CHECK(d->errors[0].row == 3);
        CHECK(d->errors[0].column == "信访件编号");
        CHECK_THAT(d->errors[0].reason, Catch::Contains("row 2"));
        CHECK(s->countRecords("complaint").value() == 0);
    }
}

TEST_CASE("missing required columns are reported against the header row", "[core][import]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    writeText(dir.file("u.csv"), "单位名称,地址\n区福利院,东大街\n");
    auto r = importFile(*s, "units", dir.file("u.csv"));
    REQUIRE(r.ok());
    REQUIRE(r->errors.size() == 2);
    CHECK(r->errors[0].row == 1);
    CHECK(r->errors[0].column == "单位代码");
    CHECK(r->errors[1].column == "单位类型");
    CHECK(s->countRecords("unit").value() == 0);
}

TEST_CASE("a row the store refuses at write time rolls back the rows before it", "[core][import]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    withUnits(*s);
    // A "四风" petition concluded "否" whose supervision is concluded: its outcome is final.
    const std::string header =
        "信访件编号,被反映单位代码,来源渠道,收件日期,问题类别,反映内容,调查结论,督办人,督办期限,"
        "督办结果\n";
    writeText(
        dir.file("a.csv"),
        header + "XF-9,MZ101,来信,2026-04-01,四风问题,反映,否,王五,2026-05-01,经核查不属实\n");
    REQUIRE(importFile(*s, "complaints", dir.file("a.csv"))->ok());
    REQUIRE(only(*s, "complaint", "ref_no", "XF-9").fields["supervision_status"] == "concluded");
    const int64_t auditBefore = auditCount(*s);

    writeText(dir.file("b.csv"),
              header +
                  "XF-10,MZ102,来信,2026-04-02,不作为,新的一件,,,,\n"
                  "XF-9,MZ101,来信,2026-04-01,四风问题,反映,否,王五,2026-05-01,改写的结果\n");
    auto r = importFile(*s, "complaints", dir.file("b.csv"));
    REQUIRE(r.ok());
    INFO(describe(r.value()));
    REQUIRE(r->errors.size() == 1);
    CHECK(r->errors[0].row == 3);
    CHECK(r->errors[0].column == "督办结果");
    CHECK_THAT(r->errors[0].reason, Catch::Contains("concluded"));
    CHECK(s->countRecords("complaint").value() == 1);  // XF-10 was rolled back
    CHECK(auditCount(*s) == auditBefore);
}

// --- idempotency --------------------------------------------------------------------------------

TEST_CASE("re-importing the same file changes nothing — a changed row is updated and audited",
          "[core][import]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    writeText(dir.file("u.csv"), kUnitsCsv);
    auto first = importFile(*s, "units", dir.file("u.csv"));
    REQUIRE(first.ok());
    REQUIRE(first->ok());
    CHECK(first->committed);
    CHECK(first->created == 3);
    const int64_t audit = auditCount(*s);
    const auto outbox = s->pendingOutbox().value().size();

    auto again = importFile(*s, "units", dir.file("u.csv"));
    REQUIRE(again->ok());
    CHECK(again->created == 0);
    CHECK(again->updated == 0);
    CHECK(again->unchanged == 3);
    CHECK(auditCount(*s) == audit);
    CHECK(s->pendingOutbox().value().size() == outbox);

    // The same units with English headers, in another order, as GB18030: still nothing to do.
    writeFile(dir.file("u_en.csv"), toGb18030("name,code,unit_type,key_rectification\n"
                                              "城南街道敬老院,MZ101,elderly_home,TRUE\n"
                                              "区儿童福利院,MZ102,儿童福利机构,否\n"));
    auto english = importFile(*s, "units", dir.file("u_en.csv"));
    REQUIRE(english->ok());
    CHECK(english->encoding == "gb18030");
    CHECK(english->unchanged == 2);
    CHECK(auditCount(*s) == audit);

    std::string changed = kUnitsCsv;
    changed.replace(changed.find("王副局长"), std::string("王副局长").size(), "赵副局长");
    writeText(dir.file("u2.csv"), changed);
    auto update = importFile(*s, "units", dir.file("u2.csv"));
    REQUIRE(update->ok());
    CHECK(update->updated == 1);
    CHECK(update->unchanged == 2);
    CHECK(auditCount(*s) == audit + 1);
    auto u = only(*s, "unit", "code", "MZ101");
    CHECK(u.fields["leader_in_charge"] == "赵副局长");
    CHECK(u.version == 2);
    CHECK(s->verifyAudit()->ok());
}

TEST_CASE("self-inspections are matched by unit and period", "[core][import]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    withUnits(*s);
    writeText(dir.file("si.csv"),
              "单位代码,期间,零报告,自查问题数,自查情况\n"
              "MZ101,2026-04,是,0,\n"
              "MZ102,2026年4月,否,2,发现两处消防隐患\n"
              "MZ101,2026/5,false,1,一处\n");
    auto r = importFile(*s, "self_inspections", dir.file("si.csv"));
    REQUIRE(r.ok());
    INFO(describe(r.value()));
    REQUIRE(r->ok());
    CHECK(r->created == 3);
    auto again = importFile(*s, "self_inspections", dir.file("si.csv"));
    CHECK(again->unchanged == 3);
    auto april = s->listRecords("self_inspection", {{{"period", "2026-04"}}}).value();
    CHECK(april.size() == 2);
}

TEST_CASE("a dry run checks and counts but writes nothing", "[core][import]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    writeText(dir.file("u.csv"), kUnitsCsv);
    ImportOptions options;
    options.dryRun = true;
    auto r = importFile(*s, "units", dir.file("u.csv"), options);
    REQUIRE(r->ok());
    CHECK(r->dryRun);
    CHECK_FALSE(r->committed);
    CHECK(r->created == 3);
    CHECK(s->countRecords("unit").value() == 0);
    CHECK(auditCount(*s) == 0);
}

TEST_CASE("import columns are documented per type", "[core][import]") {
    auto units = importColumns("units");
    REQUIRE(units.ok());
    REQUIRE(units->size() == 8);
    CHECK(units->front().field == "code");
    CHECK(units->front().headers.front() == "单位代码");
    CHECK(units->front().required);
    auto complaints = importColumns("complaint").value();
    bool refRequired = false, hasComputed = false;
    for (const auto& c : complaints) {
        if (c.field == "ref_no") refRequired = c.required;
        if (c.field == "supervision_status" || c.field == "campaign_id") hasComputed = true;
    }
    CHECK(refRequired);
    CHECK_FALSE(hasComputed);
}
