#include "fieldcheck/core/spot_check_draw.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "store_impl.h"
#include "utf8.h"
#include "values.h"

namespace fieldcheck {
namespace {

using detail::Database;
using detail::Statement;

constexpr const char* kDrawType = "spot_check_draw";

// Runs `sql` with parameters (text, or null for std::nullopt) and calls `row` for each result row.

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

using detail::isValidUtf8;

bool hasControlCharacter(const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

std::string describeUnit(const std::string& code, const std::string& name, const std::string& id) {
    return code + " " + name + " (" + id + ")";
}

// --- Reading a draw record ----------------------------------------------------------------------

Error corrupt(const std::string& drawId, const std::string& what) {
    return makeError(ErrorCode::Corrupt, "spot_check_draw '" + drawId + "': " + what);
}

Result<std::string> stringMember(const nlohmann::json& obj, const char* key,
                                 const std::string& drawId, const std::string& where,
                                 bool allowEmpty = false) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string() || (!allowEmpty && it->get<std::string>().empty())) {
        return corrupt(drawId, where + " has no " + key);
    }
    return it->get<std::string>();
}

Result<int64_t> intMember(const nlohmann::json& obj, const char* key, const std::string& drawId,
                          const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer())
        return corrupt(drawId, where + " has no whole number " + key);
    return it->get<int64_t>();
}

Result<std::vector<DrawCandidate>> parseCandidates(const nlohmann::json& j,
                                                   const std::string& drawId) {
    if (j.is_discarded() || !j.is_array()) return corrupt(drawId, "candidates is not a JSON array");
    std::vector<DrawCandidate> out;
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string where = "candidate " + std::to_string(i + 1);
        if (!j[i].is_object()) return corrupt(drawId, where + " is not an object");
        DrawCandidate c;
        FC_ASSIGN_OR_RETURN(c.unitCode, stringMember(j[i], "code", drawId, where));
        FC_ASSIGN_OR_RETURN(c.unitId, stringMember(j[i], "id", drawId, where));
        FC_ASSIGN_OR_RETURN(c.unitName, stringMember(j[i], "name", drawId, where, true));
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::vector<SeedPart>> parseSeedParts(const nlohmann::json& j, const std::string& drawId) {
    if (j.is_discarded() || !j.is_array()) return corrupt(drawId, "seed_parts is not a JSON array");
    std::vector<SeedPart> out;
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string where = "seed part " + std::to_string(i + 1);
        if (!j[i].is_object()) return corrupt(drawId, where + " is not an object");
        SeedPart p;
        FC_ASSIGN_OR_RETURN(p.party, stringMember(j[i], "party", drawId, where, true));
        FC_ASSIGN_OR_RETURN(p.part, stringMember(j[i], "part", drawId, where, true));
        out.push_back(std::move(p));
    }
    return out;
}

Result<std::vector<DrawPick>> parsePicks(const nlohmann::json& j, const std::string& drawId) {
    if (j.is_discarded() || !j.is_array()) return corrupt(drawId, "picks is not a JSON array");
    std::vector<DrawPick> out;
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string where = "pick " + std::to_string(i + 1);
        if (!j[i].is_object()) return corrupt(drawId, where + " is not an object");
        DrawPick p;
        FC_ASSIGN_OR_RETURN(p.reason, stringMember(j[i], "reason", drawId, where));
        FC_ASSIGN_OR_RETURN(p.unitId, stringMember(j[i], "unit_id", drawId, where));
        FC_ASSIGN_OR_RETURN(p.unitCode, stringMember(j[i], "unit_code", drawId, where));
        FC_ASSIGN_OR_RETURN(p.unitName, stringMember(j[i], "unit_name", drawId, where, true));
        if (p.reason == "random") {
            FC_ASSIGN_OR_RETURN(p.index, intMember(j[i], "index", drawId, where));
            FC_ASSIGN_OR_RETURN(p.counter, intMember(j[i], "i", drawId, where));
        } else if (p.reason == "mandatory") {
            FC_ASSIGN_OR_RETURN(p.selfInspectionId,
                                stringMember(j[i], "self_inspection_id", drawId, where));
            FC_ASSIGN_OR_RETURN(p.complaints, intMember(j[i], "complaints", drawId, where));
        } else {
            return corrupt(drawId,
                           where + " has reason '" + p.reason + "' (expected random or mandatory)");
        }
        out.push_back(std::move(p));
    }
    return out;
}

nlohmann::json toJsonArray(const auto& items) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& x : items) arr.push_back(x.toJson());
    return arr;
}

// Units in force (created, not withdrawn) at `atMs`, by code.
Result<std::vector<DrawCandidate>> unitsInForceAt(Database& db, int64_t atMs) {
    auto st = db.prepare(
        "SELECT id, code, name FROM units WHERE created_ms <= ?1 AND (withdrawn_ms IS NULL OR "
        "withdrawn_ms > ?1) "
        "ORDER BY code, id");
    if (!st.ok()) return st.error();
    st->bind(1, atMs);
    std::vector<DrawCandidate> out;
    for (;;) {
        auto r = st->step();
        if (!r.ok()) return r.error();
        if (!r.value()) return out;
        out.push_back({st->text(0), st->text(1), st->text(2)});
    }
}

// The latest time (ms) any of `sql`'s rows was created, changed or withdrawn; 0 when none.
Result<int64_t> latestChange(Database& db, const std::string& sql,
                             const std::vector<std::optional<std::string>>& params) {
    int64_t latest = 0;
    FC_TRY(detail::forEachRow(db, sql, params, [&](const Statement& st) {
        for (int col = 0; col < st.columnCount(); ++col) {
            if (!st.isNull(col)) latest = std::max(latest, st.int64(col));
        }
    }));
    return latest;
}

// Units not withdrawn now, by code.
Result<std::vector<DrawCandidate>> unitsInForceNow(Database& db) {
    std::vector<DrawCandidate> out;
    FC_TRY(detail::forEachRow(db,
                   "SELECT id, code, name FROM units WHERE withdrawn_ms IS NULL ORDER BY code, id",
                   {}, [&](const Statement& st) {
                       out.push_back({st.text(0), st.text(1), st.text(2)});
                   }));
    return out;
}

// mandatorySpotChecks() with one entry per unit (a unit with two zero reports for the period is
// still one spot check; the first self-inspection is kept).
Result<std::vector<MandatorySpotCheck>> mandatoryUnits(Store& store, const std::string& period) {
    FC_ASSIGN_OR_RETURN(auto all, mandatorySpotChecks(store, period));
    std::vector<MandatorySpotCheck> out;
    std::set<std::string> seen;
    for (auto& m : all) {
        if (seen.insert(m.unitId).second) out.push_back(std::move(m));
    }
    return out;
}

// The campaign a draw is recorded under: the given one, or the only one not withdrawn (none if
// there is none; an error naming them if there are several).
Result<std::string> resolveCampaign(Store& store, const std::string& given) {
    if (!given.empty()) {
        auto c = store.getRecord("campaign", given);
        if (!c.ok()) return c.error();
        if (c->withdrawn)
            return makeError(ErrorCode::InvalidArgument, "campaign '" + given + "' was withdrawn");
        return given;
    }
    std::vector<std::pair<std::string, std::string>> campaigns;  // id, code
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT id, code FROM campaigns WHERE withdrawn_ms IS NULL ORDER BY code", {},
                   [&](const Statement& st) { campaigns.emplace_back(st.text(0), st.text(1)); }));
    if (campaigns.empty()) return std::string();
    if (campaigns.size() == 1) return campaigns.front().first;
    std::string list;
    for (const auto& [id, code] : campaigns) list += (list.empty() ? "" : ", ") + code + " " + id;
    return makeError(
        ErrorCode::InvalidArgument,
        "there are several campaigns; say which one the draw is for with --campaign (" + list +
            ")");
}

}  // namespace

// --- The sampler --------------------------------------------------------------------------------

int64_t rivestPick(const std::string& seed, int64_t i, int64_t total) {
    assert(total >= 1 && total <= kSamplerMaxTotal && i >= 1);
    const std::string hex = sha256Hex(seed + "," + std::to_string(i));
    // int(hex, 16) mod total, one hex digit at a time: r < total ≤ 2^59, so 16·r + 15 < 2^63.
    const auto n = static_cast<uint64_t>(total);
    uint64_t r = 0;
    for (char c : hex) r = (r * 16 + static_cast<uint64_t>(hexDigit(c))) % n;
    return static_cast<int64_t>(r) + 1;
}

Result<std::vector<SamplerPick>> rivestSamplePicks(const std::string& seed, int64_t total,
                                                   int64_t count, bool withReplacement) {
    if (total < 1)
        return makeError(ErrorCode::InvalidArgument,
                         "total must be at least 1 (got " + std::to_string(total) + ")");
    if (total > kSamplerMaxTotal) {
        return makeError(ErrorCode::InvalidArgument, "total " + std::to_string(total) +
                                                         " is larger than the sampler allows (" +
                                                         std::to_string(kSamplerMaxTotal) + ")");
    }
    if (count < 0)
        return makeError(ErrorCode::InvalidArgument,
                         "count must not be negative (got " + std::to_string(count) + ")");
    if (count > kSamplerMaxCount) {
        return makeError(ErrorCode::InvalidArgument, "count " + std::to_string(count) +
                                                         " is larger than the sampler allows (" +
                                                         std::to_string(kSamplerMaxCount) + ")");
    }
    if (!withReplacement && count > total) {
        return makeError(ErrorCode::InvalidArgument,
                         "cannot pick " + std::to_string(count) + " distinct items out of " +
                             std::to_string(total) + " without replacement");
    }
    std::vector<SamplerPick> out;
    out.reserve(static_cast<size_t>(count));
    std::unordered_set<int64_t> seen;
    for (int64_t i = 1; static_cast<int64_t>(out.size()) < count; ++i) {
        const int64_t index = rivestPick(seed, i, total);
        if (!withReplacement && !seen.insert(index).second) continue;  // repeat: skipped, next i
        out.push_back({index, i});
    }
    return out;
}

Result<std::vector<int64_t>> rivestSample(const std::string& seed, int64_t total, int64_t count,
                                          bool withReplacement) {
    FC_ASSIGN_OR_RETURN(auto picks, rivestSamplePicks(seed, total, count, withReplacement));
    std::vector<int64_t> out;
    out.reserve(picks.size());
    for (const auto& p : picks) out.push_back(p.index);
    return out;
}

// --- Seeds --------------------------------------------------------------------------------------

nlohmann::json SeedPart::toJson() const {
    return {{"party", party}, {"part", part}};
}

Status checkSeedParts(const std::vector<SeedPart>& parts) {
    if (parts.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "the seed needs at least one part (PARTY=PART)");
    std::set<std::string> parties;
    for (size_t i = 0; i < parts.size(); ++i) {
        const auto& p = parts[i];
        const std::string where = "seed part " + std::to_string(i + 1);
        if (p.party.empty())
            return makeError(ErrorCode::InvalidArgument,
                             where + ": the party who gave it is missing");
        if (!isValidUtf8(p.party) || hasControlCharacter(p.party)) {
            return makeError(ErrorCode::InvalidArgument,
                             where + ": the party's name is not valid text");
        }
        if (p.party.front() == ' ' || p.party.back() == ' ') {
            return makeError(ErrorCode::InvalidArgument, where + ": the party " + quoted(p.party) +
                                                             " has leading or trailing blanks");
        }
        if (p.party.find('=') != std::string::npos) {
            return makeError(ErrorCode::InvalidArgument,
                             where + ": the party " + quoted(p.party) + " contains '='");
        }
        if (!parties.insert(p.party).second) {
            return makeError(ErrorCode::InvalidArgument,
                             where + ": the party " + quoted(p.party) +
                                 " gave a part already; each party gives one");
        }
        if (p.part.empty())
            return makeError(ErrorCode::InvalidArgument,
                             where + " (" + p.party + "): the part is empty");
        for (char c : p.part) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x21 || u > 0x7E) {
                return makeError(ErrorCode::InvalidArgument,
                                 where + " (" + p.party + "): " + quoted(p.part) +
                                     " may contain only visible ASCII characters (digits, letters, "
                                     "punctuation): no blanks, "
                                     "no full-width digits such as '４', which look the same but "
                                     "hash differently");
            }
        }
    }
    return {};
}

std::string joinSeedParts(const std::vector<SeedPart>& parts) {
    std::string seed;
    for (const auto& p : parts) seed += p.part;
    return seed;
}

// --- Candidates and picks -----------------------------------------------------------------------

nlohmann::json DrawCandidate::toJson() const {
    return {{"code", unitCode}, {"id", unitId}, {"name", unitName}};
}

Result<std::string> candidatesSha256(const nlohmann::json& candidatesJson) {
    try {
        // nlohmann's object is a std::map: keys come out sorted; dump() with no indent has no
        // whitespace and writes non-ASCII characters as raw UTF-8 (ensure_ascii = false).
        return sha256Hex(candidatesJson.dump());
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::InvalidArgument,
                         std::string("the candidate list cannot be serialised: ") + e.what());
    }
}

Result<std::string> candidatesSha256(const std::vector<DrawCandidate>& candidates) {
    return candidatesSha256(toJsonArray(candidates));
}

nlohmann::json DrawCandidates::toJson() const {
    return {{"period", period},
            {"candidates", toJsonArray(candidates)},
            {"candidates_sha256", sha256},
            {"mandatory", toJsonArray(mandatory)}};
}

Result<DrawCandidates> drawCandidates(Store& store, const std::string& period) {
    if (!detail::isValidMonth(period))
        return makeError(ErrorCode::InvalidArgument, quoted(period) + " is not a month YYYY-MM");
    DrawCandidates out;
    out.period = period;
    FC_ASSIGN_OR_RETURN(out.mandatory, mandatoryUnits(store, period));
    std::set<std::string> mandatoryIds;
    for (const auto& m : out.mandatory) mandatoryIds.insert(m.unitId);
    FC_ASSIGN_OR_RETURN(auto units, unitsInForceNow(store.impl().db));
    for (auto& u : units) {
        if (mandatoryIds.count(u.unitId) == 0) out.candidates.push_back(std::move(u));
    }
    FC_ASSIGN_OR_RETURN(out.sha256, candidatesSha256(out.candidates));
    return out;
}

nlohmann::json DrawPick::toJson() const {
    nlohmann::json j = {
        {"reason", reason}, {"unit_id", unitId}, {"unit_code", unitCode}, {"unit_name", unitName}};
    if (reason == "random") {
        j["index"] = index;
        j["i"] = counter;
    } else {
        j["self_inspection_id"] = selfInspectionId;
        j["complaints"] = complaints;
    }
    return j;
}

// --- Draw records -------------------------------------------------------------------------------

Result<SpotCheckDraw> SpotCheckDraw::fromRecord(const Record& record) {
    if (record.type != kDrawType)
        return makeError(ErrorCode::InvalidArgument,
                         "record '" + record.id + "' is not a spot_check_draw");
    const auto& f = record.fields;
    SpotCheckDraw d;
    d.id = record.id;
    d.createdMs = record.createdMs;
    d.createdBy = record.createdBy;
    d.version = record.version;
    d.withdrawn = record.withdrawn;
    d.withdrawnReason = record.withdrawnReason;
    const auto text = [&](const char* key) {
        auto it = f.find(key);
        return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    d.campaignId = text("campaign_id");
    d.period = text("period");
    d.candidatesSha256 = text("candidates_sha256");
    d.seed = text("seed");
    auto size = f.find("sample_size");
    if (size == f.end() || !size->is_number_integer())
        return corrupt(record.id, "sample_size is not a whole number");
    d.sampleSize = size->get<int64_t>();
    FC_ASSIGN_OR_RETURN(d.candidates,
                        parseCandidates(f.value("candidates", nlohmann::json()), record.id));
    FC_ASSIGN_OR_RETURN(d.seedParts,
                        parseSeedParts(f.value("seed_parts", nlohmann::json()), record.id));
    FC_ASSIGN_OR_RETURN(d.picks, parsePicks(f.value("picks", nlohmann::json()), record.id));
    return d;
}

nlohmann::json SpotCheckDraw::toJson() const {
    nlohmann::json j = {
        {"id", id},
        {"campaign_id", campaignId.empty() ? nlohmann::json() : nlohmann::json(campaignId)},
        {"period", period},
        {"sample_size", sampleSize},
        {"candidates", toJsonArray(candidates)},
        {"candidates_sha256", candidatesSha256},
        {"seed_parts", toJsonArray(seedParts)},
        {"seed", seed},
        {"picks", toJsonArray(picks)},
        {"created_ms", createdMs},
        {"created_at", formatIsoUtc(createdMs)},
        {"created_by", createdBy},
        {"version", version},
        {"withdrawn", withdrawn}};
    if (withdrawn) j["withdrawn_reason"] = withdrawnReason;
    return j;
}

Result<SpotCheckDraw> runDraw(Store& store, const DrawRequest& request) {
    if (!detail::isValidMonth(request.period)) {
        return makeError(ErrorCode::InvalidArgument,
                         quoted(request.period) + " is not a month YYYY-MM");
    }
    if (request.count < 0)
        return makeError(ErrorCode::InvalidArgument,
                         "the number of random picks must not be negative");
    FC_TRY(checkSeedParts(request.seedParts));

    Result<SpotCheckDraw> out = makeError(ErrorCode::Internal, "draw not made");
    Status st = store.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(const std::string campaignId,
                            resolveCampaign(store, request.campaignId));
        // One draw per period and campaign: redrawing until the result suits someone would be
        // steering. A draw that must be redone is withdrawn with a reason first, and stays visible.
        std::vector<std::string> existing;
        FC_TRY(detail::forEachRow(store.impl().db,
                       "SELECT id FROM spot_check_draws WHERE period = ? AND campaign_id IS ? AND "
                       "withdrawn_ms IS NULL",
                       {request.period,
                        campaignId.empty() ? std::nullopt : std::optional<std::string>(campaignId)},
                       [&](const Statement& row) { existing.push_back(row.text(0)); }));
        if (!existing.empty()) {
            return makeError(ErrorCode::AlreadyExists,
                             "a spot-check draw for " + request.period + " already exists (" +
                                 existing.front() +
                                 "); to draw again, withdraw it with a reason first: fieldcheck "
                                 "withdraw spot_check_draw " +
                                 existing.front() + " --reason ...");
        }

        FC_ASSIGN_OR_RETURN(DrawCandidates cands, drawCandidates(store, request.period));
        if (!request.expectCandidatesSha256.empty() &&
            request.expectCandidatesSha256 != cands.sha256) {
            return makeError(
                ErrorCode::Conflict,
                "the candidate list has changed since it was announced: its SHA-256 is now " +
                    cands.sha256 + ", not " + request.expectCandidatesSha256 +
                    " (a unit was added, withdrawn, renamed or became mandatory)");
        }
        const auto total = static_cast<int64_t>(cands.candidates.size());
        if (request.count > total) {
            return makeError(ErrorCode::InvalidArgument,
                             "cannot draw " + std::to_string(request.count) +
                                 " units at random: only " + std::to_string(total) +
                                 " unit(s) are candidates (" +
                                 std::to_string(cands.mandatory.size()) +
                                 " more are mandatory spot checks anyway)");
        }

        SpotCheckDraw d;
        d.campaignId = campaignId;
        d.period = request.period;
        d.sampleSize = request.count;
        d.candidates = cands.candidates;
        d.candidatesSha256 = cands.sha256;
        d.seedParts = request.seedParts;
        d.seed = joinSeedParts(request.seedParts);
        if (request.count > 0) {
            FC_ASSIGN_OR_RETURN(auto sample,
                                rivestSamplePicks(d.seed, total, request.count, false));
            for (const auto& s : sample) {
                const auto& c = d.candidates[static_cast<size_t>(s.index - 1)];
                d.picks.push_back(
                    {"random", c.unitId, c.unitCode, c.unitName, s.index, s.counter, {}, 0});
            }
        }
        for (const auto& m : cands.mandatory) {
            d.picks.push_back({"mandatory", m.unitId, m.unitCode, m.unitName, 0, 0,
                               m.selfInspectionId, m.complaints});
        }

        nlohmann::json fields = {{"period", d.period},
                                 {"sample_size", d.sampleSize},
                                 {"candidates", toJsonArray(d.candidates)},
                                 {"candidates_sha256", d.candidatesSha256},
                                 {"seed_parts", toJsonArray(d.seedParts)},
                                 {"seed", d.seed},
                                 {"picks", toJsonArray(d.picks)}};
        if (!campaignId.empty()) fields["campaign_id"] = campaignId;
        FC_ASSIGN_OR_RETURN(Record rec, store.createRecord(kDrawType, fields));
        d.id = rec.id;
        d.createdMs = rec.createdMs;
        d.createdBy = rec.createdBy;
        d.version = rec.version;
        out = std::move(d);
        return {};
    });
    if (!st.ok()) return st.error();
    return out;
}

Result<SpotCheckDraw> loadDraw(Store& store, const std::string& drawId) {
    FC_ASSIGN_OR_RETURN(Record rec, store.getRecord(kDrawType, drawId));
    return SpotCheckDraw::fromRecord(rec);
}

Result<std::vector<SpotCheckDraw>> listDraws(Store& store) {
    FC_ASSIGN_OR_RETURN(auto records, store.listRecords(kDrawType));
    std::vector<SpotCheckDraw> out;
    for (const auto& r : records) {
        FC_ASSIGN_OR_RETURN(auto d, SpotCheckDraw::fromRecord(r));
        out.push_back(std::move(d));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.createdMs > b.createdMs; });
    return out;
}

// --- Verification -------------------------------------------------------------------------------

nlohmann::json DrawCheck::toJson() const {
    return {{"check", name}, {"ok", ok}, {"message", message}};
}

bool DrawVerification::ok() const {
    return std::all_of(checks.begin(), checks.end(), [](const DrawCheck& c) { return c.ok; });
}

nlohmann::json DrawVerification::toJson() const {
    return {{"draw_id", drawId}, {"ok", ok()}, {"checks", toJsonArray(checks)}, {"notes", notes}};
}

namespace {

// Collects the differences of one check; the check passes when there are none.
struct CheckBuilder {
    std::string name;
    std::vector<std::string> differences;
    void differ(std::string d) { differences.push_back(std::move(d)); }
    DrawCheck finish(const std::string& okMessage) const {
        if (differences.empty()) return {name, true, okMessage};
        std::string msg;
        for (const auto& d : differences) msg += (msg.empty() ? "" : "; ") + d;
        return {name, false, msg};
    }
};

// ", <what> after the draw (at <time>)" when `changedMs` is later than the draw, else "".
std::string afterDraw(int64_t changedMs, int64_t drawMs, const std::string& what) {
    if (changedMs <= drawMs) return "";
    return "; " + what + " after the draw (at " + formatIsoUtc(changedMs) + ")";
}

std::string pickText(int64_t index, int64_t counter, const std::string& unit) {
    return "index " + std::to_string(index) + " (i=" + std::to_string(counter) + ", " + unit + ")";
}

void checkPicks(const SpotCheckDraw& d, const std::string& seed, CheckBuilder& check) {
    std::vector<DrawPick> random;
    for (const auto& p : d.picks) {
        if (p.reason == "random") random.push_back(p);
    }
    if (static_cast<int64_t>(random.size()) != d.sampleSize) {
        check.differ("sample_size is " + std::to_string(d.sampleSize) + " but " +
                     std::to_string(random.size()) + " random pick(s) are recorded");
    }
    const auto total = static_cast<int64_t>(d.candidates.size());
    std::vector<SamplerPick> expected;
    if (d.sampleSize > 0) {
        auto sample = rivestSamplePicks(seed, total, d.sampleSize, false);
        if (!sample.ok()) {
            check.differ("the sampler cannot draw " + std::to_string(d.sampleSize) + " of " +
                         std::to_string(total) + " candidates: " + sample.error().message);
            return;
        }
        expected = std::move(sample).value();
    }
    const auto candidateText = [&](int64_t index) {
        if (index < 1 || index > total) return std::string("no such candidate");
        const auto& c = d.candidates[static_cast<size_t>(index - 1)];
        return describeUnit(c.unitCode, c.unitName, c.unitId);
    };
    for (size_t k = 0; k < std::max(random.size(), expected.size()); ++k) {
        const std::string n = "random pick " + std::to_string(k + 1);
        if (k >= random.size()) {
            check.differ(
                n + " is missing: the sampler gives " +
                pickText(expected[k].index, expected[k].counter, candidateText(expected[k].index)));
            continue;
        }
        const auto& r = random[k];
        const std::string recorded =
            pickText(r.index, r.counter, describeUnit(r.unitCode, r.unitName, r.unitId));
        if (k >= expected.size()) {
            check.differ(n + " is recorded as " + recorded + " but the sampler gives no such pick");
            continue;
        }
        if (r.index != expected[k].index || r.counter != expected[k].counter) {
            check.differ(
                n + " is recorded as " + recorded + " but the sampler gives " +
                pickText(expected[k].index, expected[k].counter, candidateText(expected[k].index)));
            continue;
        }
        if (r.index >= 1 && r.index <= total) {
            const auto& c = d.candidates[static_cast<size_t>(r.index - 1)];
            if (c.unitId != r.unitId || c.unitCode != r.unitCode) {
                check.differ(n + " names " + describeUnit(r.unitCode, r.unitName, r.unitId) +
                             " but candidate " + std::to_string(r.index) + " is " +
                             describeUnit(c.unitCode, c.unitName, c.unitId));
            }
        }
    }
}

}  // namespace

Result<DrawVerification> verifyDraw(Store& store, const std::string& drawId) {
    FC_ASSIGN_OR_RETURN(Record rec, store.getRecord(kDrawType, drawId));
    DrawVerification v;
    v.drawId = drawId;

    auto parsed = SpotCheckDraw::fromRecord(rec);
    if (!parsed.ok()) {
        v.checks.push_back(
            {"record", false, parsed.error().message + "; nothing else can be recomputed"});
        return v;
    }
    v.checks.push_back({"record", true, "the record reads as a draw"});
    const SpotCheckDraw& d = parsed.value();
    if (d.withdrawn)
        v.notes.push_back("the draw was withdrawn (" + d.withdrawnReason +
                          "): it no longer counts");

    // unchanged: a draw is written once (and may be withdrawn, which is one more version).
    if (d.version == (d.withdrawn ? 2 : 1)) {
        v.checks.push_back({"unchanged", true,
                            d.withdrawn ? "never changed after the draw, then withdrawn"
                                        : "version 1: never changed after the draw"});
    } else {
        v.checks.push_back(
            {"unchanged", false,
             "the draw was changed after it was made: version " + std::to_string(d.version) +
                 ", last by " + rec.updatedBy + " at " + formatIsoUtc(rec.updatedMs) +
                 " (see fieldcheck show spot_check_draw " + drawId + " for its history)"});
    }

    // candidates-sha256: over the recorded list, as recorded.
    {
        auto hash = candidatesSha256(rec.fields.value("candidates", nlohmann::json()));
        if (!hash.ok()) {
            v.checks.push_back({"candidates-sha256", false, hash.error().message});
        } else if (hash.value() != d.candidatesSha256) {
            v.checks.push_back({"candidates-sha256", false,
                                "the recorded candidate list hashes to " + hash.value() +
                                    " but the draw records " + d.candidatesSha256 +
                                    ": the candidate list or its hash was changed"});
        } else {
            v.checks.push_back(
                {"candidates-sha256", true,
                 std::to_string(d.candidates.size()) + " candidate(s), SHA-256 " + hash.value()});
        }
    }

    std::set<std::string> mandatoryIds;
    for (const auto& p : d.picks) {
        if (p.reason == "mandatory") mandatoryIds.insert(p.unitId);
    }

    // candidates-order: ordered by code, each unit once, none of them mandatory.
    {
        CheckBuilder check{"candidates-order", {}};
        std::set<std::string> ids;
        for (size_t i = 0; i < d.candidates.size(); ++i) {
            const auto& c = d.candidates[i];
            if (i > 0 && !(d.candidates[i - 1].unitCode < c.unitCode)) {
                check.differ("candidate " + std::to_string(i + 1) + " (" + c.unitCode +
                             ") does not come after candidate " + std::to_string(i) + " (" +
                             d.candidates[i - 1].unitCode + ") in unit-code order");
            }
            if (!ids.insert(c.unitId).second)
                check.differ("unit " + c.unitId + " is a candidate twice");
            if (mandatoryIds.count(c.unitId) > 0) {
                check.differ("candidate " + c.unitCode +
                             " is also a mandatory pick (mandatory units are not candidates)");
            }
        }
        v.checks.push_back(
            check.finish("ordered by unit code, each unit once, no mandatory unit among them"));
    }

    // candidates-store: exactly the units in force at the time of the draw, less the mandatory
    // ones.
    {
        CheckBuilder check{"candidates-store", {}};
        FC_ASSIGN_OR_RETURN(auto inForce, unitsInForceAt(store.impl().db, d.createdMs));
        std::map<std::string, DrawCandidate> expected;
        for (auto& u : inForce) {
            if (mandatoryIds.count(u.unitId) == 0) expected.emplace(u.unitId, std::move(u));
        }
        std::set<std::string> recorded;
        for (const auto& c : d.candidates) {
            recorded.insert(c.unitId);
            auto it = expected.find(c.unitId);
            if (it == expected.end()) {
                check.differ("candidate " + describeUnit(c.unitCode, c.unitName, c.unitId) +
                             " was not a unit in force at the draw (" + formatIsoUtc(d.createdMs) +
                             "): no such unit, created later or withdrawn before");
            } else if (it->second.unitCode != c.unitCode || it->second.unitName != c.unitName) {
                v.notes.push_back("candidate " + c.unitCode + " " + c.unitName + " is now " +
                                  it->second.unitCode + " " + it->second.unitName +
                                  " (changed after the draw)");
            }
        }
        for (const auto& [id, u] : expected) {
            if (recorded.count(id) == 0) {
                check.differ("unit " + describeUnit(u.unitCode, u.unitName, id) +
                             " was in force at the draw (" + formatIsoUtc(d.createdMs) +
                             ") but is neither a candidate nor a mandatory pick");
            }
        }
        v.checks.push_back(check.finish("the candidates and mandatory picks are the " +
                                        std::to_string(recorded.size() + mandatoryIds.size()) +
                                        " unit(s) in force at the draw (" +
                                        formatIsoUtc(d.createdMs) + ")"));
    }

    // seed: the parts, well-formed, joined.
    const std::string joined = joinSeedParts(d.seedParts);
    {
        CheckBuilder check{"seed", {}};
        Status parts = checkSeedParts(d.seedParts);
        if (!parts.ok())
            check.differ("the seed parts are not well-formed: " + parts.error().message);
        if (joined != d.seed) {
            check.differ("the recorded seed " + quoted(d.seed) +
                         " is not the parts joined in order " + quoted(joined));
        }
        std::string who;
        for (const auto& p : d.seedParts)
            who += (who.empty() ? "" : ", ") + p.party + " " + quoted(p.part);
        v.checks.push_back(check.finish("seed " + quoted(joined) + " from " + who));
    }

    // picks: the sampler over the parts' seed and the recorded candidates.
    {
        CheckBuilder check{"picks", {}};
        checkPicks(d, joined, check);
        v.checks.push_back(check.finish(std::to_string(d.sampleSize) +
                                        " random pick(s) recomputed from the seed and the " +
                                        std::to_string(d.candidates.size()) + " candidate(s)"));
    }

    // mandatory: what the stored data implies now.
    {
        CheckBuilder check{"mandatory", {}};
        auto now = mandatoryUnits(store, d.period);
        if (!now.ok()) {
            check.differ("cannot compute the mandatory spot checks for " + quoted(d.period) + ": " +
                         now.error().message);
        } else {
            std::map<std::string, const MandatorySpotCheck*> implied;
            for (const auto& m : now.value()) implied.emplace(m.unitId, &m);
            std::map<std::string, const DrawPick*> recorded;
            for (const auto& p : d.picks) {
                if (p.reason != "mandatory") continue;
                if (!recorded.emplace(p.unitId, &p).second) {
                    check.differ("unit " + p.unitCode + " is a mandatory pick twice");
                    continue;
                }
                auto it = implied.find(p.unitId);
                if (it == implied.end()) {
                    // Was the zero report changed or withdrawn after the draw?
                    FC_ASSIGN_OR_RETURN(
                        int64_t changed,
                        latestChange(
                            store.impl().db,
                            "SELECT updated_ms, withdrawn_ms FROM self_inspections WHERE id = ?",
                            {p.selfInspectionId}));
                    check.differ("unit " + describeUnit(p.unitCode, p.unitName, p.unitId) +
                                 " is recorded as a mandatory pick but the stored " +
                                 "data does not make it one for " + d.period +
                                 " (no zero report with a complaint in that month)" +
                                 afterDraw(changed, d.createdMs,
                                           "its self-inspection " + p.selfInspectionId +
                                               " was changed or withdrawn"));
                } else if (it->second->selfInspectionId != p.selfInspectionId ||
                           it->second->complaints != p.complaints) {
                    v.notes.push_back(
                        "mandatory unit " + p.unitCode + ": recorded with self-inspection " +
                        p.selfInspectionId + " and " + std::to_string(p.complaints) +
                        " complaint(s), now " + it->second->selfInspectionId + " and " +
                        std::to_string(it->second->complaints) + " complaint(s)");
                }
            }
            for (const auto& [id, m] : implied) {
                if (recorded.count(id) == 0) {
                    // Was the zero report or a complaint recorded after the draw?
                    FC_ASSIGN_OR_RETURN(
                        int64_t zeroReport,
                        latestChange(
                            store.impl().db,
                            "SELECT created_ms, updated_ms FROM self_inspections WHERE id = ?",
                            {m->selfInspectionId}));
                    FC_ASSIGN_OR_RETURN(
                        int64_t complaint,
                        latestChange(store.impl().db,
                                     "SELECT max(created_ms), max(updated_ms) FROM complaints "
                                     "WHERE unit_id = ? "
                                     "AND withdrawn_ms IS NULL AND received_date >= ? || '-01' AND "
                                     "received_date <= ? || '-31'",
                                     {id, d.period, d.period}));
                    check.differ(
                        "unit " + describeUnit(m->unitCode, m->unitName, id) +
                        " is a mandatory spot check for " + d.period +
                        " by the stored data (zero report " + m->selfInspectionId + ", " +
                        std::to_string(m->complaints) +
                        " complaint(s)) but the draw does not list it as mandatory" +
                        afterDraw(std::max(zeroReport, complaint), d.createdMs,
                                  "its zero report or a complaint was recorded or changed"));
                }
            }
        }
        v.checks.push_back(check.finish(std::to_string(mandatoryIds.size()) +
                                        " mandatory pick(s), as the stored data implies for " +
                                        d.period));
    }
    return v;
}

}  // namespace fieldcheck
