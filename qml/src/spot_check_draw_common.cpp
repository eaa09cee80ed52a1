#include "spot_check_draw_common.h"

#include <QDateTime>
#include <QLocale>

#include "enrolled_role.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::ui {

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
