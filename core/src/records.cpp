#include "fieldcheck/core/records.h"

// The specs below are aggregate-initialised and leave trailing members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace fieldcheck {
namespace {

// The seven problem categories of the campaign (DOMAIN.md, §2.1 of the speech).
std::vector<Choice> problemCategories() {
    return {
        {"responsibility", "落实“两个责任”不力"},
        {"eight_rules", "违反中央八项规定精神"},
        {"four_styles", "“四风”问题"},
        {"public_interest", "损害群众利益"},
        {"misconduct", "乱作为"},
        {"inaction", "不作为"},
        {"internal", "内部管理与作风"},
        {"safety", "安全隐患"},
    };
}

std::vector<RecordTypeSpec> buildRecordTypes() {
    using K = FieldKind;
    std::vector<RecordTypeSpec> types;

    types.push_back({"campaign", "campaigns", "专项治理",
                     {
                         {"code", K::Text, "编号", true},
                         {"name", K::Text, "名称", true},
                         {"start_date", K::Date, "开始日期"},
                         {"end_date", K::Date, "结束日期"},
                         {"description", K::Text, "说明"},
                     }});

    types.push_back({"unit", "units", "科室/单位",
                     {
                         {"code", K::Text, "单位代码", true},
                         {"name", K::Text, "单位名称", true},
                         {"unit_type", K::Choice, "单位类型", true, false,
                          {{"department", "机关科室"},
                           {"elderly_home", "养老机构"},
                           {"child_welfare", "儿童福利机构"},
                           {"relief_station", "救助管理站"},
                           {"funeral_service", "殡葬服务机构"},
                           {"marriage_registry", "婚姻登记处"},
                           {"community_service", "社区服务机构"},
                           {"affiliated_unit", "其他直属单位"}}},
                         {"address", K::Text, "地址"},
                         {"latitude", K::Real, "纬度"},
                         {"longitude", K::Real, "经度"},
                         {"leader_in_charge", K::Text, "分管领导"},
                         {"key_rectification", K::Bool, "重点整改单位"},
                     }});

    types.push_back({"inspection_group", "inspection_groups", "检查组",
                     {
                         {"campaign_id", K::Reference, "专项治理", true, false, {}, "campaign"},
                         {"code", K::Text, "编号", true},
                         {"name", K::Text, "名称", true},
                         {"leader", K::Text, "组长"},
                         {"members", K::Text, "组员"},
                     }});

    types.push_back({"complaint", "complaints", "信访件",
                     {
                         {"campaign_id", K::Reference, "专项治理", false, false, {}, "campaign"},
                         {"unit_id", K::Reference, "被反映单位", true, false, {}, "unit"},
                         {"channel", K::Choice, "来源渠道", true, false,
                          {{"letter", "来信"},
                           {"visit", "来访"},
                           {"hotline", "热线电话"},
                           {"online", "网上留言"},
                           {"referral", "上级转办"}}},
                         {"received_date", K::Date, "收件日期", true},
                         {"category", K::Choice, "问题类别", true, false, problemCategories()},
                         {"summary", K::Text, "反映内容", true},
                         {"conclusion", K::Choice, "调查结论", false, false,
                          {{"pending", "待查"},
                           {"substantiated", "属实"},
                           {"partly", "部分属实"},
                           {"unsubstantiated", "否"}}},
                         {"complainant", K::Text, "信访人", false, true},
                     }});

    types.push_back({"self_inspection", "self_inspections", "自查自纠",
                     {
                         {"campaign_id", K::Reference, "专项治理", false, false, {}, "campaign"},
                         {"unit_id", K::Reference, "单位", true, false, {}, "unit"},
                         {"period", K::Month, "期间", true},
                         {"zero_report", K::Bool, "零报告", true},
                         {"problem_count", K::Integer, "自查问题数"},
                         {"summary", K::Text, "自查情况"},
                     }});

    types.push_back({"finding", "findings", "问题线索",
                     {
                         {"campaign_id", K::Reference, "专项治理", false, false, {}, "campaign"},
                         {"unit_id", K::Reference, "单位", true, false, {}, "unit"},
                         {"category", K::Choice, "问题类别", true, false, problemCategories()},
                         {"subcategory", K::Text, "具体问题"},
                         {"description", K::Text, "问题描述", true},
                         {"money_involved", K::Money, "涉及金额（元）"},
                         {"persons_involved", K::Text, "涉及人员", false, true},
                         {"source", K::Choice, "线索来源", true, false,
                          {{"visit", "现场检查"},
                           {"self_inspection", "自查自纠"},
                           {"petition", "信访举报"},
                           {"spot_check", "重点抽查"},
                           {"clue_screening", "线索排查"}}},
                         {"found_date", K::Date, "发现日期"},
                     }});
    return types;
}

}  // namespace

const FieldSpec* RecordTypeSpec::field(const std::string& fieldName) const {
    for (const auto& f : fields) {
        if (f.name == fieldName) return &f;
    }
    return nullptr;
}

const std::vector<RecordTypeSpec>& recordTypes() {
    static const std::vector<RecordTypeSpec> types = buildRecordTypes();
    return types;
}

const RecordTypeSpec* findRecordType(const std::string& name) {
    for (const auto& t : recordTypes()) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

std::string fieldKindName(FieldKind kind) {
    switch (kind) {
        case FieldKind::Text: return "text";
        case FieldKind::Integer: return "integer";
        case FieldKind::Real: return "real";
        case FieldKind::Money: return "money";
        case FieldKind::Bool: return "bool";
        case FieldKind::Date: return "date";
        case FieldKind::Month: return "month";
        case FieldKind::Choice: return "choice";
        case FieldKind::Reference: return "reference";
    }
    return "?";
}

nlohmann::json Record::toJson(bool withSensitive) const {
    nlohmann::json f = fields;
    if (!withSensitive) {
        if (const auto* spec = findRecordType(type)) {
            for (const auto& fs : spec->fields) {
                if (fs.sensitive && f.contains(fs.name) && !f[fs.name].is_null()) f[fs.name] = "[withheld]";
            }
        }
    }
    return {{"type", type},
            {"id", id},
            {"version", version},
            {"created_at", createdMs},
            {"created_by", createdBy},
            {"updated_at", updatedMs},
            {"updated_by", updatedBy},
            {"withdrawn", withdrawn},
            {"withdrawn_reason", withdrawn ? nlohmann::json(withdrawnReason) : nlohmann::json()},
            {"fields", f}};
}

}  // namespace fieldcheck
