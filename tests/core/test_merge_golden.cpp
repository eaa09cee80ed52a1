// Golden cases of the server's rules for one op (core/include/fieldcheck/core/merge.h), as data:
// tests/golden/merge/<case>.server.json  the server's copy of the record (a RecordDoc as on the wire,
//                                        with full field versions), the author's visible scopes and
//                                        the scope keys of records a change may point to ("scopes":
//                                        {"<type>/<id>": key}; any other record is "bureau")
// tests/golden/merge/<case>.op.json      the op as a device pushes it, and its author
// tests/golden/merge/<case>.expected.json the decision (Decision::toJson()), or the refusal's code
//                                        and a part of its reason
// FIELDCHECK_GOLDEN_WRITE=1 writes the .expected.json of a case that has none (review it!).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fieldcheck/core/merge.h"
#include "fieldcheck/core/replication.h"

using namespace fieldcheck;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(FIELDCHECK_SOURCE_DIR) / "tests" / "golden" / "merge";

json readJson(const fs::path& p) {
    std::ifstream in(p);
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    json j = json::parse(ss.str(), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

merge::Op opFrom(const json& j) {
    merge::Op op;
    op.opId = j.at("op_id").get<std::string>();
    op.action = j.at("action").get<std::string>();
    op.type = j.at("type").get<std::string>();
    op.id = j.at("id").get<std::string>();
    op.payload = j.value("payload", json::object());
    op.recordBase = j.value("base_version", int64_t{0});
    const json bases = j.value("field_bases", json::object());
    for (const auto& [field, v] : bases.items()) {
        if (field == "_record") op.recordBase = v.get<int64_t>();
        else op.fieldBases[field] = v.get<int64_t>();
    }
    return op;
}

json run(const json& server, const json& opFile) {
    merge::State state;
    if (!server.at("record").is_null()) {
        auto doc = replication::RecordDoc::fromJson(server["record"]);
        REQUIRE(doc.ok());
        state.record = doc->record;
        state.scope = doc->scope;
        state.fieldVersions = doc->fieldVersions;
        state.conflicts = doc->conflicts;
    }
    const json& author = opFile.at("author");
    Visibility vis = roleVisibility(author.at("role").get<std::string>());
    for (const auto& s : server.value("visible_scopes", json::array())) vis.scopes.insert(s.get<std::string>());
    const json parents = server.value("scopes", json::object());
    auto scopeOfRecord = [parents](const std::string& t, const std::string& i) { return parents.value(t + "/" + i, std::string("bureau")); };
    merge::World world{vis, [&](const Record& r) { return scopeKeyOf(r, scopeOfRecord); }, scopeOfRecord};
    merge::Author by{author.at("user").get<std::string>(), author.at("role").get<std::string>(), author.at("device").get<std::string>(),
                     author.at("stamp").get<std::string>()};
    auto decision = merge::decide(state, opFrom(opFile.at("op")), by, world);
    if (!decision.ok()) return json{{"error", {{"code", std::string(errorCodeName(decision.error().code))}, {"message", decision.error().message}}}};
    return decision->toJson();
}

}  // namespace

TEST_CASE("golden cases of the server's merge and permission rules", "[merge][golden]") {
    std::vector<std::string> cases;
    for (const auto& e : fs::directory_iterator(kDir)) {
        const std::string name = e.path().filename().string();
        const std::string suffix = ".server.json";
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            cases.push_back(name.substr(0, name.size() - suffix.size()));
        }
    }
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 15);
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c) {
            const json got = run(readJson(kDir / (c + ".server.json")), readJson(kDir / (c + ".op.json")));
            const fs::path expectedPath = kDir / (c + ".expected.json");
            if (!fs::exists(expectedPath) && std::getenv("FIELDCHECK_GOLDEN_WRITE") != nullptr) {
                std::ofstream(expectedPath) << got.dump(2) << "\n";
            }
            REQUIRE(fs::exists(expectedPath));
            const json expected = readJson(expectedPath);
            if (expected.contains("error")) {
                // A refusal: its kind, and the words a person reads (the reason may say more).
                REQUIRE(got.contains("error"));
                CHECK(got["error"]["code"] == expected["error"]["code"]);
                const std::string message = got["error"]["message"].get<std::string>();
                CHECK(message.find(expected["error"]["message"].get<std::string>()) != std::string::npos);
            } else {
                CHECK(got.dump(2) == expected.dump(2));
            }
        }
    }
}

TEST_CASE("a device's own resolution makes the writes the server's does", "[merge]") {
    Record r;
    r.type = "finding";
    r.id = "F1";
    r.version = 3;
    r.fields = {{"description", "甲"}, {"status", "recorded"}};
    const json conflicts = json::array({{{"id", "c1"}, {"field", "description"}, {"shown", 1},
                                         {"candidates", json::array({{{"value", "甲"}}, {{"value", "乙"}}})}},
                                        {{"id", "c2"}, {"field", "_withdrawn"}, {"shown", 0},
                                         {"candidates", json::array({{{"value", "withdrawn"}, {"reason", "重复"}},
                                                                     {{"value", "restore"}, {"changes", {{"description", "丙"}, {"case_opened_date", "2026-01-01"}}}}})}}});
    auto pick = merge::resolution(r, conflicts, "c1", 1);
    REQUIRE(pick.ok());
    REQUIRE(pick->writes.size() == 1);
    CHECK(pick->writes[0].toJson() == json{{"update", {{"description", "乙"}}}});
    CHECK(pick->remaining.size() == 1);
    auto keep = merge::resolution(r, conflicts, "c1", 0);
    REQUIRE(keep.ok());
    CHECK(keep->writes.empty());  // the value shown already: nothing to write
    auto restore = merge::resolution(r, conflicts, "c2", 1);
    REQUIRE(restore.ok());
    REQUIRE(restore->writes.size() == 1);  // not withdrawn: no restore, the edit without its computed field
    CHECK(restore->writes[0].toJson() == json{{"update", {{"description", "丙"}}}});
    auto withdraw = merge::resolution(r, conflicts, "c2", 0);
    REQUIRE(withdraw.ok());
    CHECK(withdraw->writes[0].toJson() == json{{"withdraw", "重复"}});
    CHECK(merge::resolution(r, conflicts, "c9", 0).error().code == ErrorCode::NotFound);
    CHECK(merge::resolution(r, conflicts, "c1", 2).error().code == ErrorCode::InvalidArgument);
    CHECK(merge::resolution(r, conflicts, "c1", -1).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("field versions after a write", "[merge]") {
    Record before;
    before.type = "finding";
    before.id = "F1";
    before.version = 2;
    before.fields = {{"description", "甲"}, {"status", "recorded"}, {"subcategory", nullptr}};
    Record after = before;
    after.version = 3;
    after.fields["description"] = "乙";
    const json fv = {{"description", {{"v", 1}, {"h", "h1"}, {"d", "devA"}, {"r", 1}}}, {"status", {{"v", 1}, {"h", "h1"}, {"d", "devA"}, {"r", 1}}}};
    const json next = merge::nextFieldVersions(fv, &before, after, "h2", "devB");
    CHECK(next["description"] == json{{"v", 2}, {"h", "h2"}, {"d", "devB"}, {"r", 3}});
    CHECK(next["status"] == fv["status"]);
    CHECK_FALSE(next.contains("subcategory"));
    after.withdrawn = true;
    CHECK(merge::nextFieldVersions(fv, &before, after, "h3", "devC")["_withdrawn"]["v"] == 1);
    const json created = merge::nextFieldVersions(json::object(), nullptr, before, "h0", "devA");
    CHECK(created.contains("description"));
    CHECK_FALSE(created.contains("subcategory"));  // null on create: never set
}
