#include <catch2/catch.hpp>

#include <fstream>

#include "cli_runner.h"

using namespace fieldcheck::test;

namespace {

class LedgerCli : public CliRunner {
public:
    LedgerCli() : CliRunner(FIELDCHECK_CLI, "ledger test passphrase") {}
};
using Run = CliRun;

const std::string kData = std::string(FIELDCHECK_TEST_DATA_DIR) + "/import/";

}  // namespace

TEST_CASE("import: GB18030 and UTF-8 files, all or nothing, re-import changes nothing", "[cli][import]") {
    LedgerCli cli;
    REQUIRE(cli.run("init --kdf-ops 1 --kdf-mem-kib 8").exitCode == 0);
    Run first = cli.run("import units '" + kData + "units_gb18030.csv' --json");
    REQUIRE(first.exitCode == 0);
    auto report = nlohmann::json::parse(first.out);
    CHECK(report["created"].get<int>() >= 2);
    const auto audit = nlohmann::json::parse(cli.run("audit log --json").out).size();
    // The same rows as UTF-8 with a BOM: nothing to write.
    Run again = cli.run("import units '" + kData + "units_utf8_bom.csv' --json");
    REQUIRE(again.exitCode == 0);
    CHECK(nlohmann::json::parse(again.out)["created"] == 0);
    CHECK(nlohmann::json::parse(cli.run("audit log --json").out).size() == audit);

    // A file with bad rows imports nothing and names every bad row and column.
    std::ofstream(cli.file("bad.csv")) << "单位代码,单位名称,单位类型\nMZ901,新单位,养老机构\nMZ902,,养老机构\nMZ903,另一单位,火星基地\n";
    Run bad = cli.run("import units bad.csv");
    CHECK(bad.exitCode != 0);
    CHECK_THAT(bad.err, Catch::Contains("3") && Catch::Contains("单位名称") && Catch::Contains("4") &&
                            Catch::Contains("单位类型"));
    Run list = cli.run("list unit --json");
    CHECK(list.out.find("MZ901") == std::string::npos);
}

TEST_CASE("export: ledgers as XLSX and CSV, never overwriting, audited", "[cli][export]") {
    LedgerCli cli;
    REQUIRE(cli.run("demo --kdf-ops 1 --kdf-mem-kib 8").exitCode == 0);
    Run x = cli.run("export findings --out 问题线索台账.xlsx");
    REQUIRE(x.exitCode == 0);
    CHECK(slurp(cli.file("问题线索台账.xlsx")).substr(0, 2) == "PK");  // a zip container
    Run c = cli.run("export petitions --out petitions.csv --format csv");
    REQUIRE(c.exitCode == 0);
    const std::string csv = slurp(cli.file("petitions.csv"));
    CHECK(csv.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(csv.find("信访人") == std::string::npos);  // no personal data unless asked for
    Run twice = cli.run("export findings --out 问题线索台账.xlsx");
    CHECK(twice.exitCode == 1);
    CHECK_THAT(twice.err, Catch::Contains("exists"));
    CHECK(cli.run("export four_batches --out 四个一批.xlsx").exitCode == 0);
    auto log = nlohmann::json::parse(cli.run("audit log --json").out);
    int exports = 0;
    for (const auto& e : log) exports += e["action"] == "export";
    CHECK(exports == 3);
    CHECK(cli.run("audit verify").exitCode == 0);
}
