// The verifiable spot-check draw (抽查抽签): which units get a spot check for a period, picked so
// that anyone can recompute the result afterwards and no one could steer it.
//
// A draw for a period (YYYY-MM) has two kinds of pick:
// - mandatory (必须重点抽查): every unit whose self-inspection for the period is a zero report
//   although at least one complaint about it was received in that month (mandatorySpotChecks());
// - random: `count` units drawn from the candidates, i.e. all units not withdrawn, less the
//   mandatory ones, ordered by unit code. The random picks therefore come "on top of" the mandatory
//   ones and are never spent on a unit that is checked anyway.
// The random picks come from Rivest's SHA-256 sampler (rivestSample()) over the candidates, seeded
// with parts given by several parties (纪检组, 局办公室, …) and joined by plain concatenation in
// the order given, as in Rivest's reference program.
//
// The draw is stored as a `spot_check_draw` record (created_ms/created_by are the time and actor;
// the store audits it and queues it for sync). verifyDraw() recomputes everything from the record
// and the store and names each difference. docs/spot-check-draw.md describes the procedure, the
// canonical candidate serialisation and how to check a draw by hand with a few lines of Python.
//
// Cost: one SHA-256 per sampler step; a draw of k from N candidates takes about k steps (a few more
// when indices repeat). Nothing here throws; errors are values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck {

// --- The sampler --------------------------------------------------------------------------------

// Largest `total` the sampler accepts: the modulo is computed hex digit by hex digit in 64-bit
// integers, exactly, which needs 16·total to fit in 63 bits.
constexpr int64_t kSamplerMaxTotal = int64_t{1} << 59;
// Largest `count`: far beyond any spot check, small enough to bound time and memory.
constexpr int64_t kSamplerMaxCount = 1000000;

// One step of the sampler: int(hex(SHA-256(UTF-8(seed + "," + decimal(i))))) mod total + 1,
// a 1-based index into `total` items. Requires 1 <= total <= kSamplerMaxTotal and i >= 1.
int64_t rivestPick(const std::string& seed, int64_t i, int64_t total);

struct SamplerPick {
    int64_t index = 0;  // 1-based index into the `total` items
    // The sampler's i that produced it (1, 2, …; gaps where repeats were skipped).
    int64_t counter = 0;
};

// Rivest's sampler (sampler.py, 2011): the picks for i = 1, 2, … until `count` are collected;
// without replacement a repeated index is skipped and the next i is used. The seed is hashed as
// its UTF-8 bytes, as given (no trimming). Errors (InvalidArgument): total < 1 or above
// kSamplerMaxTotal, count < 0 or above kSamplerMaxCount, count > total without replacement.
Result<std::vector<SamplerPick>> rivestSamplePicks(const std::string& seed, int64_t total,
                                                   int64_t count, bool withReplacement);
// The same, indices only.
Result<std::vector<int64_t>> rivestSample(const std::string& seed, int64_t total, int64_t count,
                                          bool withReplacement);

// --- Seeds --------------------------------------------------------------------------------------

// One party's contribution to the seed (e.g. 纪检组 gives "4821").
struct SeedPart {
    std::string party;  // who gave it: non-empty, no leading/trailing blanks, no '=' (CLI syntax)
    std::string part;   // visible ASCII (0x21–0x7E) only: no blanks, no full-width digits
    nlohmann::json toJson() const;  // {"party": …, "part": …}
};

// InvalidArgument naming the offending part when a part or party is empty or malformed, a party
// appears twice, or there are no parts at all.
Status checkSeedParts(const std::vector<SeedPart>& parts);
// The seed: the parts concatenated in the given order, with nothing between them.
std::string joinSeedParts(const std::vector<SeedPart>& parts);

// --- Draws --------------------------------------------------------------------------------------

struct DrawCandidate {
    std::string unitId, unitCode, unitName;
    nlohmann::json toJson() const;  // {"code": …, "id": …, "name": …}
};

// SHA-256 (lower-case hex) of the candidate list in its canonical serialisation: the JSON array of
// {"code","id","name"} objects in draw order, keys sorted, no whitespace, non-ASCII as raw UTF-8
// (Python: json.dumps(c, ensure_ascii=False, separators=(",", ":"), sort_keys=True)).
// InvalidArgument if a code or name is not valid UTF-8.
Result<std::string> candidatesSha256(const nlohmann::json& candidatesJson);
Result<std::string> candidatesSha256(const std::vector<DrawCandidate>& candidates);

// What a draw for `period` would draw from, as of now: announce `sha256` before the parties give
// their seed parts, so that the list cannot be changed once the seed is known.
struct DrawCandidates {
    std::string period;
    std::vector<DrawCandidate> candidates;      // units not withdrawn, not mandatory, by unit code
    std::string sha256;                         // candidatesSha256(candidates)
    std::vector<MandatorySpotCheck> mandatory;  // by unit code
    nlohmann::json toJson() const;
};
Result<DrawCandidates> drawCandidates(Store& store, const std::string& period);

struct DrawPick {
    std::string reason;  // "random" or "mandatory"
    std::string unitId, unitCode, unitName;
    int64_t index = 0;             // random: 1-based index into the candidates
    int64_t counter = 0;           // random: the sampler's i
    std::string selfInspectionId;  // mandatory: the zero report
    int64_t complaints = 0;        // mandatory: complaints received in the period
    nlohmann::json toJson() const;
};

struct DrawRequest {
    std::string campaignId;  // empty: the campaign if exactly one is not withdrawn, else none
    std::string period;      // YYYY-MM
    int64_t count = 0;       // random picks wanted, 0 ≤ count ≤ number of candidates
    std::vector<SeedPart> seedParts;
    // When not empty, the draw is refused (Conflict) unless the candidate list still has this hash:
    // the list announced before the seed was fixed is the list drawn from.
    std::string expectCandidatesSha256;
};

// A draw as stored in a `spot_check_draw` record.
struct SpotCheckDraw {
    std::string id;
    std::string campaignId;  // may be empty
    std::string period;
    int64_t sampleSize = 0;
    std::vector<DrawCandidate> candidates;
    std::string candidatesSha256;
    std::vector<SeedPart> seedParts;
    std::string seed;
    std::vector<DrawPick> picks;  // random ones in draw order, then mandatory ones by unit code
    int64_t createdMs = 0;
    std::string createdBy;
    int64_t version = 1;
    bool withdrawn = false;
    std::string withdrawnReason;

    // Corrupt when the record's JSON fields are not what a draw writes (e.g. edited by hand).
    static Result<SpotCheckDraw> fromRecord(const Record& record);
    nlohmann::json toJson() const;
};

// Runs a draw and records it, all in one transaction: candidates and mandatory units as of now,
// the seed from the parts, `count` random picks without replacement. Errors: InvalidArgument (bad
// period, parts, count larger than the candidates), NotFound (campaign), AlreadyExists (a draw for
// this period and campaign exists and is not withdrawn: withdraw it with a reason first, so that
// redrawing stays visible), Conflict (expectCandidatesSha256 does not match).
Result<SpotCheckDraw> runDraw(Store& store, const DrawRequest& request);

Result<SpotCheckDraw> loadDraw(Store& store, const std::string& drawId);
// All draws, withdrawn ones included, newest first. A record that cannot be read as a draw is an
// error (Corrupt) naming it: run verifyDraw() on it for the details.
Result<std::vector<SpotCheckDraw>> listDraws(Store& store);

// One thing verifyDraw() checks.
struct DrawCheck {
    std::string name;  // "record", "unchanged", "candidates-sha256", "candidates-order",
                       // "candidates-store", "seed", "picks", "mandatory"
    bool ok = true;
    std::string message;  // what was compared, or the differences found
    nlohmann::json toJson() const;
};

struct DrawVerification {
    std::string drawId;
    std::vector<DrawCheck> checks;
    // Differences that do not affect the draw (e.g. a unit renamed after it).
    std::vector<std::string> notes;
    bool ok() const;
    nlohmann::json toJson() const;
};

// Recomputes a draw from its record and the store:
// - record: the fields parse as a draw;
// - unchanged: the record is at version 1, or 2 if it was withdrawn (a draw is never updated);
// - candidates-sha256: the hash of the recorded candidates;
// - candidates-order: unit codes strictly ascending, no unit twice, no mandatory unit among them;
// - candidates-store: the candidates and the mandatory units are exactly the units that existed and
//   were not withdrawn at the time of the draw (from the units' created_ms/withdrawn_ms);
// - seed: the seed is the parts joined, and the parts are well-formed;
// - picks: the sampler over the recorded seed and candidates gives exactly the recorded random
//   picks (index, i, unit);
// - mandatory: the recorded mandatory units are those that mandatorySpotChecks() gives now.
// Every failing check says what differs. Errors only when the draw cannot be read at all
// (NotFound, or a database error).
Result<DrawVerification> verifyDraw(Store& store, const std::string& drawId);

}  // namespace fieldcheck
