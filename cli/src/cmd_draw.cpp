// `fieldcheck sample` and `fieldcheck draw`: Rivest's SHA-256 sampler on its own (to check it
// against published test vectors) and the verifiable spot-check draw (抽查抽签) built on it
// (core/include/fieldcheck/core/spot_check_draw.h, docs/spot-check-draw.md).
#include <sstream>

#include "command_context.h"
#include "commands.h"
#include "fieldcheck/core/spot_check_draw.h"

namespace fieldcheck::cli {
namespace {

// Rivest's recommendation for the whole seed (sampler.py): at least 24 random characters.
constexpr size_t kRecommendedSeedLength = 24;

// Bad arguments are usage errors (exit 2); anything else a failure (exit 1).
int failOrUsage(Cli& cli, const Error& e) {
    return e.code == ErrorCode::InvalidArgument ? cli.usage(e.message) : cli.fail(e);
}

Result<int64_t> requiredInt(Cli& cli, const std::string& name) {
    if (!cli.args().option(name))
        return makeError(ErrorCode::InvalidArgument, name + " is required");
    return cli.intOption(name, 0);
}

std::string trimBlanks(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// --party NAME=PART, each occurrence in the order given.
Result<std::vector<SeedPart>> seedPartsFromArgs(Cli& cli) {
    std::vector<SeedPart> parts;
    for (const auto& v : cli.args().allValues("--party")) {
        const auto eq = v.find('=');
        if (eq == std::string::npos) {
            return makeError(ErrorCode::InvalidArgument,
                             "--party '" + v + "': expected PARTY=PART, e.g. --party 纪检组=4821");
        }
        parts.push_back({trimBlanks(v.substr(0, eq)), v.substr(eq + 1)});
    }
    if (parts.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "give the seed as one --party PARTY=PART per party, e.g. "
                         "--party 纪检组=4821 --party 局办公室=7730");
    }
    return parts;
}

std::string seedExplained(const std::vector<SeedPart>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : " + ") + p.party + " \"" + p.part + "\"";
    return s;
}

void printDraw(Cli& cli, const SpotCheckDraw& d) {
    auto& o = cli.out();
    o << "抽查抽签 spot-check draw " << d.id << " for " << d.period
      << (d.campaignId.empty() ? "" : " (campaign " + d.campaignId + ")") << "\n"
      << "  drawn " << formatIsoUtc(d.createdMs) << " by " << d.createdBy
      << (d.version > (d.withdrawn ? 2 : 1) ? "  [CHANGED after the draw: run draw verify]" : "")
      << (d.withdrawn ? "  [已撤回 withdrawn: " + d.withdrawnReason + "]" : "") << "\n"
      << "  candidates: " << d.candidates.size() << " unit(s), SHA-256 " << d.candidatesSha256
      << "\n"
      << "  seed: \"" << d.seed << "\" = " << seedExplained(d.seedParts) << "\n";
    o << "随机抽取 random picks (" << d.sampleSize << " of " << d.candidates.size()
      << ", Rivest's SHA-256 sampler, without replacement):\n";
    for (const auto& p : d.picks) {
        if (p.reason != "random") continue;
        o << "  i=" << p.counter << "  #" << p.index << "  " << p.unitCode << "  " << p.unitName
          << "\n";
    }
    o << "必须重点抽查 mandatory spot checks (zero report with complaints in " << d.period
      << "):\n";
    bool any = false;
    for (const auto& p : d.picks) {
        if (p.reason != "mandatory") continue;
        any = true;
        o << "  " << p.unitCode << "  " << p.unitName << "  零报告 zero report "
          << p.selfInspectionId << ", " << p.complaints << " complaint(s)\n";
    }
    if (!any) o << "  (none)\n";
}

int runSample(Cli& cli) {
    if (cli.args().positional.size() != 1)
        return cli.usage(
            "usage: fieldcheck sample --seed S --total N --count K [--with-replacement]");
    auto seed = cli.args().option("--seed");
    if (!seed) return cli.usage("--seed is required");
    auto total = requiredInt(cli, "--total");
    if (!total.ok()) return failOrUsage(cli, total.error());
    auto count = requiredInt(cli, "--count");
    if (!count.ok()) return failOrUsage(cli, count.error());
    auto picks =
        rivestSample(*seed, total.value(), count.value(), cli.args().flag("--with-replacement"));
    if (!picks.ok()) return failOrUsage(cli, picks.error());
    if (cli.json()) {
        cli.out() << nlohmann::json(picks.value()).dump() << "\n";
        return kExitOk;
    }
    std::ostringstream s;
    for (int64_t p : picks.value()) s << p << "\n";
    cli.out() << s.str();
    return kExitOk;
}

int runDrawCandidates(Cli& cli) {
    auto period = cli.args().option("--period");
    if (!period) return cli.usage("--period YYYY-MM is required");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto c = drawCandidates(*store.value(), *period);
    if (!c.ok()) return failOrUsage(cli, c.error());
    if (cli.json()) {
        cli.out() << c->toJson().dump() << "\n";
        return kExitOk;
    }
    auto& o = cli.out();
    o << "候选单位 candidates for " << c->period << ": " << c->candidates.size()
      << " unit(s), SHA-256 " << c->sha256 << "\n";
    for (size_t i = 0; i < c->candidates.size(); ++i) {
        const auto& u = c->candidates[i];
        o << "  #" << (i + 1) << "  " << u.unitCode << "  " << u.unitName << "  " << u.unitId
          << "\n";
    }
    o << "必须重点抽查 mandatory (not candidates): " << c->mandatory.size() << "\n";
    for (const auto& m : c->mandatory)
        o << "  " << m.unitCode << "  " << m.unitName << "  " << m.complaints << " complaint(s)\n";
    cli.err() << "announce the SHA-256 before the parties give their seed parts; then run\n"
                 "  fieldcheck draw run --period "
              << c->period << " --count K --party PARTY=PART ... --candidates-sha256 " << c->sha256
              << "\n";
    return kExitOk;
}

int runDrawRun(Cli& cli) {
    DrawRequest req;
    auto period = cli.args().option("--period");
    if (!period) return cli.usage("--period YYYY-MM is required");
    req.period = *period;
    auto count = requiredInt(cli, "--count");
    if (!count.ok()) return failOrUsage(cli, count.error());
    req.count = count.value();
    auto parts = seedPartsFromArgs(cli);
    if (!parts.ok()) return failOrUsage(cli, parts.error());
    req.seedParts = parts.value();
    if (Status st = checkSeedParts(req.seedParts); !st.ok()) return failOrUsage(cli, st.error());
    req.campaignId = cli.args().option("--campaign").value_or("");
    req.expectCandidatesSha256 = cli.args().option("--candidates-sha256").value_or("");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto d = fieldcheck::runDraw(*store.value(), req);
    if (!d.ok()) return failOrUsage(cli, d.error());
    if (d->seed.size() < kRecommendedSeedLength) {
        cli.err() << "fieldcheck: note: the seed has " << d->seed.size()
                  << " characters; Rivest recommends at least " << kRecommendedSeedLength
                  << " random digits in all (e.g. each party rolls a die 12 times)\n";
    }
    if (cli.json()) {
        cli.out() << d->toJson().dump() << "\n";
        return kExitOk;
    }
    printDraw(cli, d.value());
    cli.err() << "recorded; anyone can recompute it with: fieldcheck draw verify " << d->id << "\n";
    return kExitOk;
}

int runDrawVerify(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() != 3) return cli.usage("usage: fieldcheck draw verify ID [--json]");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto v = verifyDraw(*store.value(), p[2]);
    if (!v.ok()) return cli.fail(v.error());
    if (cli.json()) {
        cli.out() << v->toJson().dump() << "\n";
    } else {
        for (const auto& c : v->checks)
            cli.out() << (c.ok ? "ok    " : "FAIL  ") << c.name << ": " << c.message << "\n";
        for (const auto& n : v->notes) cli.out() << "note  " << n << "\n";
    }
    if (v->ok()) {
        cli.err() << "draw " << v->drawId
                  << " verifies: recomputed from its record and the store, no difference\n";
        return kExitOk;
    }
    size_t failed = 0;
    for (const auto& c : v->checks) failed += c.ok ? 0 : 1;
    cli.err() << "fieldcheck: draw " << v->drawId << " does NOT verify: " << failed
              << " check(s) failed\n";
    return kExitAuditProblems;
}

int runDrawShow(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() != 3) return cli.usage("usage: fieldcheck draw show ID [--json]");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto d = loadDraw(*store.value(), p[2]);
    if (!d.ok()) return cli.fail(d.error());
    if (cli.json()) {
        cli.out() << d->toJson().dump() << "\n";
        return kExitOk;
    }
    printDraw(cli, d.value());
    return kExitOk;
}

int runDrawList(Cli& cli) {
    if (cli.args().positional.size() != 2) return cli.usage("usage: fieldcheck draw list [--json]");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto draws = listDraws(*store.value());
    if (!draws.ok()) return cli.fail(draws.error());
    if (cli.json()) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& d : draws.value()) arr.push_back(d.toJson());
        cli.out() << arr.dump() << "\n";
        return kExitOk;
    }
    for (const auto& d : draws.value()) {
        size_t mandatory = 0;
        for (const auto& p : d.picks) mandatory += p.reason == "mandatory" ? 1 : 0;
        cli.out() << d.id << "  " << d.period << "  " << formatIsoUtc(d.createdMs) << "  "
                  << d.createdBy << "  random " << d.sampleSize << " of " << d.candidates.size()
                  << ", mandatory " << mandatory
                  << (d.withdrawn ? "  [已撤回 withdrawn: " + d.withdrawnReason + "]" : "") << "\n";
    }
    cli.err() << draws->size() << " draw(s)\n";
    return kExitOk;
}

int runDrawCommand(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() < 2)
        return cli.usage(
            "usage: fieldcheck draw candidates|run|verify|show|list ... (see fieldcheck draw "
            "--help)");
    const std::string& sub = p[1];
    if (sub == "candidates") return runDrawCandidates(cli);
    if (sub == "run") {
        if (p.size() != 2)
            return cli.usage("draw run takes options only (see fieldcheck draw --help)");
        return runDrawRun(cli);
    }
    if (sub == "verify") return runDrawVerify(cli);
    if (sub == "show") return runDrawShow(cli);
    if (sub == "list") return runDrawList(cli);
    return cli.usage("unknown draw command '" + sub + "' (candidates, run, verify, show, list)");
}

}  // namespace

std::vector<ExtensionCommand> drawCommands() {
    return {
        {"sample", "sample --seed S --total N --count K  Rivest's SHA-256 sampler, raw picks",
         "fieldcheck sample --seed S --total N --count K [--with-replacement] [--json]\n"
         "Prints the picks of Rivest's SHA-256 sampler, one per line: the i-th pick (i = 1, 2, "
         "...) is\n"
         "int(SHA-256(UTF-8(S + \",\" + i)) as hex) mod N + 1. Without --with-replacement a "
         "repeated pick is\n"
         "skipped and the next i is used, so K must not exceed N. Needs no store: use it to check "
         "the sampler\n"
         "against published test vectors, e.g. fieldcheck sample --seed 0 --total 1000 --count 3 "
         "--with-replacement\n"
         "prints 905, 573, 160 (docs/spot-check-draw.md).\n",
         runSample},
        {"draw", "draw candidates|run|verify|show|list  the verifiable spot-check draw (抽查抽签)",
         "fieldcheck draw candidates --period YYYY-MM [--json]\n"
         "  the units a draw would pick from now (units not withdrawn, less the mandatory spot "
         "checks, by unit\n"
         "  code) and the list's SHA-256: announce it before the parties give their seed parts\n"
         "fieldcheck draw run --period YYYY-MM --count K --party PARTY=PART [--party PARTY=PART "
         "...]\n"
         "                    [--campaign ID] [--candidates-sha256 HASH] [--json]\n"
         "  draws K units at random from the candidates and adds every mandatory spot check (a "
         "zero report\n"
         "  for the period while a complaint about the unit was received in it); records the "
         "draw.\n"
         "  The seed is the parts concatenated in the order given (e.g. --party 纪检组=4821 "
         "--party\n"
         "  局办公室=7730 gives \"48217730\"); parts are visible ASCII only (no blanks, no "
         "full-width digits).\n"
         "  --candidates-sha256 refuses the draw if the candidate list differs from the one "
         "announced.\n"
         "  --campaign defaults to the only campaign. One draw per period and campaign: withdraw "
         "the old one\n"
         "  with a reason to draw again.\n"
         "fieldcheck draw verify ID [--json]\n"
         "  recomputes the draw from its record and the store (candidate hash and list, seed, "
         "picks, mandatory\n"
         "  units) and names every difference; exit 3 when anything differs\n"
         "fieldcheck draw show ID [--json]\n"
         "fieldcheck draw list [--json]\n"
         "How to check a draw by hand: docs/spot-check-draw.md.\n",
         runDrawCommand},
    };
}

}  // namespace fieldcheck::cli
