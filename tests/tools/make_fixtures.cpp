// Writes an encrypted fixture store for every schema version into a directory (tests/data/ at a
// release): `fieldcheck_make_fixtures OUTDIR`. Each fixture holds data of every kind its version
// knows, so the upgrade tests can check that migrations keep it. Passphrase: see tests/data/README.md.
#include <filesystem>
#include <iostream>

#include "fieldcheck/core/store.h"
#include "schema.h"
#include "store_internal.h"

using namespace fieldcheck;

namespace {

constexpr const char* kFixturePassphrase = "fixture-passphrase-正风";

Status fillVersion2(Store& s) {
    FC_ASSIGN_OR_RETURN(Record campaign, s.createRecord("campaign", {{"code", "ZF-FIX"}, {"name", "夹具专项"}}));
    FC_ASSIGN_OR_RETURN(Record unit, s.createRecord("unit", {{"code", "MZ001"}, {"name", "区社会福利院"},
                                                             {"unit_type", "elderly_home"}, {"latitude", 39.9}, {"longitude", 116.4},
                                                             {"key_rectification", true}}));
    FC_TRY(s.createRecord("inspection_group", {{"campaign_id", campaign.id}, {"code", "G1"}, {"name", "第一检查组"}}));
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
    for (int version = 1; version <= detail::kCurrentSchemaVersion; ++version) {
        const std::string path = out + "/schema-v" + std::to_string(version) + ".db";
        for (const std::string& p : {path, path + ".keyring"}) std::filesystem::remove(p);
        std::filesystem::remove_all(path + ".attachments");
        StoreOptions options;
        options.actor = "fixture";
        detail::CreateSpec spec;
        spec.schemaVersion = version;
        auto s = detail::createStore(path, SecretBytes::fromString(kFixturePassphrase), KdfParams::minimumForTests(), options, spec);
        if (!s.ok()) {
            std::cerr << "v" << version << ": " << s.error().toString() << "\n";
            return 1;
        }
        Status st;
        if (version >= 2) st = fillVersion2(*s.value());
        if (st.ok()) st = s.value()->checkpoint();
        if (!st.ok()) {
            std::cerr << "v" << version << ": " << st.error().toString() << "\n";
            return 1;
        }
        std::cout << "wrote " << path << "\n";
    }
    return 0;
}
