// The campaign's rules that look across records (DOMAIN.md), computed in SQL on the device store:
//
// - zero report + complaint ⇒ mandatory spot check (对群众有反映但"零报告"的单位进行重点抽查);
// - supervised petitions: "四风" petitions concluded "否" under supervision, overdue ones flagged;
// - monthly rectification reports: due by a day of the next month, late or missing ones flagged and
//   proposed as accountability cases (不上报 / 整改不力) that a person confirms or dismisses;
// - the four batches (四个一批) and rectification progress per unit, for the dashboard;
// - visits submitted with fewer than two inspectors present.
// The rules that act on a single write (plan needs 3 measures, escalation for measures needing
// support, life cycles) live in core/src/domain_rules.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fieldcheck/core/store.h"

namespace fieldcheck {

struct MandatorySpotCheck {
    std::string unitId, unitCode, unitName;
    std::string period;
    std::string selfInspectionId;
    int complaints = 0;
    nlohmann::json toJson() const;
};
// Units whose self-inspection for `period` (YYYY-MM) is a zero report while at least one complaint
// or petition about them was received in that month. Ordered by unit code.
Result<std::vector<MandatorySpotCheck>> mandatorySpotChecks(Store& store, const std::string& period);

struct SupervisedPetition {
    std::string complaintId, unitId, unitName, receivedDate;
    std::string status;  // required (no inspector yet), supervising, concluded
    std::string supervisor, deadline, outcome;
    bool overdue = false;  // not concluded and the deadline has passed
    nlohmann::json toJson() const;
};
Result<std::vector<SupervisedPetition>> supervisedPetitions(Store& store, const std::string& today);

struct MonthlyReportState {
    std::string unitId, unitCode, unitName, month, dueDate;
    std::string reportId;       // empty when no report exists
    std::string state;          // on_time, late, missing, pending (not due yet)
    std::string submittedDate;
    nlohmann::json toJson() const;
};
// The due date of month M's report: day `report_due_day` (campaign setting, default 5) of M+1.
std::string monthlyReportDueDate(const std::string& month, int dueDay);
Result<std::vector<MonthlyReportState>> monthlyReportStates(Store& store, const std::string& month,
                                                            const std::string& today);
// Proposes an accountability case for every missing (不上报) or late (整改不力) report of `month`,
// unless one was already proposed for it (whatever a person decided). Returns the new cases.
Result<std::vector<Record>> proposeAccountabilityForReports(Store& store, const std::string& month,
                                                            const std::string& today);

struct FourBatches {
    int64_t cluesIdentified = 0;    // 排查一批问题线索: findings (not withdrawn)
    int64_t casesInvestigated = 0;  // 查办一批典型案件: findings that became a case (立案/移交)
    int64_t problemsSolved = 0;     // 解决一批突出问题: findings closed
    int64_t rulesIssued = 0;        // 出台一批制度规范: rules adopted
    nlohmann::json toJson() const;
};

struct UnitProgress {
    std::string unitId, unitCode, unitName;
    bool keyRectification = false;
    FourBatches batches;
    int64_t findingsOpen = 0;  // not yet closed
    int64_t measures = 0, measuresDone = 0, measuresOverdue = 0;
    double percentDone = 0;  // measures done / measures, 0..100 (findings closed / findings without measures)
    nlohmann::json toJson() const;
};

struct Dashboard {
    std::string today, month;
    FourBatches batches;
    std::vector<UnitProgress> units;  // by unit code
    int64_t measures = 0, measuresDone = 0, measuresOverdue = 0;
    int64_t zeroReportUnits = 0, mandatorySpotChecks = 0;
    int64_t supervisedPetitions = 0, supervisedOverdue = 0;
    int64_t reportsLate = 0, reportsMissing = 0;
    int64_t visitsFewerThanTwo = 0;
    int64_t openEscalations = 0, proposedAccountability = 0;
    nlohmann::json toJson() const;
};
// Everything the dashboard shows, for `month` (YYYY-MM) as of `today` (YYYY-MM-DD).
Result<Dashboard> dashboard(Store& store, const std::string& today, const std::string& month);

// The findings of each of `unitIds` that are neither closed nor withdrawn (0 for a unit with none),
// from the counts the store keeps per unit and state: a few rows per unit, whatever the number of
// findings (the unit list shows them on every row).
Result<std::map<std::string, int64_t>> openFindingCounts(Store& store, const std::vector<std::string>& unitIds);

// The findings that became a case (立案 or 移交: 查办一批典型案件), not withdrawn, the newest case
// first: at most `limit` of them, and how many there are.
struct CaseFindings {
    std::vector<Record> findings;
    int64_t total = 0;
};
Result<CaseFindings> caseFindings(Store& store, int64_t limit);

// The findings found in `month` (YYYY-MM; found_date in it) and not withdrawn, by category, the
// most frequent first (ties by category code): the filter the findings ledger applies for a month.
Result<std::vector<std::pair<std::string, int64_t>>> findingsByCategory(Store& store, const std::string& month);

// Visits submitted with fewer than two inspectors present.
Result<std::vector<Record>> visitsWithFewerThanTwo(Store& store);

// The month before `date` (YYYY-MM-DD or YYYY-MM): reports are filed for the month just ended.
std::string previousMonth(const std::string& date);

// Today in the bureau's time zone (YYYY-MM-DD), from the store's clock.
std::string bureauToday(Store& store);

}  // namespace fieldcheck
