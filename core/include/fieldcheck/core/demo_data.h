// The demo data set: one district bureau's campaign, seeded and reproducible.
//
// ~40 units of the types in DOMAIN.md (departments, elderly homes, child welfare, relief station,
// funeral services, …), one campaign, three inspection groups with their members, ~200 complaints
// and petitions (some "四风" ones concluded "否" under supervision, one overdue), two months of
// self-inspections (zero reports while complaints exist — the spot-check rule's input), visits with
// the checklist (one with a single inspector), findings along their life cycle, rectification plans
// (one with too few measures, left as a draft), escalations, monthly reports on time, late and
// missing, accountability proposals with decisions, rules adopted and a good practice.
// Everything goes through the Store on a simulated campaign calendar (March–July 2026), so it is
// audited and in the outbox like any other change.
#pragma once

#include <cstdint>

#include "fieldcheck/core/store.h"

namespace fieldcheck {

struct DemoSummary {
    int campaigns = 0;
    int units = 0;
    int groups = 0;
    int persons = 0;
    int complaints = 0;
    int supervisedPetitions = 0;
    int selfInspections = 0;
    int zeroReports = 0;
    int zeroReportsWithComplaints = 0;
    int visits = 0;
    int visitsFewerThanTwo = 0;
    int findings = 0;
    int findingAnswers = 0;
    int plans = 0;
    int plansTooFewMeasures = 0;
    int measures = 0;
    int escalations = 0;
    int reportsOnTime = 0, reportsLate = 0, reportsMissing = 0;
    int accountabilityCases = 0;
    int rulesAdopted = 0;
    int goodPractices = 0;
    nlohmann::json toJson() const;
};

// Adds the demo data set in one transaction. Refuses (AlreadyExists) if the store already has a
// campaign, so running it twice changes nothing.
Result<DemoSummary> seedDemoData(Store& store, uint64_t seed = 20260324);

}  // namespace fieldcheck
