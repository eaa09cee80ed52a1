// The demo data set: one district bureau's campaign, seeded and reproducible.
//
// ~40 units of the types in DOMAIN.md (departments, elderly homes, child welfare, relief station,
// funeral services, …), one campaign, three inspection groups, ~200 complaints and petitions,
// two months of self-inspections (several of them zero reports while complaints exist — the
// spot-check rule's input) and a set of findings. Everything goes through the Store, so it is
// audited and in the outbox like any other change.
#pragma once

#include <cstdint>

#include "fieldcheck/core/store.h"

namespace fieldcheck {

struct DemoSummary {
    int campaigns = 0;
    int units = 0;
    int groups = 0;
    int complaints = 0;
    int selfInspections = 0;
    int zeroReports = 0;
    int zeroReportsWithComplaints = 0;
    int findings = 0;
    nlohmann::json toJson() const;
};

// Adds the demo data set in one transaction. Refuses (AlreadyExists) if the store already has a
// campaign, so running it twice changes nothing.
Result<DemoSummary> seedDemoData(Store& store, uint64_t seed = 20260324);

}  // namespace fieldcheck
