// `fieldcheck transition`, `rules`, `dashboard` and `search`: the campaign's life cycles and rules.
#include <iomanip>
#include <sstream>

#include "command_context.h"
#include "commands.h"
#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/search.h"

namespace fieldcheck::cli {
namespace {

std::string todayOr(Cli& cli, Store& store) { return cli.args().option("--today").value_or(bureauToday(store)); }

int runTransition(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() < 4) return cli.usage("usage: fieldcheck transition TYPE ID STATE [FIELD=VALUE...]");
    auto fields = cli.fieldAssignments(4);
    if (!fields.ok()) return cli.fail(fields.error());
    const RecordTypeSpec* spec = findRecordType(p[1]);
    if (spec == nullptr || !spec->hasLifeCycle()) {
        return cli.usage("'" + p[1] + "' has no life cycle (types with one: assignment, visit, finding, rectification_plan, "
                         "rectification_measure, monthly_report, escalation, accountability_case)");
    }
    fields.value()[spec->lifeCycle.field] = p[3];
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto r = store.value()->updateRecord(p[1], p[2], fields.value());
    if (!r.ok()) return cli.fail(r.error());
    if (cli.json()) cli.out() << r->toJson().dump() << "\n";
    else cli.out() << r->id << " " << r->fields[spec->lifeCycle.field].get<std::string>() << " (version " << r->version << ")\n";
    return kExitOk;
}

template <typename T>
void printJsonArray(Cli& cli, const std::vector<T>& items) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& i : items) arr.push_back(i.toJson());
    cli.out() << arr.dump() << "\n";
}

int runRules(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() != 2) return cli.usage("usage: fieldcheck rules spot-checks|petitions|reports|visits [options]");
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    Store& s = *store.value();
    const std::string today = todayOr(cli, s);
    const std::string month = cli.args().option("--month").value_or(cli.args().option("--period").value_or(previousMonth(today)));
    const std::string& which = p[1];
    if (which == "spot-checks") {
        auto list = mandatorySpotChecks(s, month);
        if (!list.ok()) return cli.fail(list.error());
        if (cli.json()) return printJsonArray(cli, list.value()), kExitOk;
        for (const auto& m : list.value()) {
            cli.out() << m.unitCode << "  " << m.unitName << "  零报告 zero report for " << m.period << ", " << m.complaints
                      << " complaint(s) → 必须重点抽查 mandatory spot check\n";
        }
        cli.err() << list->size() << " unit(s) must be spot-checked for " << month << "\n";
    } else if (which == "petitions") {
        auto list = supervisedPetitions(s, today);
        if (!list.ok()) return cli.fail(list.error());
        if (cli.json()) return printJsonArray(cli, list.value()), kExitOk;
        for (const auto& x : list.value()) {
            cli.out() << x.complaintId << "  " << x.unitName << "  " << x.status << "  "
                      << (x.supervisor.empty() ? "(no inspector assigned)" : x.supervisor) << "  "
                      << (x.deadline.empty() ? "(no deadline)" : x.deadline) << (x.overdue ? "  OVERDUE 逾期" : "") << "\n";
        }
    } else if (which == "reports") {
        if (cli.args().flag("--propose")) {
            auto created = proposeAccountabilityForReports(s, month, today);
            if (!created.ok()) return cli.fail(created.error());
            if (cli.json()) {
                nlohmann::json arr = nlohmann::json::array();
                for (const auto& r : created.value()) arr.push_back(r.toJson());
                cli.out() << arr.dump() << "\n";
            } else {
                for (const auto& r : created.value()) cli.printRecordLine(r);
                cli.err() << created->size() << " accountability case(s) proposed; confirm or dismiss each with "
                             "'fieldcheck transition accountability_case ID confirmed measure=...' or '... dismissed'\n";
            }
            return kExitOk;
        }
        auto list = monthlyReportStates(s, month, today);
        if (!list.ok()) return cli.fail(list.error());
        if (cli.json()) return printJsonArray(cli, list.value()), kExitOk;
        for (const auto& r : list.value()) {
            cli.out() << r.unitCode << "  " << r.unitName << "  " << r.state << "  due " << r.dueDate
                      << (r.submittedDate.empty() ? "" : "  submitted " + r.submittedDate) << "\n";
        }
    } else if (which == "visits") {
        auto list = visitsWithFewerThanTwo(s);
        if (!list.ok()) return cli.fail(list.error());
        if (cli.json()) {
            nlohmann::json arr = nlohmann::json::array();
            for (const auto& r : list.value()) arr.push_back(r.toJson());
            cli.out() << arr.dump() << "\n";
        } else {
            for (const auto& r : list.value()) cli.printRecordLine(r);
            cli.err() << list->size() << " visit(s) submitted with fewer than two inspectors present\n";
        }
    } else {
        return cli.usage("unknown rules view '" + which + "' (spot-checks, petitions, reports, visits)");
    }
    return kExitOk;
}

int runDashboard(Cli& cli) {
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    const std::string today = todayOr(cli, *store.value());
    const std::string month = cli.args().option("--month").value_or(previousMonth(today));
    auto d = dashboard(*store.value(), today, month);
    if (!d.ok()) return cli.fail(d.error());
    if (cli.json()) {
        cli.out() << d->toJson().dump() << "\n";
        return kExitOk;
    }
    auto& o = cli.out();
    o << "四个一批 four batches (as of " << d->today << "):\n"
      << "  排查问题线索 clues identified:     " << d->batches.cluesIdentified << "\n"
      << "  查办典型案件 cases investigated:   " << d->batches.casesInvestigated << "\n"
      << "  解决突出问题 problems solved:      " << d->batches.problemsSolved << "\n"
      << "  出台制度规范 rules issued:         " << d->batches.rulesIssued << "\n"
      << "整改措施 measures: " << d->measuresDone << "/" << d->measures << " done, " << d->measuresOverdue << " overdue\n"
      << d->month << ": 零报告单位 zero-report units " << d->zeroReportUnits << ", 必须重点抽查 mandatory spot checks "
      << d->mandatorySpotChecks << ", 月报逾期 late reports " << d->reportsLate << ", 未报 missing " << d->reportsMissing << "\n"
      << "重点督办信访件 supervised petitions " << d->supervisedPetitions << " (" << d->supervisedOverdue << " overdue), "
      << "待批复请示 open escalations " << d->openEscalations << ", 拟问责 proposed accountability cases "
      << d->proposedAccountability << ", 不足两人检查 visits with fewer than two inspectors " << d->visitsFewerThanTwo << "\n";
    o << "单位整改进度 progress per unit:\n";
    for (const auto& u : d->units) {
        if (u.batches.cluesIdentified == 0 && u.measures == 0) continue;
        o << "  " << u.unitCode << "  " << u.unitName << (u.keyRectification ? " [重点]" : "") << "  clues "
          << u.batches.cluesIdentified << ", open " << u.findingsOpen << ", measures " << u.measuresDone << "/" << u.measures
          << (u.measuresOverdue ? ", overdue " + std::to_string(u.measuresOverdue) : "") << ", " << u.percentDone << "%\n";
    }
    return kExitOk;
}

int runSearch(Cli& cli) {
    const auto& p = cli.args().positional;
    if (p.size() < 2) return cli.usage("usage: fieldcheck search QUERY... [--type TYPE] [--limit N]");
    std::string query;
    for (size_t i = 1; i < p.size(); ++i) query += (i > 1 ? " " : "") + p[i];
    SearchOptions opts;
    if (auto t = cli.args().option("--type")) opts.types.push_back(*t);
    auto limit = cli.intOption("--limit", 50);
    if (!limit.ok()) return cli.fail(limit.error());
    opts.limit = static_cast<int>(limit.value());
    auto store = cli.openStore();
    if (!store.ok()) return cli.fail(store.error());
    auto hits = search(*store.value(), query, opts);
    if (!hits.ok()) return cli.fail(hits.error());
    if (cli.json()) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& h : hits.value()) {
            arr.push_back({{"record_type", h.recordType}, {"record_id", h.recordId}, {"score", h.score},
                           {"snippet", h.snippet}, {"withdrawn", h.withdrawn}});
        }
        cli.out() << arr.dump() << "\n";
        return kExitOk;
    }
    for (const auto& h : hits.value()) {
        cli.out() << h.recordType << " " << h.recordId << "  " << std::fixed << std::setprecision(2) << h.score << "  "
                  << h.snippet << (h.withdrawn ? "  [已撤回]" : "") << "\n";
    }
    cli.err() << hits->size() << " hit(s)\n";
    return kExitOk;
}

}  // namespace

std::vector<ExtensionCommand> campaignRuleCommands() {
    return {
        {"transition", "transition TYPE ID STATE [F=V...]  move a record along its life cycle",
         "fieldcheck transition TYPE ID STATE [FIELD=VALUE...] [--json]\n"
         "Moves a record to STATE; an illegal move is an error that lists the possible ones. Fields given\n"
         "with it change in the same step, e.g.:\n"
         "  fieldcheck transition accountability_case ID confirmed measure=谈话提醒\n"
         "  fieldcheck transition rectification_measure ID done completion_evidence=整改照片及台账\n",
         runTransition},
        {"rules", "rules spot-checks|petitions|reports|visits  what the campaign's rules flag",
         "fieldcheck rules spot-checks [--period YYYY-MM] [--json]\n"
         "  units with a zero report and complaints in the same month: they must be spot-checked\n"
         "fieldcheck rules petitions [--today YYYY-MM-DD] [--json]\n"
         "  \"四风\" petitions concluded \"否\" under supervision, overdue ones flagged\n"
         "fieldcheck rules reports [--month YYYY-MM] [--today YYYY-MM-DD] [--propose] [--json]\n"
         "  monthly rectification reports: on time, late, missing; --propose proposes accountability cases\n"
         "fieldcheck rules visits [--json]\n"
         "  visits submitted with fewer than two inspectors present\n"
         "--month defaults to the month before --today (default: today, Beijing time).\n",
         runRules},
        {"dashboard", "dashboard [--month M] [--today D]  four batches and progress per unit",
         "fieldcheck dashboard [--month YYYY-MM] [--today YYYY-MM-DD] [--json]\n"
         "The four batches (四个一批), rectification progress per unit and the rules' flags.\n",
         runDashboard},
        {"search", "search QUERY [--type T]          full-text search (Chinese by any 2+ characters)",
         "fieldcheck search QUERY... [--type finding|visit|rectification_measure|finding_answer|complaint|unit] [--limit N] [--json]\n"
         "Finds Chinese text by any substring of two or more characters and other text by word; ranked.\n",
         runSearch},
    };
}

}  // namespace fieldcheck::cli
