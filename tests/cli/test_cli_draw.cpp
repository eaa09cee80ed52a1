// `fieldcheck sample` and `fieldcheck draw` end to end, through the real binary.
#include <catch2/catch.hpp>

#include "cli_runner.h"

using namespace fieldcheck::test;

namespace {

class DrawCli : public CliRunner {
public:
    static constexpr const char* kPassphrase = "draw test passphrase 口令";
    DrawCli() : CliRunner(FIELDCHECK_CLI, kPassphrase) {}
};
using Run = CliRun;

}  // namespace

TEST_CASE("sample prints the raw picks of Rivest's sampler, one per line", "[cli][draw]") {
    DrawCli cli;
    // cjerdonek/rivest-sampler-tests, tests.json: seed "0", 1..1000, with replacement.
    Run r = cli.run("sample --seed 0 --total 1000 --count 3 --with-replacement");
    CHECK(r.exitCode == 0);
    CHECK(r.out == "905\n573\n160\n");
    Run json = cli.run("sample --seed=abcde --total 1000 --count 3 --with-replacement --json");
    CHECK(json.out == "[247,427,157]\n");
    Run tooMany = cli.run("sample --seed 1 --total 3 --count 4");
    CHECK(tooMany.exitCode == 2);
    CHECK_THAT(tooMany.err, Catch::Contains("4 distinct items out of 3"));
    CHECK(cli.run("sample --total 3 --count 1").exitCode == 2);
    CHECK(cli.run("sample --seed 1 --total x --count 1").exitCode == 2);
    for (const char* cmd : {"sample", "draw"}) {
        Run help = cli.run(std::string(cmd) + " --help");
        CHECK(help.exitCode == 0);
        CHECK_THAT(help.out, Catch::Contains(std::string("fieldcheck ") + cmd));
    }
}

TEST_CASE("draw run, show, list and verify work end to end, and verify fails on a changed draw",
          "[cli][draw]") {
    DrawCli cli;
    REQUIRE(cli.run("demo --kdf-ops 1 --kdf-mem-kib 8").exitCode == 0);

    Run cands = cli.run("draw candidates --period 2026-04 --json");
    REQUIRE(cands.exitCode == 0);
    auto c = nlohmann::json::parse(cands.out);
    const std::string hash = c["candidates_sha256"];
    REQUIRE(c["mandatory"].size() > 0);

    Run noParty = cli.run("draw run --period 2026-04 --count 3");
    CHECK(noParty.exitCode == 2);
    CHECK_THAT(noParty.err, Catch::Contains("--party"));

    Run run = cli.run(
        "draw run --period 2026-04 --count 3 --party 纪检组=482193 --party=局办公室=773015 "
        "--candidates-sha256 " +
        hash + " --json --actor 王纪检");
    REQUIRE(run.exitCode == 0);
    auto d = nlohmann::json::parse(run.out);
    const std::string id = d["id"];
    CHECK(d["seed"] == "482193773015");
    CHECK(d["seed_parts"][0]["party"] == "纪检组");
    CHECK(d["seed_parts"][1]["party"] == "局办公室");
    CHECK(d["created_by"] == "王纪检");
    CHECK(d["picks"].size() == 3 + c["mandatory"].size());
    CHECK_THAT(run.err, Catch::Contains("Rivest recommends at least 24"));

    Run again = cli.run("draw run --period 2026-04 --count 3 --party 纪检组=1 --party 局办公室=2");
    CHECK(again.exitCode == 1);
    CHECK_THAT(again.err, Catch::Contains("already exists"));

    Run show = cli.run("draw show " + id);
    CHECK(show.exitCode == 0);
    CHECK_THAT(show.out, Catch::Contains("纪检组 \"482193\" + 局办公室 \"773015\""));
    Run list = cli.run("draw list");
    CHECK_THAT(list.out, Catch::Contains(id));

    Run ok = cli.run("draw verify " + id);
    CHECK(ok.exitCode == 0);
    CHECK_THAT(ok.err, Catch::Contains("verifies"));
    CHECK(cli.run("draw verify 00000000000000000000000000000000").exitCode == 1);

    // A draw is never changed through the store...
    Run refused = cli.run("update spot_check_draw " + id + " seed=482193773016");
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Catch::Contains("withdraw it"));
    // ...and a change made with the key is caught by both the audit chain and the draw check.
    {
        auto raw = openRawKeyed(cli.db(), DrawCli::kPassphrase);
        REQUIRE(raw.exec("UPDATE spot_check_draws SET seed = '482193773016', version = 2 WHERE id = '" + id + "'").ok());
    }
    CHECK(cli.run("audit verify").exitCode == 3);
    Run bad = cli.run("draw verify " + id + " --json");
    CHECK(bad.exitCode == 3);
    auto v = nlohmann::json::parse(bad.out);
    CHECK(v["ok"] == false);
    std::map<std::string, bool> checks;
    for (const auto& ch : v["checks"]) checks[ch["check"]] = ch["ok"];
    CHECK_FALSE(checks["unchanged"]);
    CHECK_FALSE(checks["seed"]);
    CHECK(checks["picks"]);  // recomputed from the parties' parts, which were not changed
}
