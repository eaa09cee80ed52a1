// The verifiable spot-check draw: Rivest's sampler against published vectors, seeds, a full draw
// with mandatory units, and verification of honest and tampered draws.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "fieldcheck/core/spot_check_draw.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

// --- The sampler --------------------------------------------------------------------------------

// Published test vectors, with replacement: github.com/cjerdonek/rivest-sampler-tests, tests.json
// (commit 031c24a03424647ac985af835e9ac958ac1affac), checked there against Rivest's reference
// sampler.py of 2011 (http://people.csail.mit.edu/rivest/sampler.py) and free-sampler.
TEST_CASE("the sampler reproduces the published Rivest sampler test vectors",
          "[core][draw][sampler]") {
    struct Vector {
        const char* seed;
        int64_t total;
        std::vector<int64_t> expected;
    };
    auto v = GENERATE(values<Vector>({
        {"0", 1000, {905, 573, 160}},
        {"0", 2, {1, 1, 2}},
        {"1", 1000, {97, 89, 163}},
        {"0000000000", 1000, {978, 359, 132}},
        {"999999999999999999999999", 1000, {544, 800, 654}},
        {"abcde", 1000, {247, 427, 157}},
    }));
    CAPTURE(v.seed, v.total);
    auto picks = rivestSample(v.seed, v.total, 3, true);
    REQUIRE(picks.ok());
    CHECK(picks.value() == v.expected);
}

// The transcript in the docstring of Rivest's reference implementation sampler.py (version
// "November 14, 2011", http://people.csail.mit.edu/rivest/sampler.py): seed
// 3546311556112163624615351222, a = 1, b = 876, n = 47, without replacement. Its i = 32 gives 611
// again ("duplicate rejected"), so the 31st pick comes from i = 31 and the 32nd from i = 33.
TEST_CASE("the sampler reproduces Rivest's own transcript, skipping a repeated index",
          "[core][draw][sampler]") {
    const std::string seed = "3546311556112163624615351222";
    const std::vector<int64_t> expected = {
        740, 180, 264, 789, 238, 448, 272, 611, 761, 208, 596, 88,  160, 113, 766, 427,
        184, 816, 653, 411, 779, 331, 339, 487, 594, 235, 65,  527, 821, 490, 461, 251,
        471, 414, 174, 567, 300, 134, 144, 357, 786, 792, 218, 550, 787, 537, 197};
    auto picks = rivestSamplePicks(seed, 876, 47, false);
    REQUIRE(picks.ok());
    REQUIRE(picks->size() == 47);
    std::vector<int64_t> indices;
    for (const auto& p : picks.value()) indices.push_back(p.index);
    CHECK(indices == expected);
    CHECK(picks.value()[30].counter == 31);
    CHECK(picks.value()[31].counter == 33);  // i = 32 was skipped
    CHECK(picks.value()[46].counter == 48);
    CHECK(rivestPick(seed, 32, 876) == 611);

    SECTION("with replacement the repeat stays in") {
        auto with = rivestSample(seed, 876, 32, true);
        REQUIRE(with.ok());
        CHECK(with.value()[7] == 611);
        CHECK(with.value()[31] == 611);
    }
}

// Not published: computed independently with Python 3.11's hashlib, e.g.
//   int(hashlib.sha256("纪检组4821,1".encode("utf-8")).hexdigest(), 16) % 100 + 1  → 36
//   int(hashlib.sha256(b"0,1").hexdigest(), 16) % 2**59 + 1                        →
//   517324489028432721
TEST_CASE("the sampler hashes the seed as UTF-8 and reduces the whole 256-bit number exactly",
          "[core][draw][sampler]") {
    auto picks = rivestSample("纪检组4821", 100, 3, true);
    REQUIRE(picks.ok());
    CHECK(picks.value() == std::vector<int64_t>{36, 3, 33});
    CHECK(rivestPick("0", 1, kSamplerMaxTotal) == 517324489028432721);
}

TEST_CASE("count equal to total draws every index exactly once", "[core][draw][sampler]") {
    auto total = GENERATE(1, 2, 10, 57);
    auto picks = rivestSample("20260501", total, total, false);
    REQUIRE(picks.ok());
    auto sorted = picks.value();
    std::sort(sorted.begin(), sorted.end());
    std::vector<int64_t> all(static_cast<size_t>(total));
    std::iota(all.begin(), all.end(), 1);
    CHECK(sorted == all);
}

TEST_CASE("the sampler refuses impossible requests with an error naming the problem",
          "[core][draw][sampler]") {
    CHECK(rivestSample("1", 5, 0, false).value().empty());
    CHECK(rivestSample("1", 3, 5, true).value().size() ==
          5);  // with replacement, count may exceed total

    auto tooMany = rivestSample("1", 3, 4, false);
    REQUIRE_FALSE(tooMany.ok());
    CHECK(tooMany.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(tooMany.error().message, Catch::Contains("4 distinct items out of 3"));

    auto noTotal = rivestSample("1", 0, 1, true);
    REQUIRE_FALSE(noTotal.ok());
    CHECK_THAT(noTotal.error().message, Catch::Contains("total must be at least 1"));

    auto negative = rivestSample("1", 10, -1, true);
    REQUIRE_FALSE(negative.ok());
    CHECK_THAT(negative.error().message, Catch::Contains("must not be negative"));

    auto huge = rivestSample("1", kSamplerMaxTotal + 1, 1, true);
    REQUIRE_FALSE(huge.ok());
    CHECK_THAT(huge.error().message, Catch::Contains("larger than the sampler allows"));

    auto hugeCount = rivestSample("1", 10, kSamplerMaxCount + 1, true);
    REQUIRE_FALSE(hugeCount.ok());
    CHECK_THAT(hugeCount.error().message, Catch::Contains("larger than the sampler allows"));
}

// --- Seeds --------------------------------------------------------------------------------------

TEST_CASE(
    "seed parts are joined by concatenation in the recorded order and malformed parts are refused",
    "[core][draw][seed]") {
    std::vector<SeedPart> parts = {{"纪检组", "4821"}, {"局办公室", "7730"}};
    CHECK(checkSeedParts(parts).ok());
    CHECK(joinSeedParts(parts) == "48217730");
    CHECK(joinSeedParts({{"局办公室", "7730"}, {"纪检组", "4821"}}) == "77304821");

    struct Bad {
        std::vector<SeedPart> parts;
        const char* message;
    };
    auto bad = GENERATE(values<Bad>({
        {{}, "at least one part"},
        {{{"纪检组", ""}}, "the part is empty"},
        {{{"", "4821"}}, "party who gave it is missing"},
        {{{"纪检组", "48 21"}}, "visible ASCII"},
        {{{"纪检组", "４８２１"}}, "full-width"},
        {{{"纪检组", "4821\n"}}, "visible ASCII"},
        {{{"纪检组", "4821"}, {"纪检组", "7730"}}, "gave a part already"},
        {{{"a=b", "4821"}}, "contains '='"},
        {{{" 纪检组", "4821"}}, "leading or trailing blanks"},
    }));
    Status st = checkSeedParts(bad.parts);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(st.error().message, Catch::Contains(bad.message));
}

// Computed independently with Python 3.11:
//   hashlib.sha256(json.dumps(c, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
//                  .encode()).hexdigest()
TEST_CASE("the candidate hash is SHA-256 of the documented canonical JSON", "[core][draw][seed]") {
    std::vector<DrawCandidate> c = {
        {"0123456789abcdef0123456789abcdef", "MZ001", "区社会福利院"},
        {"fedcba9876543210fedcba9876543210", "MZ002", "区救助管理站 \"东\""}};
    CHECK(candidatesSha256(c).value() ==
          "fc3c6f1c9cfb1adb9b7289f104eb77bca03eb6acaf8dbe348e2ebe05be2d4332");
    CHECK(candidatesSha256(std::vector<DrawCandidate>{}).value() ==
          "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945");  // "[]"
    auto invalid = candidatesSha256(std::vector<DrawCandidate>{{"id", "MZ\xff", "x"}});
    CHECK_FALSE(invalid.ok());
}

// --- Draws --------------------------------------------------------------------------------------

namespace {

constexpr int64_t kStartMs = 1777593600000;  // 2026-05-01T00:00:00Z

// A store with eight units, of which MZ008 is withdrawn, and for 2026-04:
//   MZ002 zero report + 1 complaint in April      → mandatory
//   MZ006 zero report + 2 complaints in April     → mandatory
//   MZ003 zero report, its complaint is in March  → not mandatory
//   MZ004 complaint in April but problems reported → not mandatory
// So the candidates are MZ001, MZ003, MZ004, MZ005, MZ007.
class DrawFixture {
    // First, so that they outlive the store.
    TempDir m_dir;
    ManualClock m_clock{kStartMs};

public:
    DrawFixture() {
        store = createTestStore(path(), &m_clock);
        auto c =
            store->createRecord("campaign", {{"code", "ZF2026"}, {"name", "基层正风反腐专项治理"}});
        REQUIRE(c.ok());
        campaignId = c->id;
        // Created out of code order: the candidate list must be ordered by code, not by creation.
        for (const char* code :
             {"MZ005", "MZ001", "MZ007", "MZ003", "MZ008", "MZ002", "MZ006", "MZ004"}) {
            units[code] = createUnit(*store, code, std::string("单位") + code).id;
        }
        REQUIRE(store->withdrawRecord("unit", units["MZ008"], "与MZ007合并").ok());
        zeroReports["MZ002"] = selfInspection("MZ002", "2026-04", true);
        zeroReports["MZ006"] = selfInspection("MZ006", "2026-04", true);
        zeroReports["MZ003"] = selfInspection("MZ003", "2026-04", true);
        selfInspection("MZ004", "2026-04", false);
        complaint("MZ002", "2026-04-10");
        complaint("MZ006", "2026-04-01");
        complaint("MZ006", "2026-04-30");
        complaint("MZ003", "2026-03-31");
        complaint("MZ004", "2026-04-15");
        m_clock.advanceMs(60 * 1000);
    }

    std::string path() const { return m_dir.file("draw.db"); }
    ManualClock& clock() { return m_clock; }

    std::string selfInspection(const std::string& unit, const std::string& period, bool zero) {
        nlohmann::json f = {{"unit_id", units.at(unit)}, {"period", period}, {"zero_report", zero}};
        if (!zero) f["problem_count"] = 2;
        auto r = store->createRecord("self_inspection", f);
        REQUIRE(r.ok());
        return r->id;
    }
    void complaint(const std::string& unit, const std::string& date) {
        auto r = store->createRecord("complaint", {{"unit_id", units.at(unit)},
                                                   {"channel", "hotline"},
                                                   {"received_date", date},
                                                   {"category", "public_interest"},
                                                   {"summary", "反映敬老院克扣补贴"}});
        REQUIRE(r.ok());
    }

    DrawRequest request(int64_t count = 3) const {
        DrawRequest r;
        r.period = "2026-04";
        r.count = count;
        r.seedParts = {{"纪检组", "4821"}, {"局办公室", "7730"}};
        return r;
    }

    SpotCheckDraw draw(int64_t count = 3) {
        auto d = runDraw(*store, request(count));
        if (!d.ok()) FAIL("draw: " << d.error().toString());
        return d.value();
    }

    // Closes the store, runs `sql` with text parameters on the raw keyed database, reopens.
    void tamper(const std::string& sql, const std::vector<std::string>& params) {
        store.reset();
        {
            auto raw = openRawKeyed(path());
            auto st = raw.prepare(sql);
            REQUIRE(st.ok());
            for (size_t i = 0; i < params.size(); ++i) st->bind(static_cast<int>(i) + 1, params[i]);
            REQUIRE(st->run().ok());
            REQUIRE(raw.changes() == 1);
        }
        store = openTestStore(path(), &m_clock);
    }

    const DrawCheck& check(const DrawVerification& v, const std::string& name) {
        for (const auto& c : v.checks) {
            if (c.name == name) return c;
        }
        FAIL("no check named " << name);
        return v.checks.front();
    }

    std::unique_ptr<Store> store;
    std::string campaignId;
    std::map<std::string, std::string> units;        // code → id
    std::map<std::string, std::string> zeroReports;  // code → self-inspection id
};

std::vector<std::string> codesOf(const std::vector<DrawCandidate>& c) {
    std::vector<std::string> out;
    for (const auto& x : c) out.push_back(x.unitCode);
    return out;
}

std::string failures(const DrawVerification& v) {
    std::string s;
    for (const auto& c : v.checks) {
        if (!c.ok) s += c.name + ": " + c.message + "\n";
    }
    return s;
}

}  // namespace

TEST_CASE(
    "a draw picks k random units from the non-mandatory candidates and adds the mandatory ones",
    "[core][draw]") {
    DrawFixture f;
    auto cands = drawCandidates(*f.store, "2026-04");
    REQUIRE(cands.ok());
    CHECK(codesOf(cands->candidates) ==
          std::vector<std::string>{"MZ001", "MZ003", "MZ004", "MZ005", "MZ007"});
    REQUIRE(cands->mandatory.size() == 2);

    SpotCheckDraw d = f.draw();
    CHECK(d.period == "2026-04");
    CHECK(d.campaignId == f.campaignId);  // the only campaign
    CHECK(d.sampleSize == 3);
    CHECK(codesOf(d.candidates) == codesOf(cands->candidates));
    CHECK(d.candidatesSha256 == cands->sha256);
    CHECK(d.seed == "48217730");
    REQUIRE(d.seedParts.size() == 2);
    CHECK(d.seedParts[0].party == "纪检组");
    CHECK(d.createdBy == "tester");
    CHECK(d.createdMs == kStartMs + 60 * 1000);

    // Python: [int(sha256(f"48217730,{i}").hexdigest(), 16) % 5 + 1 for i in 1..] → 1, 5, 3 (no
    // repeats).
    REQUIRE(d.picks.size() == 5);
    const std::vector<std::tuple<int64_t, int64_t, std::string>> random = {
        {1, 1, "MZ001"}, {5, 2, "MZ007"}, {3, 3, "MZ004"}};
    for (size_t k = 0; k < random.size(); ++k) {
        CAPTURE(k);
        CHECK(d.picks[k].reason == "random");
        CHECK(d.picks[k].index == std::get<0>(random[k]));
        CHECK(d.picks[k].counter == std::get<1>(random[k]));
        CHECK(d.picks[k].unitCode == std::get<2>(random[k]));
        CHECK(d.picks[k].unitId == f.units[std::get<2>(random[k])]);
    }
    CHECK(d.picks[3].reason == "mandatory");
    CHECK(d.picks[3].unitCode == "MZ002");
    CHECK(d.picks[3].selfInspectionId == f.zeroReports["MZ002"]);
    CHECK(d.picks[3].complaints == 1);
    CHECK(d.picks[4].reason == "mandatory");
    CHECK(d.picks[4].unitCode == "MZ006");
    CHECK(d.picks[4].complaints == 2);

    SECTION("it is stored as an audited spot_check_draw record, queued for sync") {
        auto rec = f.store->getRecord("spot_check_draw", d.id);
        REQUIRE(rec.ok());
        CHECK(rec->fields["seed"] == "48217730");
        CHECK(rec->fields["candidates"].size() == 5);
        CHECK(rec->fields["seed_parts"][1]["party"] == "局办公室");
        CHECK(rec->fields["picks"][0]["i"] == 1);
        auto loaded = loadDraw(*f.store, d.id);
        REQUIRE(loaded.ok());
        CHECK(loaded->toJson() == d.toJson());
        CHECK(f.store->verifyAudit()->ok());
        auto outbox = f.store->pendingOutbox();
        REQUIRE(outbox.ok());
        CHECK(outbox->back().recordType == "spot_check_draw");
        CHECK(outbox->back().recordId == d.id);
    }

    SECTION("verify recomputes it and finds no difference") {
        auto v = verifyDraw(*f.store, d.id);
        REQUIRE(v.ok());
        CAPTURE(failures(v.value()));
        CHECK(v->ok());
        CHECK(v->checks.size() == 8);
        CHECK(v->notes.empty());
        // Units added or withdrawn after the draw do not make it wrong.
        f.clock().advanceMs(1000);
        createUnit(*f.store, "MZ009", "新设单位");
        REQUIRE(f.store->withdrawRecord("unit", f.units["MZ005"], "撤销").ok());
        CHECK(verifyDraw(*f.store, d.id)->ok());
    }

    SECTION("a second draw for the same period is refused until the first is withdrawn") {
        auto again = runDraw(*f.store, f.request());
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().code == ErrorCode::AlreadyExists);
        CHECK_THAT(again.error().message, Catch::Contains(d.id));
        REQUIRE(f.store->withdrawRecord("spot_check_draw", d.id, "抽签时纪检组代表未到场").ok());
        auto withdrawn = verifyDraw(*f.store, d.id);
        REQUIRE(withdrawn.ok());
        CHECK(withdrawn->ok());  // still what was drawn, but it says it no longer counts
        REQUIRE(withdrawn->notes.size() == 1);
        CHECK_THAT(withdrawn->notes.front(), Catch::Contains("withdrawn (抽签时纪检组代表未到场)"));
        auto redo = runDraw(*f.store, f.request());
        REQUIRE(redo.ok());
        auto all = listDraws(*f.store);
        REQUIRE(all.ok());
        CHECK(all->size() == 2);
    }
}

TEST_CASE("a draw refuses bad requests", "[core][draw]") {
    DrawFixture f;
    SECTION("more random picks than candidates") {
        auto r = runDraw(*f.store, f.request(6));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK_THAT(r.error().message, Catch::Contains("only 5 unit(s) are candidates"));
    }
    SECTION("all candidates, or none: only the mandatory ones") {
        CHECK(f.draw(5).picks.size() == 7);
        REQUIRE(f.store->withdrawRecord("spot_check_draw", listDraws(*f.store)->front().id, "test")
                    .ok());
        auto none = f.draw(0);
        CHECK(none.picks.size() == 2);
        CHECK(verifyDraw(*f.store, none.id)->ok());
    }
    SECTION("an empty seed part") {
        auto req = f.request();
        req.seedParts.push_back({"局领导", ""});
        auto r = runDraw(*f.store, req);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Catch::Contains("the part is empty"));
    }
    SECTION("a bad period") {
        auto req = f.request();
        req.period = "2026-13";
        CHECK(runDraw(*f.store, req).error().code == ErrorCode::InvalidArgument);
    }
    SECTION("a candidate list that changed since it was announced") {
        auto req = f.request();
        req.expectCandidatesSha256 = drawCandidates(*f.store, "2026-04")->sha256;
        createUnit(*f.store, "MZ010", "新增单位");
        auto r = runDraw(*f.store, req);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Conflict);
        CHECK_THAT(r.error().message, Catch::Contains("changed since it was announced"));
        req.expectCandidatesSha256 = drawCandidates(*f.store, "2026-04")->sha256;
        CHECK(runDraw(*f.store, req).ok());
    }
    SECTION("an unknown campaign, or no choice among several") {
        auto req = f.request();
        req.campaignId = "00000000000000000000000000000000";
        CHECK_FALSE(runDraw(*f.store, req).ok());
        REQUIRE(f.store->createRecord("campaign", {{"code", "ZF2027"}, {"name", "第二轮"}}).ok());
        auto r = runDraw(*f.store, f.request());
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Catch::Contains("several campaigns"));
    }
    CHECK(f.store->countRecords("spot_check_draw", false).value() <= 1);
}

TEST_CASE("verify names the difference in a tampered draw", "[core][draw][tamper]") {
    DrawFixture f;
    SpotCheckDraw d = f.draw();
    const std::string id = d.id;

    SECTION("a candidate removed from the list") {
        auto rec = f.store->getRecord("spot_check_draw", id).value();
        auto cands = rec.fields["candidates"];
        cands.erase(1);  // MZ003, not picked
        f.tamper("UPDATE spot_check_draws SET candidates = ? WHERE id = ?", {cands.dump(), id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(v.ok());
        CHECK_FALSE(f.check(v, "candidates-sha256").ok);
        CHECK_THAT(f.check(v, "candidates-sha256").message,
                   Catch::Contains("candidate list or its hash was changed"));
        CHECK_FALSE(f.check(v, "candidates-store").ok);
        CHECK_THAT(f.check(v, "candidates-store").message,
                   Catch::Contains("MZ003") && Catch::Contains("neither a candidate"));
        // The audit chain flags it too, but verify failed by itself.
        CHECK_FALSE(f.store->verifyAudit()->ok());
    }
    SECTION("a candidate removed and the hash recomputed to match") {
        auto rec = f.store->getRecord("spot_check_draw", id).value();
        auto cands = rec.fields["candidates"];
        cands.erase(1);
        f.tamper("UPDATE spot_check_draws SET candidates = ?, candidates_sha256 = ? WHERE id = ?",
                 {cands.dump(), candidatesSha256(cands).value(), id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK(f.check(v, "candidates-sha256").ok);
        CHECK_FALSE(f.check(v, "candidates-store").ok);
        CHECK_THAT(f.check(v, "candidates-store").message, Catch::Contains("MZ003"));
        CHECK_FALSE(f.check(v, "picks").ok);  // 4 candidates now: the sampler gives other indices
    }
    SECTION("a candidate renamed") {
        auto rec = f.store->getRecord("spot_check_draw", id).value();
        auto cands = rec.fields["candidates"];
        cands[0]["name"] = "别的单位";
        f.tamper("UPDATE spot_check_draws SET candidates = ? WHERE id = ?", {cands.dump(), id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(v.ok());
        CHECK_FALSE(f.check(v, "candidates-sha256").ok);
    }
    SECTION("the seed changed") {
        f.tamper("UPDATE spot_check_draws SET seed = '48217731' WHERE id = ?", {id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(v.ok());
        CHECK_FALSE(f.check(v, "seed").ok);
        CHECK_THAT(f.check(v, "seed").message,
                   Catch::Contains("'48217731' is not the parts joined in order '48217730'"));
    }
    SECTION("a seed part and the seed changed together") {
        // With seed 48217731 the sampler gives other picks than 1, 5, 3 (checked here first).
        REQUIRE(rivestSample("48217731", 5, 3, false).value() != std::vector<int64_t>{1, 5, 3});
        nlohmann::json parts = {{{"party", "纪检组"}, {"part", "4821"}},
                                {{"party", "局办公室"}, {"part", "7731"}}};
        f.tamper("UPDATE spot_check_draws SET seed_parts = ?, seed = '48217731' WHERE id = ?",
                 {parts.dump(), id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK(f.check(v, "seed").ok);
        CHECK_FALSE(f.check(v, "picks").ok);
        CHECK_THAT(f.check(v, "picks").message, Catch::Contains("but the sampler gives"));
    }
    SECTION("a random pick replaced by another unit") {
        auto rec = f.store->getRecord("spot_check_draw", id).value();
        auto picks = rec.fields["picks"];
        picks[1]["index"] = 2;
        picks[1]["unit_id"] = f.units["MZ003"];
        picks[1]["unit_code"] = "MZ003";
        picks[1]["unit_name"] = "单位MZ003";
        f.tamper("UPDATE spot_check_draws SET picks = ? WHERE id = ?", {picks.dump(), id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(v.ok());
        CHECK_FALSE(f.check(v, "picks").ok);
        CHECK_THAT(f.check(v, "picks").message,
                   Catch::Contains("random pick 2 is recorded as index 2") &&
                       Catch::Contains("MZ003") && Catch::Contains("sampler gives index 5") &&
                       Catch::Contains("MZ007"));
    }
    SECTION("a random pick's unit swapped, the index left alone") {
        auto rec = f.store->getRecord("spot_check_draw", id).value();
        auto picks = rec.fields["picks"];
        picks[0]["unit_id"] = f.units["MZ005"];
        picks[0]["unit_code"] = "MZ005";
        f.tamper("UPDATE spot_check_draws SET picks = ? WHERE id = ?", {picks.dump(), id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(f.check(v, "picks").ok);
        CHECK_THAT(f.check(v, "picks").message, Catch::Contains("random pick 1 names MZ005") &&
                                                    Catch::Contains("candidate 1 is MZ001"));
    }
    SECTION("a mandatory pick dropped") {
        auto rec = f.store->getRecord("spot_check_draw", id).value();
        auto picks = rec.fields["picks"];
        picks.erase(4);  // MZ006
        f.tamper("UPDATE spot_check_draws SET picks = ? WHERE id = ?", {picks.dump(), id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(v.ok());
        CHECK_FALSE(f.check(v, "mandatory").ok);
        CHECK_THAT(f.check(v, "mandatory").message,
                   Catch::Contains("MZ006") && Catch::Contains("does not list it as mandatory"));
        CHECK_FALSE(
            f.check(v, "candidates-store").ok);  // MZ006 is now neither candidate nor mandatory
    }
    SECTION("the picks made unreadable") {
        f.tamper("UPDATE spot_check_draws SET picks = '[{\"reason\":' WHERE id = ?", {id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(v.ok());
        CHECK_FALSE(f.check(v, "record").ok);
        CHECK_THAT(f.check(v, "record").message, Catch::Contains("picks is not a JSON array"));
        CHECK_FALSE(loadDraw(*f.store, id).ok());
    }
    SECTION("a draw is never changed: the store refuses, and an edit with the key is caught") {
        auto refused = f.store->updateRecord("spot_check_draw", id, {{"sample_size", 2}});
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::IllegalTransition);
        f.tamper("UPDATE spot_check_draws SET sample_size = 2, version = 2 WHERE id = ?", {id});
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(f.store->verifyAudit()->ok());
        CHECK_FALSE(f.check(v, "unchanged").ok);
        CHECK_THAT(f.check(v, "unchanged").message, Catch::Contains("version 2"));
        CHECK_FALSE(f.check(v, "picks").ok);
        CHECK_THAT(f.check(v, "picks").message,
                   Catch::Contains("sample_size is 2 but 3 random pick(s) are recorded"));
    }
    SECTION("a complaint recorded after the draw makes another unit mandatory") {
        f.clock().advanceMs(1000);
        f.complaint("MZ003", "2026-04-20");
        auto v = verifyDraw(*f.store, id).value();
        CHECK_FALSE(v.ok());
        const auto& m = f.check(v, "mandatory");
        CHECK_FALSE(m.ok);
        CHECK_THAT(m.message, Catch::Contains("MZ003") &&
                                  Catch::Contains("recorded or changed after the draw"));
        // Everything recomputed from the record itself still holds.
        CHECK(f.check(v, "picks").ok);
        CHECK(f.check(v, "candidates-sha256").ok);
    }
    SECTION("a zero report withdrawn after the draw") {
        f.clock().advanceMs(1000);
        REQUIRE(
            f.store->withdrawRecord("self_inspection", f.zeroReports["MZ002"], "重复填报").ok());
        auto v = verifyDraw(*f.store, id).value();
        const auto& m = f.check(v, "mandatory");
        CHECK_FALSE(m.ok);
        CHECK_THAT(m.message, Catch::Contains("MZ002") &&
                                  Catch::Contains("changed or withdrawn after the draw"));
    }
}
