// Writes an encrypted fixture store of the *current* schema version into a directory (tests/data/
// when a schema version is released): `fieldcheck_make_fixtures OUTDIR`. Fixtures of older versions
// were made by the code of their time and are never regenerated (the current code cannot write an
// old schema). The fixture holds data of every kind, so upgrade tests can check that later
// migrations keep it. Passphrase: see tests/data/README.md.
#include <filesystem>
#include <iostream>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/core/visit_rules.h"
#include "schema.h"

using namespace fieldcheck;

namespace {

constexpr const char* kFixturePassphrase = "fixture-passphrase-正风";

Status fill(Store& s) {
    FC_ASSIGN_OR_RETURN(Record campaign, s.createRecord("campaign", {{"code", "ZF-FIX"}, {"name", "夹具专项"}}));
    FC_ASSIGN_OR_RETURN(Record unit, s.createRecord("unit", {{"code", "MZ001"}, {"name", "区社会福利院"},
                                                             {"unit_type", "elderly_home"}, {"latitude", 39.9}, {"longitude", 116.4},
                                                             {"key_rectification", true}}));
    FC_ASSIGN_OR_RETURN(Record group, s.createRecord("inspection_group", {{"campaign_id", campaign.id}, {"code", "G1"}, {"name", "第一检查组"}}));
    FC_TRY(s.createRecord("complaint", {{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"channel", "hotline"},
                                        {"received_date", "2026-04-03"}, {"category", "four_styles"},
                                        {"summary", "反映办事拖拉"}, {"conclusion", "unsubstantiated"}, {"complainant", "匿名"}}));
    FC_TRY(s.createRecord("self_inspection", {{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"period", "2026-04"},
                                              {"zero_report", true}, {"problem_count", 0}}));
    FC_ASSIGN_OR_RETURN(Record finding, s.createRecord("finding", {{"campaign_id", campaign.id}, {"unit_id", unit.id},
                                                                   {"category", "public_interest"}, {"description", "救灾物资发放台账缺失"},
                                                                   {"money_involved", "3200.50"}, {"persons_involved", "张某"},
                                                                   {"source", "visit"}, {"found_date", "2026-04-10"}}));
    FC_TRY(s.updateRecord("finding", finding.id, {{"subcategory", "救灾救济"}}));
    FC_ASSIGN_OR_RETURN(Record dup, s.createRecord("finding", {{"unit_id", unit.id}, {"category", "safety"},
                                                               {"description", "重复录入"}, {"source", "visit"}}));
    FC_TRY(s.withdrawRecord("finding", dup.id, "重复录入"));
    const std::string photo = "fixture photo bytes";
    FC_TRY(s.attach("finding", finding.id, std::vector<uint8_t>(photo.begin(), photo.end()), "image/jpeg", "photo.jpg"));
    // Schema 3: the campaign domain.
    FC_ASSIGN_OR_RETURN(Record plan, s.createRecord("rectification_plan", {{"unit_id", unit.id}, {"title", "救灾物资管理整改方案"}}));
    for (const char* m : {"建立物资出入库台账", "每月公示发放名单", "纪检组季度抽查"}) {
        FC_TRY(s.createRecord("rectification_measure", {{"plan_id", plan.id}, {"finding_id", finding.id}, {"description", m},
                                                        {"owner", "王主任"}, {"deadline", "2026-06-30"}, {"kind", "immediate"}}));
    }
    FC_TRY(s.createRecord("rectification_measure", {{"plan_id", plan.id}, {"description", "更新仓储设施"}, {"owner", "李科长"},
                                                    {"deadline", "2026-12-31"}, {"kind", "needs_support"}}));
    FC_TRY(s.updateRecord("rectification_plan", plan.id, {{"status", "submitted"}}));
    FC_TRY(s.updateRecord("finding", finding.id, {{"status", "submitted"}}));
    FC_TRY(s.createRecord("monthly_report", {{"unit_id", unit.id}, {"month", "2026-04"}, {"work_done", "完成台账"},
                                             {"problems_remaining", "设施老旧"}, {"next_plan", "申请资金"}}));
    FC_ASSIGN_OR_RETURN(Record rule, s.createRecord("rule_adopted", {{"unit_id", unit.id}, {"title", "救灾物资管理办法"}}));
    FC_TRY(s.createRecord("rule_basis", {{"rule_id", rule.id}, {"finding_id", finding.id}}));
    // Since schema 6: the unit's answer to the finding.
    FC_ASSIGN_OR_RETURN(Record answer, s.createRecord("finding_answer", {{"finding_id", finding.id}, {"stance", "accepted"},
                                                                         {"answer", "已建立台账，按月公示"}}));
    FC_TRY(s.updateRecord("finding_answer", answer.id, {{"status", "submitted"}}));
    // Since schema 7: how far a photo's upload got (a plan's scan, cut off after 7 bytes).
    const std::string scan = "fixture scan of the plan";
    FC_ASSIGN_OR_RETURN(Attachment second, s.attach("rectification_plan", plan.id, std::vector<uint8_t>(scan.begin(), scan.end()),
                                                    "application/pdf", "plan.pdf"));
    FC_TRY(replication::noteUploadProgress(s, second.id, 7, "connection lost"));
    // Since schema 9: a visit checked in (the position not simulated) and signed by the unit's
    // representative, the signature's PNG sealed onto it and bound to its content.
    FC_ASSIGN_OR_RETURN(Record checklist, s.createRecord("checklist_template", {{"code", "JC-FIX"}, {"template_version", 1}, {"name", "夹具清单"},
                                                                                {"items", {{{"code", "safety-1"}, {"category", "safety"},
                                                                                            {"question", "消防设施是否完好"}}}}}));
    FC_ASSIGN_OR_RETURN(Record visit, s.createRecord("visit", {{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"group_id", group.id},
                                                               {"checklist_template_id", checklist.id}}));
    FC_TRY(s.updateRecord("visit", visit.id, {{"status", "started"}, {"inspectors_present", "张三、李四"}, {"gps_latitude", 39.9002},
                                              {"gps_longitude", 116.4001}, {"gps_accuracy_m", 9.5}, {"gps_time_ms", 1779242400000},
                                              {"gps_simulated", false}, {"answers", {{"safety-1", {{"answer", "problem"}, {"note", "灭火器过期"}}}}},
                                              {"notes", "夹具检查记录"}}));
    FC_ASSIGN_OR_RETURN(Record current, s.getRecord("visit", visit.id));
    const std::string png = "\x89PNG\r\n\x1a\n fixture signature";
    FC_ASSIGN_OR_RETURN(Attachment signature, s.attach("visit", visit.id, std::vector<uint8_t>(png.begin(), png.end()), "image/png",
                                                       "signature.png"));
    FC_TRY(s.updateRecord("visit", visit.id, {{"signature_attachment_id", signature.id}, {"signed_by", "李院长"},
                                              {"signed_ms", signature.capturedMs},
                                              {"signed_content_sha256", visit_rules::visitContentSha256(current)}}));
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fieldcheck_make_fixtures OUTDIR\n";
        return 2;
    }
    const std::string out = argv[1];
    std::filesystem::create_directories(out);
    const int version = detail::kCurrentSchemaVersion;
    const std::string path = out + "/schema-v" + std::to_string(version) + ".db";
    if (std::filesystem::exists(path)) {
        std::cerr << path << " exists: a released fixture is never regenerated\n";
        return 1;
    }
    StoreOptions options;
    options.actor = "fixture";
    auto s = Store::create(path, SecretBytes::fromString(kFixturePassphrase), KdfParams::minimumForTests(), options);
    if (!s.ok()) {
        std::cerr << s.error().toString() << "\n";
        return 1;
    }
    Status st = fill(*s.value());
    if (st.ok()) st = s.value()->checkpoint();
    if (!st.ok()) {
        std::cerr << st.error().toString() << "\n";
        return 1;
    }
    std::cout << "wrote " << path << "\n";
    return 0;
}
