// Receipts: the server signs what each push came to; the device keeps the receipts and checks them
// later against what the server holds. A record changed or deleted in the server's database behind
// its audit chain is named; changes made through the server by others are not.
#include <catch2/catch.hpp>

#include "harness.h"
#include "fieldcheck/sync/receipts.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;
namespace rep = fieldcheck::replication;

namespace {

bool names(const sync::ReceiptReport& report, const std::string& id, const std::string& kind) {
    for (const auto& p : report.problems) {
        if (p.id == id && p.kind == kind) return true;
    }
    return false;
}
}  // namespace

TEST_CASE("signed receipts name every record the office altered or removed after receiving it", "[sync][receipts]") {
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    Device leader(server.url(), "g1m1");
    syncOk(inspector);
    const Record kept = newFinding(inspector, "如实保存");
    const Record edited = newFinding(inspector, "组长会补充");
    const Record altered = newFinding(inspector, "台账缺失三个月");
    const Record removed = newFinding(inspector, "挪用救灾款");
    REQUIRE(inspector.store().updateRecord("finding", kept.id, {{"money_involved", "1200.00"}}).ok());
    REQUIRE(inspector.store().attach("finding", kept.id, std::vector<uint8_t>(2048, 3), "image/jpeg", "证据.jpg").ok());
    syncOk(inspector);

    auto clean = sync::verifyReceipts(inspector.store());
    REQUIRE(clean.ok());
    INFO(clean->toJson().dump());
    CHECK(clean->ok());
    CHECK(clean->receipts >= 1);
    CHECK(clean->records == 5);  // four findings and the photo

    // A change through the server (the group leader's) is in its history: not a problem.
    syncOk(leader);
    REQUIRE(leader.store().updateRecord("finding", edited.id, {{"subcategory", "组长补充"}}).ok());
    syncOk(leader);
    auto afterEdit = sync::verifyReceipts(inspector.store());
    REQUIRE(afterEdit.ok());
    INFO(afterEdit->toJson().dump());
    CHECK(afterEdit->ok());

    // Behind the server's back, with the database key (or as PostgreSQL's superuser): one finding
    // softened, one deleted.
    server.rawSql("UPDATE findings SET description = '问题已查清，无违规' WHERE id = '" + altered.id + "'",
                  "UPDATE srv_record_data SET fields = jsonb_set(fields::jsonb, '{description}', '\"问题已查清，无违规\"')::text "
                  "WHERE record_type = 'finding' AND record_id = '" + altered.id + "'");
    server.rawSql("DELETE FROM findings WHERE id = '" + removed.id + "'",
                  "DELETE FROM srv_record_data WHERE record_type = 'finding' AND record_id = '" + removed.id + "'");
    auto tampered = sync::verifyReceipts(inspector.store());
    REQUIRE(tampered.ok());
    INFO(tampered->toJson().dump());
    CHECK(names(tampered.value(), altered.id, "altered"));
    CHECK(names(tampered.value(), removed.id, "removed"));
    CHECK(tampered->problems.size() == 2);

    // The command line says so too, and fails.
    REQUIRE(inspector.store().checkpoint().ok());
    auto cli = runProgram({FIELDCHECK_CLI, "--db", inspector.path(), "receipts", "verify", "--passphrase-fd", "3"}, {kTestPassphrase});
    CHECK(cli.exitCode != 0);
    CHECK_THAT(cli.out, Catch::Contains(altered.id) && Catch::Contains(removed.id) && Catch::Contains("回执核对不一致"));

    // A receipt altered on the device no longer carries the server's signature.
    {
        auto raw = openRawKeyed(inspector.path());
        REQUIRE(raw.exec("UPDATE sync_receipts SET payload = replace(payload, 'applied', 'rejected')").ok());
    }
    auto forged = sync::verifyReceipts(inspector.store());
    REQUIRE(forged.ok());
    bool badSignature = false;
    for (const auto& p : forged->problems) badSignature = badSignature || p.kind == "bad-signature";
    CHECK(badSignature);
}
