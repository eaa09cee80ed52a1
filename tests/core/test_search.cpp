#include <catch2/catch.hpp>

#include <set>

#include "fieldcheck/core/search.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("tokens: CJK bigrams, lower-cased words, run breaks between runs", "[core][search]") {
    auto t = searchTokens("消防通道, ABC 堵塞");
    const std::string brk = "\xC2\xA6";
    CHECK(t == std::vector<std::string>{"消防", "防通", "通道", brk, "abc", brk, "堵塞"});
    CHECK(searchTokens("ＦＩＲＥ２０２６") == std::vector<std::string>{"fire2026"});  // full-width folded
    CHECK(searchTokens("").empty());
    CHECK(searchTokens("门") == std::vector<std::string>{"门"});
}

TEST_CASE("search finds Chinese by any substring of two or more characters and ASCII by word", "[core][search]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    auto add = [&](const std::string& text) { return s->createRecord("finding", findingFields(unit.id, text))->id; };
    const std::string fire = add("灭火器过期，消防通道堵塞");
    const std::string money = add("救灾资金发放台账与银行流水不符");
    const std::string ascii = add("Fire extinguishers expired at the Elderly Home");
    const std::string plan = s->createRecord("rectification_measure", {{"plan_id", s->createRecord("rectification_plan", {{"unit_id", unit.id}, {"title", "方案"}})->id},
                                                                        {"description", "疏通消防通道并每日巡查"}, {"owner", "王"},
                                                                        {"deadline", "2026-06-30"}, {"kind", "immediate"}})->id;

    auto ids = [&](const std::string& q, SearchOptions o = {}) {
        auto hits = search(*s, q, o);
        REQUIRE(hits.ok());
        std::set<std::string> out;
        for (const auto& h : hits.value()) out.insert(h.recordId);
        return out;
    };
    // query, expected record ids
    CHECK(ids("消防通道") == std::set<std::string>{fire, plan});
    CHECK(ids("防通") == std::set<std::string>{fire, plan});
    CHECK(ids("过期") == std::set<std::string>{fire});
    CHECK(ids("道堵") == std::set<std::string>{fire});            // across a word boundary inside a run
    CHECK(ids("期消").empty());                                   // across the comma: not a substring
    CHECK(ids("流水不符") == std::set<std::string>{money});
    CHECK(ids("资金 台账") == std::set<std::string>{money});       // both terms
    CHECK(ids("资金 消防").empty());
    CHECK(ids("fire") == std::set<std::string>{ascii});
    CHECK(ids("FIRE home") == std::set<std::string>{ascii});
    CHECK(ids("fir").empty());                                    // ASCII matches whole words
    SearchOptions onlyMeasures;
    onlyMeasures.types = {"rectification_measure"};
    CHECK(ids("消防", onlyMeasures) == std::set<std::string>{plan});

    CHECK(search(*s, "消", {}).error().code == ErrorCode::InvalidArgument);
    CHECK(search(*s, "，。", {}).error().code == ErrorCode::InvalidArgument);
    SearchOptions bad;
    bad.types = {"campaign"};
    CHECK(search(*s, "消防", bad).error().code == ErrorCode::InvalidArgument);

    SECTION("an update re-indexes the record") {
        REQUIRE(s->updateRecord("finding", fire, {{"description", "食堂卫生不达标"}}).ok());
        CHECK(ids("消防通道") == std::set<std::string>{plan});
        CHECK(ids("食堂") == std::set<std::string>{fire});
    }
    SECTION("withdrawn records are still found, marked as withdrawn") {
        REQUIRE(s->withdrawRecord("finding", money, "重复").ok());
        auto hits = search(*s, "资金", {}).value();
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].withdrawn);
        CHECK_THAT(hits[0].snippet, Catch::StartsWith("救灾资金"));
    }
}

TEST_CASE("search ranks records with more matches first", "[core][search]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record unit = createUnit(*s);
    std::vector<std::string> ids;
    ids.push_back(s->createRecord("finding", findingFields(unit.id, "消防问题"))->id);
    ids.push_back(s->createRecord("finding", findingFields(unit.id, "消防器材缺失，消防通道堵塞，消防演练未开展"))->id);
    for (int i = 0; i < 20; ++i) REQUIRE(s->createRecord("finding", findingFields(unit.id, "其他问题" + std::to_string(i))).ok());
    auto hits = search(*s, "消防", {}).value();
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].recordId == ids[1]);
    CHECK(hits[0].score > hits[1].score);
}

TEST_CASE("units are found by any two or more consecutive characters of their name or address", "[core][search]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    Record home = createUnit(*s, "MZ101", "区第一社会福利院");
    REQUIRE(s->updateRecord("unit", home.id, {{"address", "幸福路12号"}}).ok());
    Record elderly = createUnit(*s, "MZ102", "阳光老年公寓");
    Record registry = createUnit(*s, "MZ103", "区婚姻登记处");
    // A finding that mentions a unit's words is no unit.
    REQUIRE(s->createRecord("finding", findingFields(registry.id, "福利院食堂卫生不达标")).ok());

    SearchOptions units;
    units.types = {"unit"};
    auto ids = [&](const std::string& q) {
        auto hits = search(*s, q, units);
        REQUIRE(hits.ok());
        std::vector<std::string> out;
        for (const auto& h : hits.value()) {
            CHECK(h.recordType == "unit");
            out.push_back(h.recordId);
        }
        return out;
    };
    // query, expected units
    CHECK(ids("福利") == std::vector<std::string>{home.id});
    CHECK(ids("一社会福") == std::vector<std::string>{home.id});
    CHECK(ids("老年公寓") == std::vector<std::string>{elderly.id});
    CHECK(ids("登记") == std::vector<std::string>{registry.id});
    CHECK(ids("幸福路") == std::vector<std::string>{home.id});  // the address
    CHECK(ids("mz102") == std::vector<std::string>{elderly.id});  // the code, as a word
    CHECK(ids("福院").empty());                                  // not consecutive
    CHECK(search(*s, "福利").value().size() == 2);              // any type: the unit and the finding
    CHECK(search(*s, "福", units).error().code == ErrorCode::InvalidArgument);

    SECTION("a renamed unit is found by its new name only") {
        REQUIRE(s->updateRecord("unit", elderly.id, {{"name", "阳光颐养中心"}}).ok());
        CHECK(ids("老年公寓").empty());
        CHECK(ids("颐养") == std::vector<std::string>{elderly.id});
    }
    SECTION("a withdrawn unit is still found, flagged as withdrawn") {
        REQUIRE(s->withdrawRecord("unit", registry.id, "机构撤并").ok());
        auto hits = search(*s, "婚姻", units).value();
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].recordId == registry.id);
        CHECK(hits[0].withdrawn);
        CHECK_THAT(hits[0].snippet, Catch::StartsWith("区婚姻登记处"));
        CHECK_FALSE(search(*s, "福利", units).value().front().withdrawn);
    }
}

TEST_CASE("search pages through its ranking with limit and offset", "[core][search]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    for (int i = 0; i < 25; ++i) createUnit(*s, "YL" + std::to_string(i), "第" + std::to_string(i) + "养老院");
    SearchOptions all;
    all.types = {"unit"};
    all.limit = -1;
    auto everything = search(*s, "养老", all).value();
    REQUIRE(everything.size() == 25);
    std::vector<std::string> paged;
    for (int offset = 0; offset < 30; offset += 10) {
        SearchOptions page = all;
        page.limit = 10;
        page.offset = offset;
        auto hits = search(*s, "养老", page).value();
        CHECK(hits.size() == (offset < 20 ? 10u : 5u));
        for (const auto& h : hits) paged.push_back(h.recordId);
    }
    std::vector<std::string> whole;
    for (const auto& h : everything) whole.push_back(h.recordId);
    CHECK(paged == whole);
    SearchOptions beyond = all;
    beyond.offset = 100;
    CHECK(search(*s, "养老", beyond).value().empty());
}
