#include "fieldcheck/core/campaign_rules.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "fieldcheck/core/record_rules.h"
#include "store_impl.h"
#include "values.h"

namespace fieldcheck {
namespace {

using detail::Database;
using detail::Statement;

Status checkMonth(const std::string& month) {
    if (!detail::isValidMonth(month)) return makeError(ErrorCode::InvalidArgument, "'" + month + "' is not a month YYYY-MM");
    return {};
}

Status checkDate(const std::string& date) {
    if (!detail::isValidDate(date)) return makeError(ErrorCode::InvalidArgument, "'" + date + "' is not a date YYYY-MM-DD");
    return {};
}

// Runs `sql` with text parameters and calls `row` for each result row.

Result<int64_t> scalar(Database& db, const std::string& sql, const std::vector<std::optional<std::string>>& params = {}) {
    int64_t v = 0;
    FC_TRY(detail::forEachRow(db, sql, params, [&](const Statement& st) { v = st.int64(0); }));
    return v;
}

// The reporting due day of the (first) campaign, default 5.
Result<int> reportDueDay(Database& db) {
    int day = 5;
    FC_TRY(detail::forEachRow(db, "SELECT report_due_day FROM campaigns WHERE withdrawn_ms IS NULL ORDER BY created_ms LIMIT 1", {},
                   [&](const Statement& st) {
                       if (!st.isNull(0)) day = static_cast<int>(st.int64(0));
                   }));
    return std::clamp(day, 1, 28);
}

}  // namespace

nlohmann::json MandatorySpotCheck::toJson() const {
    return {{"unit_id", unitId}, {"unit_code", unitCode}, {"unit_name", unitName}, {"period", period},
            {"self_inspection_id", selfInspectionId}, {"complaints", complaints}};
}

nlohmann::json SupervisedPetition::toJson() const {
    return {{"complaint_id", complaintId}, {"unit_id", unitId}, {"unit_name", unitName}, {"received_date", receivedDate},
            {"status", status}, {"supervisor", supervisor}, {"deadline", deadline}, {"outcome", outcome},
            {"overdue", overdue}};
}

nlohmann::json MonthlyReportState::toJson() const {
    return {{"unit_id", unitId}, {"unit_code", unitCode}, {"unit_name", unitName}, {"month", month},
            {"due_date", dueDate}, {"report_id", reportId}, {"state", state}, {"submitted_date", submittedDate}};
}

nlohmann::json FourBatches::toJson() const {
    return {{"clues_identified", cluesIdentified}, {"cases_investigated", casesInvestigated},
            {"problems_solved", problemsSolved}, {"rules_issued", rulesIssued}};
}

nlohmann::json UnitProgress::toJson() const {
    return {{"unit_id", unitId}, {"unit_code", unitCode}, {"unit_name", unitName}, {"key_rectification", keyRectification},
            {"batches", batches.toJson()}, {"findings_open", findingsOpen}, {"measures", measures},
            {"measures_done", measuresDone}, {"measures_overdue", measuresOverdue}, {"percent_done", percentDone}};
}

nlohmann::json Dashboard::toJson() const {
    nlohmann::json u = nlohmann::json::array();
    for (const auto& p : units) u.push_back(p.toJson());
    return {{"today", today}, {"month", month}, {"four_batches", batches.toJson()}, {"units", u},
            {"measures", measures}, {"measures_done", measuresDone}, {"measures_overdue", measuresOverdue},
            {"zero_report_units", zeroReportUnits}, {"mandatory_spot_checks", mandatorySpotChecks},
            {"supervised_petitions", supervisedPetitions}, {"supervised_overdue", supervisedOverdue},
            {"reports_late", reportsLate}, {"reports_missing", reportsMissing},
            {"visits_fewer_than_two", visitsFewerThanTwo}, {"open_escalations", openEscalations},
            {"proposed_accountability", proposedAccountability}};
}

std::string previousMonth(const std::string& date) {
    int y = std::stoi(date.substr(0, 4));
    int m = std::stoi(date.substr(5, 2)) - 1;
    if (m == 0) {
        m = 12;
        --y;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y % 10000, m % 100);
    return buf;
}

std::string bureauToday(Store& store) { return record_rules::bureauDate(store.impl().nowMs()); }

Result<std::vector<MandatorySpotCheck>> mandatorySpotChecks(Store& store, const std::string& period) {
    FC_TRY(checkMonth(period));
    std::vector<MandatorySpotCheck> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT u.id, u.code, u.name, s.id, count(c.id) FROM self_inspections s "
                   "JOIN units u ON u.id = s.unit_id "
                   "JOIN complaints c ON c.unit_id = s.unit_id AND c.withdrawn_ms IS NULL "
                   "  AND c.received_date >= s.period || '-01' AND c.received_date <= s.period || '-31' "
                   "WHERE s.period = ? AND s.zero_report = 1 AND s.withdrawn_ms IS NULL "
                   "GROUP BY s.id ORDER BY u.code",
                   {period}, [&](const Statement& st) {
                       MandatorySpotCheck m;
                       m.unitId = st.text(0);
                       m.unitCode = st.text(1);
                       m.unitName = st.text(2);
                       m.period = period;
                       m.selfInspectionId = st.text(3);
                       m.complaints = static_cast<int>(st.int64(4));
                       out.push_back(std::move(m));
                   }));
    return out;
}

Result<std::vector<SupervisedPetition>> supervisedPetitions(Store& store, const std::string& today) {
    FC_TRY(checkDate(today));
    std::vector<SupervisedPetition> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT c.id, u.id, u.name, c.received_date, c.supervision_status, c.supervisor, "
                   "c.supervision_deadline, c.supervision_outcome FROM complaints c JOIN units u ON u.id = c.unit_id "
                   "WHERE c.supervision_status <> 'none' AND c.withdrawn_ms IS NULL "
                   "ORDER BY c.supervision_deadline IS NULL, c.supervision_deadline, c.received_date",
                   {}, [&](const Statement& st) {
                       SupervisedPetition p;
                       p.complaintId = st.text(0);
                       p.unitId = st.text(1);
                       p.unitName = st.text(2);
                       p.receivedDate = st.text(3);
                       p.status = st.text(4);
                       p.supervisor = st.text(5);
                       p.deadline = st.text(6);
                       p.outcome = st.text(7);
                       p.overdue = p.status != "concluded" && !p.deadline.empty() && p.deadline < today;
                       out.push_back(std::move(p));
                   }));
    return out;
}

std::string monthlyReportDueDate(const std::string& month, int dueDay) {
    int y = std::stoi(month.substr(0, 4));
    int m = std::stoi(month.substr(5, 2)) + 1;
    if (m == 13) {
        m = 1;
        ++y;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m % 100, std::clamp(dueDay, 1, 28));
    return buf;
}

Result<std::vector<MonthlyReportState>> monthlyReportStates(Store& store, const std::string& month,
                                                            const std::string& today) {
    FC_TRY(checkMonth(month));
    FC_TRY(checkDate(today));
    FC_ASSIGN_OR_RETURN(int dueDay, reportDueDay(store.impl().db));
    const std::string due = monthlyReportDueDate(month, dueDay);
    std::vector<MonthlyReportState> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT u.id, u.code, u.name, r.id, r.status, r.submitted_date FROM units u "
                   "LEFT JOIN monthly_reports r ON r.unit_id = u.id AND r.month = ? AND r.withdrawn_ms IS NULL "
                   "WHERE u.withdrawn_ms IS NULL ORDER BY u.code",
                   {month}, [&](const Statement& st) {
                       MonthlyReportState s;
                       s.unitId = st.text(0);
                       s.unitCode = st.text(1);
                       s.unitName = st.text(2);
                       s.month = month;
                       s.dueDate = due;
                       s.reportId = st.isNull(3) ? std::string() : st.text(3);
                       s.submittedDate = st.isNull(5) ? std::string() : st.text(5);
                       if (st.text(4) == "submitted") s.state = s.submittedDate <= due ? "on_time" : "late";
                       else s.state = today > due ? "missing" : "pending";
                       out.push_back(std::move(s));
                   }));
    return out;
}

Result<std::vector<Record>> proposeAccountabilityForReports(Store& store, const std::string& month,
                                                            const std::string& today) {
    FC_ASSIGN_OR_RETURN(std::vector<MonthlyReportState> states, monthlyReportStates(store, month, today));
    std::vector<Record> created;
    Status st = store.transaction([&]() -> Status {
        for (const auto& s : states) {
            if (s.state != "missing" && s.state != "late") continue;
            const std::string basis = "monthly_report:" + month + ":" + s.unitId + ":" + s.state;
            FC_ASSIGN_OR_RETURN(int64_t exists, scalar(store.impl().db, "SELECT count(*) FROM accountability_cases WHERE basis = ?", {basis}));
            if (exists > 0) continue;
            const bool missing = s.state == "missing";
            FC_ASSIGN_OR_RETURN(Record r, store.createRecord("accountability_case",
                                                             {{"unit_id", s.unitId},
                                                              {"target", s.unitName},
                                                              {"reason", missing ? "not_reported" : "poor_rectification"},
                                                              {"basis", basis},
                                                              {"decision_note", missing ? month + "月度整改报告截至" + s.dueDate + "未报送（不上报）"
                                                                                        : month + "月度整改报告逾期报送（" + s.submittedDate + "，应于" + s.dueDate + "前）"}}));
            created.push_back(std::move(r));
        }
        return {};
    });
    if (!st.ok()) return st.error();
    return created;
}

Result<Dashboard> dashboard(Store& store, const std::string& today, const std::string& month) {
    FC_TRY(checkDate(today));
    FC_TRY(checkMonth(month));
    Database& db = store.impl().db;
    Dashboard d;
    d.today = today;
    d.month = month;
    std::map<std::string, size_t> byUnit;
    FC_TRY(detail::forEachRow(db, "SELECT id, code, name, key_rectification FROM units WHERE withdrawn_ms IS NULL ORDER BY code", {},
                   [&](const Statement& st) {
                       UnitProgress p;
                       p.unitId = st.text(0);
                       p.unitCode = st.text(1);
                       p.unitName = st.text(2);
                       p.keyRectification = st.int64(3) != 0;
                       byUnit[p.unitId] = d.units.size();
                       d.units.push_back(std::move(p));
                   }));
    // Findings per unit from the counts the store keeps (finding_counts.h: a few rows per unit, not every finding).
    FC_TRY(detail::forEachRow(db,
                   "SELECT unit_id, sum(n), sum(CASE WHEN case_opened THEN n ELSE 0 END), "
                   "sum(CASE WHEN status = 'closed' THEN n ELSE 0 END) "
                   "FROM finding_counts WHERE withdrawn = 0 GROUP BY unit_id",
                   {}, [&](const Statement& st) {
                       auto it = byUnit.find(st.text(0));
                       if (it == byUnit.end()) return;
                       auto& b = d.units[it->second].batches;
                       b.cluesIdentified = st.int64(1);
                       b.casesInvestigated = st.int64(2);
                       b.problemsSolved = st.int64(3);
                       d.units[it->second].findingsOpen = b.cluesIdentified - b.problemsSolved;
                   }));
    FC_TRY(detail::forEachRow(db, "SELECT unit_id, count(*) FROM rules_adopted WHERE withdrawn_ms IS NULL AND unit_id IS NOT NULL GROUP BY unit_id",
                   {}, [&](const Statement& st) {
                       auto it = byUnit.find(st.text(0));
                       if (it != byUnit.end()) d.units[it->second].batches.rulesIssued = st.int64(1);
                   }));
    FC_TRY(detail::forEachRow(db,
                   "SELECT p.unit_id, count(*), sum(m.status = 'done'), sum(m.status <> 'done' AND m.deadline < ?) "
                   "FROM rectification_measures m JOIN rectification_plans p ON p.id = m.plan_id "
                   "WHERE m.withdrawn_ms IS NULL AND p.withdrawn_ms IS NULL GROUP BY p.unit_id",
                   {today}, [&](const Statement& st) {
                       auto it = byUnit.find(st.text(0));
                       if (it == byUnit.end()) return;
                       auto& u = d.units[it->second];
                       u.measures = st.int64(1);
                       u.measuresDone = st.int64(2);
                       u.measuresOverdue = st.int64(3);
                   }));
    for (auto& u : d.units) {
        if (u.measures > 0) u.percentDone = 100.0 * static_cast<double>(u.measuresDone) / static_cast<double>(u.measures);
        else if (u.batches.cluesIdentified > 0)
            u.percentDone = 100.0 * static_cast<double>(u.batches.problemsSolved) / static_cast<double>(u.batches.cluesIdentified);
        u.percentDone = std::round(u.percentDone * 10.0) / 10.0;
        d.batches.cluesIdentified += u.batches.cluesIdentified;
        d.batches.casesInvestigated += u.batches.casesInvestigated;
        d.batches.problemsSolved += u.batches.problemsSolved;
        d.measures += u.measures;
        d.measuresDone += u.measuresDone;
        d.measuresOverdue += u.measuresOverdue;
    }
    FC_ASSIGN_OR_RETURN(d.batches.rulesIssued, scalar(db, "SELECT count(*) FROM rules_adopted WHERE withdrawn_ms IS NULL"));
    FC_ASSIGN_OR_RETURN(d.zeroReportUnits, scalar(db, "SELECT count(DISTINCT unit_id) FROM self_inspections WHERE period = ? "
                                                      "AND zero_report = 1 AND withdrawn_ms IS NULL", {month}));
    FC_ASSIGN_OR_RETURN(auto spot, mandatorySpotChecks(store, month));
    d.mandatorySpotChecks = static_cast<int64_t>(spot.size());
    FC_ASSIGN_OR_RETURN(auto petitions, supervisedPetitions(store, today));
    for (const auto& p : petitions) {
        if (p.status == "concluded") continue;
        ++d.supervisedPetitions;
        d.supervisedOverdue += p.overdue;
    }
    FC_ASSIGN_OR_RETURN(auto reports, monthlyReportStates(store, month, today));
    for (const auto& r : reports) {
        d.reportsLate += r.state == "late";
        d.reportsMissing += r.state == "missing";
    }
    FC_ASSIGN_OR_RETURN(d.visitsFewerThanTwo, scalar(db, "SELECT count(*) FROM visits WHERE fewer_than_two = 1 AND withdrawn_ms IS NULL"));
    FC_ASSIGN_OR_RETURN(d.openEscalations, scalar(db, "SELECT count(*) FROM escalations WHERE status <> 'closed' AND withdrawn_ms IS NULL"));
    FC_ASSIGN_OR_RETURN(d.proposedAccountability,
                        scalar(db, "SELECT count(*) FROM accountability_cases WHERE status = 'proposed' AND withdrawn_ms IS NULL"));
    return d;
}

Result<std::map<std::string, int64_t>> openFindingCounts(Store& store, const std::vector<std::string>& unitIds) {
    std::map<std::string, int64_t> out;
    for (const auto& id : unitIds) out[id] = 0;
    // In slices well under SQLite's limit on parameters (999).
    constexpr size_t kSlice = 200;
    for (size_t from = 0; from < unitIds.size(); from += kSlice) {
        const size_t to = std::min(unitIds.size(), from + kSlice);
        std::string in;
        std::vector<std::optional<std::string>> params;
        for (size_t i = from; i < to; ++i) {
            in += in.empty() ? "?" : ", ?";
            params.emplace_back(unitIds[i]);
        }
        FC_TRY(detail::forEachRow(store.impl().db,
                                  "SELECT unit_id, sum(n) FROM finding_counts WHERE withdrawn = 0 AND status <> 'closed' "
                                  "AND unit_id IN (" + in + ") GROUP BY unit_id",
                                  params, [&](const Statement& st) { out[st.text(0)] = st.int64(1); }));
    }
    return out;
}

Result<CaseFindings> caseFindings(Store& store, int64_t limit) {
    CaseFindings out;
    const RecordTypeSpec& spec = *findRecordType("finding");
    const std::string where = " FROM findings WHERE case_opened_date IS NOT NULL AND withdrawn_ms IS NULL";
    FC_ASSIGN_OR_RETURN(out.total, scalar(store.impl().db, "SELECT count(*)" + where));
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT " + detail::recordSelectColumns(spec) + where + " ORDER BY case_opened_date DESC, id LIMIT " +
                       std::to_string(std::max<int64_t>(limit, 0)),
                   {}, [&](const Statement& st) { out.findings.push_back(detail::readRecord(spec, st)); }));
    return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> findingsByCategory(Store& store, const std::string& month) {
    FC_TRY(checkMonth(month));
    std::vector<std::pair<std::string, int64_t>> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT category, count(*) FROM findings WHERE withdrawn_ms IS NULL AND found_date >= ? AND found_date <= ? "
                   "GROUP BY category ORDER BY count(*) DESC, category",
                   {month + "-01", month + "-31"}, [&](const Statement& st) { out.emplace_back(st.text(0), st.int64(1)); }));
    return out;
}

Result<std::vector<Record>> visitsWithFewerThanTwo(Store& store) {
    std::vector<Record> out;
    const RecordTypeSpec& spec = *findRecordType("visit");
    FC_TRY(detail::forEachRow(store.impl().db,
                   "SELECT " + detail::recordSelectColumns(spec) + " FROM visits WHERE fewer_than_two = 1 AND withdrawn_ms IS NULL ORDER BY submitted_ms",
                   {}, [&](const Statement& st) { out.push_back(detail::readRecord(spec, st)); }));
    return out;
}

}  // namespace fieldcheck
