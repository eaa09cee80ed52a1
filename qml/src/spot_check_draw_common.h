// What the spot-check draw pages (抽查抽签: SpotCheckDrawList, SpotCheckDrawForm,
// SpotCheckDrawDetail) share: what the enrolled role may do with draws, and how a draw's time is
// shown. Store functions here run on the store thread only (inside a Session::run job).
#pragma once

#include <QString>
#include <cstdint>

#include "fieldcheck/core/records.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck {
class Store;
}

namespace fieldcheck::ui {

// The record type a draw is stored as.
inline constexpr const char* kDrawRecordType = "spot_check_draw";

// Whether the enrolled role may make a draw (create a `spot_check_draw`), as the permission table
// says; true on a store that is not enrolled, which enforces no role (the store refuses the same
// writes, so this only decides what the pages offer). Errors: the store's, reading the role.
Result<bool> mayMakeDraws(Store& store);
// The same for withdrawing `draw` (the record as it is now).
Result<bool> mayWithdrawDraw(Store& store, const Record& draw);

// A draw's time (ms since the epoch) as the pages show it, in the device's time zone:
// "2026-12-07 14:27"; empty for 0.
QString drawTimeText(int64_t ms);

}  // namespace fieldcheck::ui
