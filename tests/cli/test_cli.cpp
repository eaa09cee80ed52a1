#include <catch2/catch.hpp>

#include <fstream>

#include "cli_runner.h"

using namespace fieldcheck::test;

namespace {

// A runner with the tests' passphrase and a second one in "pass2" for passwd and wrong-passphrase tests.
class CliFixture : public CliRunner {
public:
    CliFixture() : CliRunner(FIELDCHECK_CLI, "cli test passphrase 口令") { writeFile("pass2", "second passphrase\n"); }
};
using Run = CliRun;

const std::string kFastKdf = "--kdf-ops 1 --kdf-mem-kib 8";

}  // namespace

TEST_CASE("every command has --help, and bad usage is a clear error with exit code 2", "[cli]") {
    CliFixture cli;
    for (const char* cmd : {"init", "passwd", "demo", "types", "record", "update", "withdraw", "list", "show", "attach",
                            "attachments", "export-attachment", "audit", "outbox", "check", "info"}) {
        CAPTURE(cmd);
        Run r = cli.run(std::string(cmd) + " --help");
        CHECK(r.exitCode == 0);
        CHECK_THAT(r.out, Catch::Contains(std::string("fieldcheck ") + cmd));
    }
    CHECK(cli.run("--help").exitCode == 0);
    Run unknown = cli.run("frobnicate");
    CHECK(unknown.exitCode == 2);
    CHECK_THAT(unknown.err, Catch::Contains("unknown command 'frobnicate'"));
    Run badOpt = cli.run("list finding --colour red");
    CHECK(badOpt.exitCode == 2);
    CHECK_THAT(badOpt.err, Catch::Contains("unknown option '--colour'"));
    Run argvPass = cli.run("info --passphrase hunter2");
    CHECK(argvPass.exitCode == 2);
    CHECK_THAT(argvPass.err, Catch::Contains("never taken from the command line"));
}

TEST_CASE("init, record, list, show, update, withdraw, attach and audit verify work end to end", "[cli]") {
    CliFixture cli;
    REQUIRE(cli.run("init " + kFastKdf).exitCode == 0);
    Run again = cli.run("init " + kFastKdf);
    CHECK(again.exitCode == 1);
    CHECK_THAT(again.err, Catch::Contains("already exists"));

    Run unit = cli.run("record unit code=MZ001 name=区社会福利院 unit_type=elderly_home");
    REQUIRE(unit.exitCode == 0);
    const std::string unitId = unit.out.substr(0, 32);
    Run finding = cli.run("record finding unit_id=" + unitId + " category=安全隐患 source=visit 'description=灭火器过期 三个' money_involved=150");
    REQUIRE(finding.exitCode == 0);
    const std::string fid = finding.out.substr(0, 32);

    Run bad = cli.run("record finding unit_id=" + unitId + " category=gossip source=visit description=x");
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.err, Catch::Contains("field 'category'") && Catch::Contains("is not one of"));
    Run notKv = cli.run("record finding description");
    CHECK(notKv.exitCode == 2);

    Run list = cli.run("list finding --json");
    REQUIRE(list.exitCode == 0);
    auto arr = nlohmann::json::parse(list.out);
    REQUIRE(arr.size() == 1);
    CHECK(arr[0]["fields"]["money_involved"] == "150.00");
    CHECK(arr[0]["fields"]["category"] == "safety");

    REQUIRE(cli.run("update finding " + fid + " subcategory=消防").exitCode == 0);
    std::ofstream(cli.file("photo.jpg")) << "jpeg bytes";
    Run att = cli.run("attach finding " + fid + " photo.jpg --json");
    REQUIRE(att.exitCode == 0);
    auto attJson = nlohmann::json::parse(att.out);
    CHECK(attJson["media_type"] == "image/jpeg");
    CHECK(attJson["sha256"] == fieldcheck::sha256Hex("jpeg bytes"));
    REQUIRE(cli.run("export-attachment " + attJson["id"].get<std::string>() + " back.jpg").exitCode == 0);
    CHECK(slurp(cli.file("back.jpg")) == "jpeg bytes");

    Run show = cli.run("show finding " + fid);
    REQUIRE(show.exitCode == 0);
    CHECK_THAT(show.out, Catch::Contains("灭火器过期 三个") && Catch::Contains("photo.jpg") && Catch::Contains("消防"));

    Run noReason = cli.run("withdraw finding " + fid);
    CHECK(noReason.exitCode == 2);
    REQUIRE(cli.run("withdraw finding " + fid + " --reason 重复录入").exitCode == 0);
    Run active = cli.run("list finding --active --json");
    CHECK(nlohmann::json::parse(active.out).empty());

    Run verify = cli.run("audit verify --json");
    REQUIRE(verify.exitCode == 0);
    auto v = nlohmann::json::parse(verify.out);
    CHECK(v["ok"] == true);
    CHECK(v["entries"] == 5);
    Run outbox = cli.run("outbox --json");
    CHECK(nlohmann::json::parse(outbox.out).size() == 5);
    CHECK(cli.run("check").exitCode == 0);
    Run info = cli.run("info --json");
    CHECK(nlohmann::json::parse(info.out)["counts"]["finding"] == 1);
}

TEST_CASE("audit verify exits non-zero and names the first bad entry", "[cli][audit]") {
    CliFixture cli;
    REQUIRE(cli.run("init " + kFastKdf).exitCode == 0);
    for (int i = 0; i < 4; ++i) {
        REQUIRE(cli.run("record unit code=U" + std::to_string(i) + " name=单位" + std::to_string(i) + " unit_type=department").exitCode == 0);
    }
    {
        auto raw = openRawKeyed(cli.db(), "cli test passphrase 口令");
        REQUIRE(raw.exec("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2").ok());
    }
    Run verify = cli.run("audit verify");
    CHECK(verify.exitCode == 3);
    CHECK_THAT(verify.err, Catch::Contains("FAILED at entry 2"));
}

TEST_CASE("a wrong passphrase is refused with a clear message and passwd changes it", "[cli]") {
    CliFixture cli;
    REQUIRE(cli.run("init " + kFastKdf).exitCode == 0);
    Run wrong = cli.run("info", cli.file("pass2"));
    CHECK(wrong.exitCode == 1);
    CHECK_THAT(wrong.err, Catch::Contains("wrong passphrase"));

    const std::string cmd = "passwd " + kFastKdf + " --new-passphrase-fd 4 4<'" + cli.file("pass2") + "'";
    REQUIRE(cli.run(cmd).exitCode == 0);
    CHECK(cli.run("info").exitCode == 1);
    CHECK(cli.run("info", cli.file("pass2")).exitCode == 0);
}

TEST_CASE("demo creates the data set once and lists it as JSON", "[cli][demo]") {
    CliFixture cli;
    Run demo = cli.run("demo --json " + kFastKdf);
    REQUIRE(demo.exitCode == 0);
    auto sum = nlohmann::json::parse(demo.out);
    CHECK(sum["units"] == 40);
    CHECK(sum["complaints"] == 200);
    Run units = cli.run("list unit --json");
    CHECK(nlohmann::json::parse(units.out).size() == 40);
    Run zero = cli.run("list self_inspection zero_report=是 --json");
    CHECK(nlohmann::json::parse(zero.out).size() == sum["zero_reports"].get<size_t>());
    Run twice = cli.run("demo");
    CHECK(twice.exitCode == 1);
    CHECK_THAT(twice.err, Catch::Contains("already has a campaign"));
    CHECK(cli.run("audit verify").exitCode == 0);
}
