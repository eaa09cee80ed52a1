// The campaign's rules that act when a record is written (DOMAIN.md): computed fields, guards on
// life-cycle moves, and follow-up records created in the same transaction. Queries over many
// records (zero reports, overdue reports, four batches, …) are in campaign_rules.cpp.
#pragma once

#include <string>

#include "store_impl.h"

namespace fieldcheck::detail {

// Before a record is written (`before` is null on create): may fill computed fields of `after`,
// or refuse the change with IllegalTransition / InvalidArgument naming the rule.
Status beforeRecordWrite(Store::Impl& store, const RecordTypeSpec& spec, const Record* before, Record& after);
// After the row, its audit and outbox entries are written, in the same transaction: follow-ups
// (an escalation for a measure that needs higher-level support) and the search index.
Status afterRecordWrite(Store::Impl& store, const RecordTypeSpec& spec, const Record* before, const Record& after);

// The bureau's calendar date (China Standard Time, UTC+8) for an instant.
std::string bureauDate(int64_t epochMs);
// Great-circle distance in metres.
double distanceMetres(double lat1, double lon1, double lat2, double lon2);
// Names in "张三、李四, 王五" → how many people.
int countPeople(const std::string& names);

}  // namespace fieldcheck::detail
