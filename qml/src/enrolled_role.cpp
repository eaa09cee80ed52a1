#include "enrolled_role.h"

#include <optional>
#include <string>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::ui {

Result<bool> enrolledRoleMay(Store& store, permissions::Request request) {
    FC_ASSIGN_OR_RETURN(std::optional<std::string> role, replication::syncState(store, "role"));
    if (!role || role->empty()) return true;
    request.role = *role;
    return permissions::authorize(request).ok();
}

}  // namespace fieldcheck::ui
