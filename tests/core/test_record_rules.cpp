// The record rules without a database (fieldcheck/core/record_rules.h): a second storage — a
// server backend of its own — gets the same records from the same writes as the device's store,
// asking only what the Lookup answers.
#include <catch2/catch.hpp>

#include <map>

#include "fieldcheck/core/record_rules.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using nlohmann::json;

namespace {

// 2026-05-20 10:00 Beijing time.
constexpr int64_t kMay20 = 1779242400000;
const record_rules::Author kAuthor{"g1m2", kMay20};

// Records kept in a map, and what the rules asked for.
class MapLookup final : public record_rules::Lookup {
public:
    std::map<std::pair<std::string, std::string>, Record> records;
    std::vector<std::string> asked;

    Result<Record> fetch(const RecordTypeSpec& spec, const std::string& id) override {
        asked.push_back("fetch " + spec.name);
        auto it = records.find({spec.name, id});
        if (it == records.end()) return makeError(ErrorCode::NotFound, "no " + spec.name + " with id '" + id + "'");
        return it->second;
    }
    Result<bool> exists(const RecordTypeSpec& spec, const std::string& id) override {
        asked.push_back("exists " + spec.name);
        return records.count({spec.name, id}) > 0;
    }
    Result<std::vector<Record>> active(const RecordTypeSpec& spec, const std::string& field, const std::string& value) override {
        asked.push_back("active " + spec.name + "." + field);
        std::vector<Record> out;
        for (const auto& [key, r] : records) {
            if (key.first == spec.name && !r.withdrawn && r.fields.value(field, json()) == value) out.push_back(r);
        }
        return out;
    }

    const RecordTypeSpec& spec(const std::string& type) { return *findRecordType(type); }
    // Creates through the rules and keeps the result, as a storage would.
    Record create(const std::string& type, const std::string& id, const json& fields) {
        auto r = record_rules::prepareCreate(spec(type), id, fields, kAuthor, *this);
        if (!r.ok()) FAIL(type << ": " << r.error().toString());
        records[{type, id}] = r.value();
        return r.value();
    }
    Result<Record> update(const Record& before, const json& changes) {
        FC_ASSIGN_OR_RETURN(auto edit, record_rules::prepareUpdate(spec(before.type), before, changes, kAuthor, *this));
        records[{before.type, before.id}] = edit.after;
        return edit.after;
    }
};

json measureFields(const std::string& planId) {
    return {{"plan_id", planId}, {"description", "措施"}, {"owner", "王科长"}, {"deadline", "2026-06-30"}, {"kind", "immediate"}};
}

}  // namespace

TEST_CASE("record rules: a new record is checked, given its defaults and its computed fields, with no database",
          "[core][rules][record-rules]") {
    MapLookup lookup;
    Record unit = lookup.create("unit", "u1", {{"code", "MZ001"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"}});
    CHECK(unit.version == 1);
    CHECK(unit.createdBy == "g1m2");
    CHECK(unit.updatedMs == kMay20);

    Record finding = lookup.create("finding", "f1", findingFields("u1", "台账不符"));
    CHECK(finding.fields["status"] == "recorded");  // the life cycle's initial state, as a default
    CHECK(std::count(lookup.asked.begin(), lookup.asked.end(), "exists unit") == 1);

    SECTION("a reference to a record the lookup does not know is refused, naming the field") {
        auto r = record_rules::prepareCreate(lookup.spec("finding"), "f2", findingFields("u-missing", "x"), kAuthor, lookup);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK_THAT(r.error().message, Catch::Contains("unit_id") && Catch::Contains("u-missing"));
    }
    SECTION("computed fields and a later state are not the writer's") {
        json fields = findingFields("u1", "x");
        fields["case_opened_date"] = "2026-05-20";
        CHECK(record_rules::prepareCreate(lookup.spec("finding"), "f2", fields, kAuthor, lookup).error().code ==
              ErrorCode::InvalidArgument);
        fields = findingFields("u1", "x");
        fields["status"] = "closed";
        CHECK(record_rules::prepareCreate(lookup.spec("finding"), "f2", fields, kAuthor, lookup).error().code ==
              ErrorCode::IllegalTransition);
    }
    SECTION("the gate sees the checked change and its refusal is the answer") {
        std::vector<permissions::Request> seen;
        auto gate = [&](const permissions::Request& r) -> Status {
            seen.push_back(r);
            return makeError(ErrorCode::Unauthorized, "not this role");
        };
        auto r = record_rules::prepareCreate(lookup.spec("finding"), "f2", findingFields("u1", " 台账 "), kAuthor, lookup, gate);
        CHECK(r.error().code == ErrorCode::Unauthorized);
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].kind == permissions::Request::Kind::Create);
        CHECK(seen[0].changes["unit_id"] == "u1");
        // A change that fails its own checks never reaches the gate.
        seen.clear();
        (void)record_rules::prepareCreate(lookup.spec("finding"), "f2", json{{"unit_id", "u1"}}, kAuthor, lookup, gate);
        CHECK(seen.empty());
    }
}

TEST_CASE("record rules: a plan is submitted with three concrete measures, counted through the lookup",
          "[core][rules][record-rules]") {
    MapLookup lookup;
    lookup.create("unit", "u1", {{"code", "MZ001"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"}});
    Record plan = lookup.create("rectification_plan", "p1", {{"unit_id", "u1"}, {"title", "整改方案"}});
    lookup.create("rectification_measure", "m1", measureFields("p1"));
    lookup.create("rectification_measure", "m2", measureFields("p1"));
    lookup.create("rectification_plan", "p2", {{"unit_id", "u1"}, {"title", "另一方案"}});
    lookup.create("rectification_measure", "m3", measureFields("p2"));  // another plan's
    Record withdrawn = lookup.create("rectification_measure", "m4", measureFields("p1"));
    auto w = record_rules::prepareWithdraw(lookup.spec("rectification_measure"), withdrawn, "重复录入", kAuthor);
    REQUIRE(w.ok());
    lookup.records[{"rectification_measure", "m4"}] = w.value();

    auto refused = lookup.update(plan, {{"status", "submitted"}});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::IllegalTransition);
    CHECK_THAT(refused.error().message, Catch::EndsWith("this one has 2"));

    lookup.create("rectification_measure", "m5", measureFields("p1"));
    auto submitted = lookup.update(plan, {{"status", "submitted"}});
    REQUIRE(submitted.ok());
    CHECK(submitted->version == 2);
}

TEST_CASE("record rules: an edit reports what changed, computed fields included, and nothing for no change",
          "[core][rules][record-rules]") {
    MapLookup lookup;
    lookup.create("unit", "u1", {{"code", "MZ001"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"},
                                 {"latitude", 39.9}, {"longitude", 116.4}});
    lookup.create("campaign", "c1", {{"code", "C"}, {"name", "专项"}});
    lookup.create("inspection_group", "g1", {{"campaign_id", "c1"}, {"code", "G1"}, {"name", "第一检查组"}});
    Record visit = lookup.create("visit", "v1", {{"unit_id", "u1"}, {"group_id", "g1"}});

    auto edit = record_rules::prepareUpdate(lookup.spec("visit"), visit,
                                            {{"status", "started"}, {"gps_latitude", 39.9009}, {"gps_longitude", 116.4}},
                                            kAuthor, lookup);
    REQUIRE(edit.ok());
    CHECK(edit->after.version == 2);
    CHECK(edit->changed["started_ms"] == kMay20);
    CHECK(edit->changed["distance_to_unit_m"].get<double>() == Approx(100.1).margin(0.2));  // the unit, fetched
    CHECK(edit->changed.contains("gps_latitude"));
    CHECK_FALSE(edit->changed.contains("unit_id"));

    auto same = record_rules::prepareUpdate(lookup.spec("visit"), edit->after, {{"gps_latitude", 39.9009}}, kAuthor, lookup);
    REQUIRE(same.ok());
    CHECK(same->changed.empty());
    CHECK(same->after.version == 2);

    CHECK(record_rules::prepareUpdate(lookup.spec("visit"), visit, json::object(), kAuthor, lookup).error().message ==
          "nothing to change");

    // A record kept by a storage that has no value at all for some fields (not even null) is read
    // as having nulls there.
    Record sparse = visit;
    sparse.fields.erase("gps_latitude");
    sparse.fields.erase("notes");
    auto filled = record_rules::prepareUpdate(lookup.spec("visit"), sparse, {{"notes", "门卫登记"}}, kAuthor, lookup);
    REQUIRE(filled.ok());
    CHECK(filled->changed.size() == 1);
    CHECK(filled->changed["notes"] == "门卫登记");
}

TEST_CASE("record rules: a withdrawal needs a reason, happens once, and freezes the record", "[core][rules][record-rules]") {
    MapLookup lookup;
    Record unit = lookup.create("unit", "u1", {{"code", "MZ001"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"}});
    CHECK(record_rules::prepareWithdraw(lookup.spec("unit"), unit, " \t", kAuthor).error().code == ErrorCode::InvalidArgument);
    auto w = record_rules::prepareWithdraw(lookup.spec("unit"), unit, "重复录入", kAuthor);
    REQUIRE(w.ok());
    CHECK(w->withdrawn);
    CHECK(w->version == 2);
    CHECK(record_rules::prepareWithdraw(lookup.spec("unit"), *w, "again", kAuthor).error().code == ErrorCode::IllegalTransition);
    CHECK(record_rules::prepareUpdate(lookup.spec("unit"), *w, {{"name", "新名"}}, kAuthor, lookup).error().code ==
          ErrorCode::IllegalTransition);
}

TEST_CASE("record rules: a measure that needs support asks for one escalation", "[core][rules][record-rules]") {
    MapLookup lookup;
    lookup.create("unit", "u1", {{"code", "MZ001"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"}});
    lookup.create("rectification_plan", "p1", {{"unit_id", "u1"}, {"title", "整改方案"}});
    json fields = measureFields("p1");
    fields["kind"] = "needs_support";
    Record measure = lookup.create("rectification_measure", "m1", fields);
    const auto& spec = lookup.spec("rectification_measure");

    auto follow = record_rules::followUps(spec, nullptr, measure, kMay20, lookup);
    REQUIRE(follow.ok());
    REQUIRE(follow->size() == 1);
    CHECK(follow->at(0).type == "escalation");
    CHECK(follow->at(0).fields["unit_id"] == "u1");  // the plan's unit, fetched
    CHECK(follow->at(0).fields["asked_date"] == "2026-05-20");

    lookup.create("escalation", "e1", follow->at(0).fields);
    Record edited = measure;
    edited.fields["kind"] = "immediate";
    CHECK(record_rules::followUps(spec, &edited, measure, kMay20, lookup)->empty());  // one is open already
    CHECK(record_rules::followUps(spec, &measure, measure, kMay20, lookup)->empty());  // kind unchanged
}

TEST_CASE("record rules: the device's store writes what the rules prepare", "[core][rules][record-rules]") {
    TempDir dir;
    ManualClock clock{kMay20};
    auto store = createTestStore(dir.file("s.db"), &clock);
    store->setActor("g1m2");
    Record unit = createUnit(*store);
    auto stored = store->createRecord("finding", findingFields(unit.id, "台账不符"));
    REQUIRE(stored.ok());
    auto moved = store->updateRecord("finding", stored->id, {{"status", "submitted"}});
    REQUIRE(moved.ok());

    MapLookup lookup;
    lookup.records[{"unit", unit.id}] = unit;
    auto prepared = record_rules::prepareCreate(lookup.spec("finding"), stored->id, findingFields(unit.id, "台账不符"), kAuthor, lookup);
    REQUIRE(prepared.ok());
    CHECK(prepared->toJson() == stored->toJson());
    auto edit = record_rules::prepareUpdate(lookup.spec("finding"), *prepared, {{"status", "submitted"}}, kAuthor, lookup);
    REQUIRE(edit.ok());
    CHECK(edit->after.toJson() == moved->toJson());
}
