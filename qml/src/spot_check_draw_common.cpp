#include "spot_check_draw_common.h"

#include <QDateTime>
#include <QLocale>
#include <optional>
#include <string>

#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::ui {

namespace {

// The permission table's answer for the enrolled role; a store without a role allows everything.
Result<bool> enrolledRoleMay(Store& store, permissions::Request request) {
    FC_ASSIGN_OR_RETURN(std::optional<std::string> role, replication::syncState(store, "role"));
    if (!role || role->empty()) return true;
    request.role = *role;
    return permissions::authorize(request).ok();
}

}  // namespace

Result<bool> mayMakeDraws(Store& store) {
    return enrolledRoleMay(store, {{}, kDrawRecordType, permissions::Request::Kind::Create, nullptr, nlohmann::json::object()});
}

Result<bool> mayWithdrawDraw(Store& store, const Record& draw) {
    return enrolledRoleMay(store, {{}, kDrawRecordType, permissions::Request::Kind::Withdraw, &draw, nlohmann::json::object()});
}

QString drawTimeText(int64_t ms) {
    if (ms <= 0) return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm"));
}

}  // namespace fieldcheck::ui
