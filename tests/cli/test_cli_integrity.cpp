// The integrity gaps found from outside (several fieldcheck processes on one store, the vault,
// leftovers of killed writers), reproduced with the command line alone, as they were reported.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cli_runner.h"

using namespace fieldcheck::test;

namespace {

class StoreWithFinding : public CliRunner {
public:
    StoreWithFinding() : CliRunner(FIELDCHECK_CLI, "pw") {
        REQUIRE(run("init --kdf-ops 1 --kdf-mem-kib 64").exitCode == 0);
        CliRun unit = run("record unit code=U1 name=单位 unit_type=department");
        REQUIRE(unit.exitCode == 0);
        CliRun finding = run("record finding unit_id=" + firstLine(unit.out) + " category=safety source=visit description=竞态");
        REQUIRE(finding.exitCode == 0);
        unitId = firstLine(unit.out);
        findingId = firstLine(finding.out);
    }
    static std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }
    std::string unitId, findingId;
};

}  // namespace

TEST_CASE("check run beside attach in another process never loses an acknowledged attachment", "[cli][shared]") {
    StoreWithFinding cli;
    CliRun r = cli.script(R"(
set -u
head -c 1000000 /dev/urandom > big.bin
( for i in $(seq 25); do "$F" attach finding )" + cli.findingId + R"( big.bin; done > acks.txt ) & A=$!
checks=0
while kill -0 $A 2>/dev/null; do "$F" check --quick >/dev/null 2>&1; checks=$((checks+1)); done; wait $A
echo "checks $checks"
n=0
while read id _; do rm -f o.bin; n=$((n+1)); "$F" export-attachment $id o.bin >/dev/null || echo LOST $id; cmp -s o.bin big.bin || echo DIFFERENT $id; done < acks.txt
echo "acknowledged $n"
)");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::Contains("acknowledged 25"));
    CHECK_THAT(r.out, !Catch::Contains("LOST") && !Catch::Contains("DIFFERENT"));
    CHECK_THAT(r.out, !Catch::Contains("checks 0"));
}

TEST_CASE("audit verify beside a writer in another process raises no false alarm", "[cli][shared]") {
    StoreWithFinding cli;
    CliRun r = cli.script(R"(
( for i in $(seq 60); do "$F" record finding unit_id=)" + cli.unitId + R"( category=safety source=visit description=并发$i >/dev/null; done ) & A=$!
runs=0
while kill -0 $A 2>/dev/null; do "$F" audit verify >/dev/null 2>verify-err.txt || { echo FALSE-ALARM; cat verify-err.txt; }; runs=$((runs+1)); done; wait $A
echo "runs $runs"
"$F" audit verify
)");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.out, !Catch::Contains("FALSE-ALARM"));
    CHECK_THAT(r.out, !Catch::Contains("runs 0"));
    CHECK_THAT(r.out, Catch::Contains("audit chain ok: 62 entries"));
}

TEST_CASE("check verifies the vault, names each bad sealed file and shows progress — --quick skips it", "[cli][attachments]") {
    StoreWithFinding cli;
    cli.writeFile("a.jpg", std::string(200'000, 'a'));
    cli.writeFile("b.jpg", std::string(1000, 'b'));
    CliRun a = cli.run("attach finding " + cli.findingId + " a.jpg");
    CliRun b = cli.run("attach finding " + cli.findingId + " b.jpg");
    REQUIRE((a.exitCode == 0 && b.exitCode == 0));
    const std::string aId = a.out.substr(0, a.out.find(' '));
    const std::string bId = b.out.substr(0, b.out.find(' '));

    CliRun ok = cli.run("check");
    CHECK(ok.exitCode == 0);
    CHECK_THAT(ok.out, Catch::Contains("integrity ok: database and 2 sealed files (201000 bytes) verified"));
    CHECK_THAT(ok.err, Catch::Contains("vault: 2/2 sealed files checked"));

    const std::string vault = cli.db() + ".attachments/";
    std::string sealed = slurp(vault + aId + ".fcatt");
    sealed[sealed.size() / 2] ^= 0x04;
    cli.writeFile("flipped", sealed);
    std::filesystem::copy_file(cli.file("flipped"), vault + aId + ".fcatt", std::filesystem::copy_options::overwrite_existing);
    std::filesystem::remove(vault + bId + ".fcatt");

    CliRun bad = cli.run("check");
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.err, Catch::Contains("BAD damaged") && Catch::Contains("a.jpg") && Catch::Contains(aId));
    CHECK_THAT(bad.err, Catch::Contains("BAD missing") && Catch::Contains("b.jpg") && Catch::Contains(bId));
    CHECK_THAT(bad.err, Catch::Contains("2 of 2 sealed files failed the vault check"));
    CliRun json = cli.run("check --json");
    CHECK(json.exitCode == 1);
    auto j = nlohmann::json::parse(json.out);
    CHECK(j["ok"] == false);
    CHECK(j["vault_problems"].size() == 2);

    CliRun quick = cli.run("check --quick");
    CHECK(quick.exitCode == 0);
    CHECK_THAT(quick.out, Catch::Contains("vault not checked: --quick"));
}

TEST_CASE("a keyring copy a killed writer left is removed: the old passphrase opens nothing after passwd", "[cli][keyring]") {
    StoreWithFinding cli;
    const std::string keyring = cli.db() + ".keyring";
    // What a writer killed during a keyring save leaves: a full copy under a temporary name.
    std::filesystem::copy_file(keyring, keyring + ".tmp-4242");
    cli.writeFile("newpass", "new passphrase\n");
    CliRun pw = cli.run("passwd --new-passphrase-fd 4 4<newpass");
    REQUIRE(pw.exitCode == 0);
    CHECK_FALSE(std::filesystem::exists(keyring + ".tmp-4242"));
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(cli.db()).parent_path())) {
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
    }
    // And at the next open, with check saying so.
    std::filesystem::copy_file(keyring, keyring + ".tmp-4343");
    CliRun check = cli.run("check", cli.file("newpass"));
    CHECK(check.exitCode == 0);
    CHECK_THAT(check.err, Catch::Contains("removed a temporary file a killed writer left behind: store.db.keyring.tmp-4343"));
    CHECK(cli.run("info").exitCode == 1);  // the old passphrase
}

TEST_CASE("a passphrase cost below the production setting is accepted with a warning", "[cli][keyring]") {
    CliRunner cli(FIELDCHECK_CLI, "pw");
    CliRun weak = cli.run("init --kdf-ops 1 --kdf-mem-kib 8");
    CHECK(weak.exitCode == 0);
    CHECK_THAT(weak.err, Catch::Contains("warning") && Catch::Contains("below the production setting") &&
                             Catch::Contains("tests only"));
}

TEST_CASE("a 200 MB file is attached and exported with memory bounded by a chunk, not by the file", "[cli][attachments][large]") {
    StoreWithFinding cli;
    // Sparse: 200 MB of zeros costs no disk to make, and the same work to seal as any other bytes.
    REQUIRE(cli.script("truncate -s 200M big.bin && truncate -s 1M small.bin").exitCode == 0);
    auto attachAndExport = [&](const std::string& file) {
        CliRun attached = cli.run("attach finding " + cli.findingId + " " + file + " --media-type video/mp4");
        INFO(attached.out << attached.err);
        REQUIRE(attached.exitCode == 0);
        const std::string id = attached.out.substr(0, attached.out.find(' '));
        CliRun exported = cli.run("export-attachment " + id + " copy-" + file);
        INFO(exported.out << exported.err);
        REQUIRE(exported.exitCode == 0);
        CHECK(cli.script("cmp -s " + file + " copy-" + file).exitCode == 0);
        return std::pair<long, long>{attached.peakRssKiB / 1024, exported.peakRssKiB / 1024};
    };
    // The same commands on a 1 MB file set the baseline of this build (a sanitizer build needs far
    // more memory for anything); reading the 200 MB file whole would add 400 MB to it (the file and
    // its sealed form).
    const auto [smallAttach, smallExport] = attachAndExport("small.bin");
    const auto [bigAttach, bigExport] = attachAndExport("big.bin");
    INFO("peak RSS in MiB: attach " << smallAttach << " → " << bigAttach << ", export " << smallExport << " → " << bigExport);
    CHECK(bigAttach - smallAttach < 16);
    CHECK(bigExport - smallExport < 16);
}

TEST_CASE("an attachment damaged in the middle exports nothing, and says which one", "[cli][attachments]") {
    StoreWithFinding cli;
    cli.writeFile("photo.jpg", std::string(300'000, 'p'));  // five chunks
    CliRun a = cli.run("attach finding " + cli.findingId + " photo.jpg");
    REQUIRE(a.exitCode == 0);
    const std::string id = a.out.substr(0, a.out.find(' '));
    // Flip the bits of one byte of the third chunk of the sealed file (writing a fixed value left
    // the file as it was whenever the ciphertext held that value already: 1 run in 256).
    const std::string sealed = cli.db() + ".attachments/" + id + ".fcatt";
    REQUIRE(std::filesystem::exists(sealed));
    {
        std::fstream f(sealed, std::ios::in | std::ios::out | std::ios::binary);
        REQUIRE(f);
        f.seekg(150000);
        const int byte = f.get();
        REQUIRE(byte != EOF);
        f.seekp(150000);
        f.put(static_cast<char>(~byte));
        REQUIRE(f.good());
    }
    CliRun exported = cli.run("export-attachment " + id + " out.jpg");
    CHECK(exported.exitCode != 0);
    CHECK_THAT(exported.err, Catch::Contains(id) && Catch::Contains("authentic"));
    CHECK_FALSE(std::filesystem::exists(cli.file("out.jpg")));
    CHECK(cli.script("ls | grep -c tmp-").out == "0\n");  // no partial file left beside it
}
