#include "domain_rules.h"

#include <cmath>
#include <ctime>

#include "search_index.h"

namespace fieldcheck::detail {
namespace {

constexpr int64_t kBureauUtcOffsetMs = 8LL * 3600 * 1000;  // 北京时间

std::string str(const Record& r, const std::string& field) {
    auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool entered(const Record* before, const Record& after, const std::string& state) {
    return str(after, "status") == state && (before == nullptr || str(*before, "status") != state);
}

bool changed(const Record* before, const Record& after, const std::string& field) {
    return before == nullptr ? !after.fields[field].is_null() : before->fields.at(field) != after.fields.at(field);
}

Error ruleError(const std::string& message) { return makeError(ErrorCode::IllegalTransition, message); }

// 重点抽查 / 重点督办: a "四风" petition concluded "否" must be re-verified under supervision.
Status complaintSupervision(const Record* before, Record& after) {
    const bool needs = str(after, "category") == "four_styles" && str(after, "conclusion") == "unsubstantiated";
    std::string status = str(after, "supervision_status");
    if (status == "none" && needs) status = "required";
    if (status == "required" && !str(after, "supervisor").empty() && !str(after, "supervision_deadline").empty()) {
        status = "supervising";
    }
    if (status == "supervising" && !str(after, "supervision_outcome").empty()) status = "concluded";
    if (before != nullptr && str(*before, "supervision_status") == "concluded" && changed(before, after, "supervision_outcome")) {
        return ruleError("the supervision of this petition is concluded; its outcome can no longer be changed");
    }
    after.fields["supervision_status"] = status;
    return {};
}

Status visitRules(Store::Impl& store, const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "started")) after.fields["started_ms"] = now;
    if (entered(before, after, "submitted")) {
        after.fields["submitted_ms"] = now;
        // Two or more inspectors should be present at a visit: flag it, do not block it.
        after.fields["fewer_than_two"] = countPeople(str(after, "inspectors_present")) < 2;
    }
    if (entered(before, after, "reviewed")) after.fields["reviewed_ms"] = now;
    if (changed(before, after, "gps_latitude") || changed(before, after, "gps_longitude") || changed(before, after, "unit_id")) {
        after.fields["distance_to_unit_m"] = nullptr;
        const auto& lat = after.fields["gps_latitude"];
        const auto& lon = after.fields["gps_longitude"];
        if (lat.is_number() && lon.is_number()) {
            auto unit = store.fetch(*findRecordType("unit"), str(after, "unit_id"));
            if (!unit.ok()) return unit.error();
            const auto& ulat = unit->fields["latitude"];
            const auto& ulon = unit->fields["longitude"];
            if (ulat.is_number() && ulon.is_number()) {
                double d = distanceMetres(lat.get<double>(), lon.get<double>(), ulat.get<double>(), ulon.get<double>());
                after.fields["distance_to_unit_m"] = std::round(d * 10.0) / 10.0;
            }
        }
    }
    return {};
}

Result<int64_t> countActive(Store::Impl& store, const std::string& sql, const std::string& id) {
    auto st = store.db.prepare(sql);
    if (!st.ok()) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row.ok()) return row.error();
    return st->int64(0);
}

// 不少于3条的具体整改措施: a plan with fewer concrete measures cannot be submitted.
Status planRules(Store::Impl& store, const Record* before, Record& after) {
    if (!entered(before, after, "submitted")) return {};
    auto n = countActive(store,
                         "SELECT count(*) FROM rectification_measures WHERE plan_id = ? AND withdrawn_ms IS NULL "
                         "AND trim(description) <> '' AND trim(owner) <> '' AND deadline IS NOT NULL",
                         after.id);
    if (!n.ok()) return n.error();
    if (n.value() < 3) {
        return ruleError("a rectification plan needs at least three concrete measures (不少于3条具体整改措施) with "
                         "owner and deadline before it can be submitted; this one has " + std::to_string(n.value()));
    }
    return {};
}

Status measureRules(Store::Impl& store, const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "done")) {
        if (str(after, "completion_evidence").find_first_not_of(" \t\r\n") == std::string::npos) {
            return ruleError("a measure is done only with evidence of completion (完成佐证)");
        }
        after.fields["completed_date"] = bureauDate(now);
    }
    if (before != nullptr && str(*before, "status") == "done" && str(after, "status") != "done") {
        after.fields["completed_date"] = nullptr;
    }
    (void)store;
    return {};
}

Status reportRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "submitted")) {
        for (const char* part : {"work_done", "problems_remaining", "next_plan"}) {
            if (str(after, part).find_first_not_of(" \t\r\n") == std::string::npos) {
                return ruleError(std::string("a monthly rectification report has three parts; '") + part + "' (" +
                                 findRecordType("monthly_report")->field(part)->labelZh + ") is empty");
            }
        }
        after.fields["submitted_date"] = bureauDate(now);
    }
    if (before != nullptr && str(*before, "status") == "submitted" && str(after, "status") == "draft") {
        after.fields["submitted_date"] = nullptr;
    }
    return {};
}

Status accountabilityRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "confirmed") && str(after, "measure").empty()) {
        return ruleError("an accountability case is confirmed with its measure (通报, 谈话提醒, 组织处理 or 党纪处分)");
    }
    if (entered(before, after, "confirmed") || entered(before, after, "dismissed")) {
        after.fields["decided_date"] = bureauDate(now);
    }
    return {};
}

Status escalationRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "answered")) {
        if (str(after, "answer").empty()) return ruleError("an escalation is answered with its answer (批复意见)");
        after.fields["answered_date"] = bureauDate(now);
    }
    return {};
}

// A measure that needs higher-level support (条件不成熟) opens an escalation to the leader in charge.
Status openEscalationFor(Store::Impl& store, const Record& measure) {
    auto open = countActive(store, "SELECT count(*) FROM escalations WHERE measure_id = ? AND withdrawn_ms IS NULL", measure.id);
    if (!open.ok()) return open.error();
    if (open.value() > 0) return {};
    auto plan = store.fetch(*findRecordType("rectification_plan"), str(measure, "plan_id"));
    if (!plan.ok()) return plan.error();
    auto esc = store.self->createRecord("escalation",
                                        {{"unit_id", plan->fields["unit_id"]},
                                         {"measure_id", measure.id},
                                         {"question", "整改措施需上级支持：" + str(measure, "description")},
                                         {"to_whom", "leader_in_charge"},
                                         {"asked_date", bureauDate(store.nowMs())}});
    if (!esc.ok()) return esc.error();
    return {};
}

}  // namespace

std::string bureauDate(int64_t epochMs) {
    std::time_t secs = static_cast<std::time_t>((epochMs + kBureauUtcOffsetMs) / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
    return buf;
}

double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kEarthRadius = 6371008.8;
    constexpr double kRad = M_PI / 180.0;
    double dLat = (lat2 - lat1) * kRad;
    double dLon = (lon2 - lon1) * kRad;
    double a = std::sin(dLat / 2) * std::sin(dLat / 2) +
               std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

int countPeople(const std::string& names) {
    // Separators people use: 、 ， , ; ； and whitespace.
    int count = 0;
    bool inName = false;
    for (size_t i = 0; i < names.size();) {
        bool sep = false;
        size_t len = 1;
        unsigned char c = static_cast<unsigned char>(names[i]);
        if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n') {
            sep = true;
        } else if (names.compare(i, 3, "、") == 0 || names.compare(i, 3, "，") == 0 || names.compare(i, 3, "；") == 0) {
            sep = true;
            len = 3;
        }
        if (sep) inName = false;
        else if (!inName) {
            inName = true;
            ++count;
        }
        i += len;
    }
    return count;
}

Status beforeRecordWrite(Store::Impl& store, const RecordTypeSpec& spec, const Record* before, Record& after) {
    const int64_t now = store.nowMs();
    // A spot-check draw is evidence of what was drawn: it is never edited (withdraw and redraw).
    if (spec.name == "spot_check_draw" && before != nullptr) {
        return ruleError("a spot-check draw cannot be changed; withdraw it with a reason and draw again");
    }
    if (spec.name == "complaint") return complaintSupervision(before, after);
    if (spec.name == "finding" && after.fields["case_opened_date"].is_null() &&
        (entered(before, after, "case_opened") || entered(before, after, "transferred"))) {
        after.fields["case_opened_date"] = bureauDate(now);
    }
    if (spec.name == "visit") return visitRules(store, before, after, now);
    if (spec.name == "rectification_plan") return planRules(store, before, after);
    if (spec.name == "rectification_measure") return measureRules(store, before, after, now);
    if (spec.name == "monthly_report") return reportRules(before, after, now);
    if (spec.name == "accountability_case") return accountabilityRules(before, after, now);
    if (spec.name == "escalation") return escalationRules(before, after, now);
    return {};
}

Status afterRecordWrite(Store::Impl& store, const RecordTypeSpec& spec, const Record* before, const Record& after) {
    // On the server the device's own follow-up arrives as an op of its own: creating one here too
    // would make two.
    if (!store.options.serverReplica && spec.name == "rectification_measure" && !after.withdrawn &&
        str(after, "kind") == "needs_support" &&
        (before == nullptr || str(*before, "kind") != "needs_support")) {
        FC_TRY(openEscalationFor(store, after));
    }
    // Nobody searches on the server (yet): keeping its full-text index would cost more than the
    // rest of applying an op.
    if (store.options.serverReplica) return {};
    return updateSearchIndex(store.db, spec, after);
}

}  // namespace fieldcheck::detail
