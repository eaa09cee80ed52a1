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
    bad.types = {"unit"};
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
