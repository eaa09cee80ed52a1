// What the enrolled role may do, as the permission table says: the one question the pages ask before
// they offer a step (the store refuses the same writes, so this only decides what is offered).
// Store thread only (inside a Session::run job).
#pragma once

#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck {
class Store;
}

namespace fieldcheck::ui {

// The table's answer for `request` with the store's enrolled role (sync_state "role") filled in; a
// store without a role enforces none and may do everything. Errors: the store's, reading the role.
Result<bool> enrolledRoleMay(Store& store, permissions::Request request);

}  // namespace fieldcheck::ui
