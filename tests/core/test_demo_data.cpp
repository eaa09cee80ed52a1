#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "fieldcheck/core/demo_data.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("the demo data set has the shape the issue asks for and is reproducible", "[core][demo]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    auto sum = seedDemoData(*s, 7);
    REQUIRE(sum.ok());
    CHECK(sum->campaigns == 1);
    CHECK(sum->units == 40);
    CHECK(sum->groups == 3);
    CHECK(sum->complaints == 200);
    CHECK(sum->zeroReports > 0);
    CHECK(sum->zeroReportsWithComplaints >= 4);
    CHECK(sum->zeroReportsWithComplaints < sum->zeroReports);
    CHECK(s->countRecords("unit").value() == 40);
    CHECK(s->countRecords("complaint").value() == 200);
    CHECK(s->countRecords("self_inspection").value() == sum->selfInspections);

    std::set<std::string> types;
    for (const auto& u : s->listRecords("unit").value()) types.insert(u.fields["unit_type"].get<std::string>());
    for (const char* t : {"department", "elderly_home", "child_welfare", "relief_station", "funeral_service"}) {
        CHECK(types.count(t) == 1);
    }
    CHECK(s->verifyAudit()->ok());
    CHECK(seedDemoData(*s, 7).error().code == ErrorCode::AlreadyExists);

    TempDir dir2;
    auto s2 = createTestStore(dir2.file("s.db"));
    auto sum2 = seedDemoData(*s2, 7);
    CHECK(sum2->toJson() == sum->toJson());
    // The same records, not only the same counts: which units got plans, and with how many
    // measures (record ids are random; unit codes are not).
    auto plansByUnitCode = [](Store& store) {
        std::map<std::string, std::string> codeOf;
        for (const auto& u : store.listRecords("unit").value()) codeOf[u.id] = u.fields["code"];
        std::map<std::string, int> measures;
        for (const auto& m : store.listRecords("rectification_measure").value()) measures[m.fields["plan_id"]] += 1;
        std::map<std::string, std::string> out;
        for (const auto& p : store.listRecords("rectification_plan").value()) {
            out[codeOf[p.fields["unit_id"]]] = p.fields["status"].get<std::string>() + "/" + std::to_string(measures[p.id]);
        }
        return out;
    };
    CHECK(plansByUnitCode(*s2) == plansByUnitCode(*s));
}
