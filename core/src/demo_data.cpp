#include "fieldcheck/core/demo_data.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

namespace fieldcheck {
namespace {

// splitmix64: small, fast and the same on every platform, so a seed always gives the same data.
class DemoRandom {
public:
    explicit DemoRandom(uint64_t seed) : m_state(seed) {}
    uint64_t next() {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
    template <typename T>
    const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(below(static_cast<int>(v.size())))]; }

private:
    uint64_t m_state;
};

struct UnitTemplate {
    const char* type;
    const char* name;
};

const std::vector<UnitTemplate>& unitTemplates() {
    static const std::vector<UnitTemplate> t = {
        {"department", "办公室"}, {"department", "社会救助科"}, {"department", "养老服务科"},
        {"department", "社会事务科"}, {"department", "优抚安置科"}, {"department", "区划地名科"},
        {"department", "基层政权和社区建设科"}, {"department", "社会组织管理科"},
        {"department", "计划财务科"}, {"department", "人事科"}, {"department", "福彩管理科"},
        {"department", "慈善和社会工作科"},
        {"elderly_home", "区社会福利院"}, {"elderly_home", "东城街道敬老院"},
        {"elderly_home", "西河镇敬老院"}, {"elderly_home", "南山镇养老服务中心"},
        {"elderly_home", "北关街道日间照料中心"}, {"elderly_home", "青松老年公寓"},
        {"elderly_home", "夕阳红颐养院"}, {"elderly_home", "康宁护理院"},
        {"elderly_home", "长青敬老院"}, {"elderly_home", "白云镇敬老院"},
        {"child_welfare", "区儿童福利院"}, {"child_welfare", "未成年人救助保护中心"},
        {"relief_station", "区救助管理站"}, {"relief_station", "流浪乞讨人员临时救助点"},
        {"funeral_service", "区殡仪馆"}, {"funeral_service", "永安公墓"},
        {"funeral_service", "福寿园公益性公墓"},
        {"marriage_registry", "区婚姻登记处"},
        {"community_service", "东城社区服务中心"}, {"community_service", "西河社区服务中心"},
        {"community_service", "光明社区居家养老服务站"}, {"community_service", "和平社区服务中心"},
        {"affiliated_unit", "区福利彩票发行中心"}, {"affiliated_unit", "区慈善总会"},
        {"affiliated_unit", "区军供站"}, {"affiliated_unit", "区光荣院"},
        {"affiliated_unit", "区低收入家庭认定指导中心"}, {"affiliated_unit", "区地名服务中心"},
    };
    return t;
}

const std::vector<std::string> kLeaders = {"王副局长", "李副局长", "张副局长", "赵纪检组长"};
const std::vector<std::string> kStreets = {"人民路", "建设路", "解放大街", "和平路", "光明街", "新华路"};
const std::vector<std::string> kChannels = {"letter", "visit", "hotline", "online", "referral"};
const std::vector<std::string> kCategories = {"responsibility", "eight_rules", "four_styles", "public_interest",
                                              "misconduct", "inaction", "internal", "safety"};
const std::vector<std::string> kSurnames = {"陈", "刘", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱"};
const std::vector<std::string> kGiven = {"建国", "秀英", "志强", "丽娟", "海涛", "玉兰", "国华", "桂芳"};

std::string complaintSummary(const std::string& category, const std::string& unitName) {
    if (category == "public_interest") return "反映" + unitName + "在救灾救济资金发放中存在截留、优亲厚友问题";
    if (category == "eight_rules") return "反映" + unitName + "工作人员公车私用、违规接受宴请";
    if (category == "four_styles") return "反映" + unitName + "办事推诿扯皮、群众多次跑腿";
    if (category == "misconduct") return "反映" + unitName + "乱收费、吃拿卡要";
    if (category == "inaction") return "反映" + unitName + "对群众诉求能办不办、敷衍应付";
    if (category == "safety") return "反映" + unitName + "消防通道堵塞、安全隐患长期未整改";
    if (category == "internal") return "反映" + unitName + "内部管理混乱、工作纪律松散";
    return "反映" + unitName + "主体责任落实不到位";
}

std::string findingDescription(const std::string& category, const std::string& unitName) {
    if (category == "public_interest") return unitName + "优抚资金发放台账与银行流水不符，差额待核实";
    if (category == "eight_rules") return unitName + "公务接待无公函、超标准列支";
    if (category == "four_styles") return unitName + "检查记录事后补写，存在形式主义问题";
    if (category == "misconduct") return unitName + "向入住老人收取未经批准的服务费";
    if (category == "inaction") return unitName + "民政服务机构普查数据漏报、迟报";
    if (category == "safety") return unitName + "灭火器过期、夜间值班人员不足";
    if (category == "internal") return unitName + "保密文件未按规定登记管理";
    return unitName + "党支部未按期开展廉政风险排查";
}

}  // namespace

nlohmann::json DemoSummary::toJson() const {
    return {{"campaigns", campaigns},
            {"units", units},
            {"inspection_groups", groups},
            {"complaints", complaints},
            {"self_inspections", selfInspections},
            {"zero_reports", zeroReports},
            {"zero_reports_with_complaints", zeroReportsWithComplaints},
            {"findings", findings}};
}

Result<DemoSummary> seedDemoData(Store& store, uint64_t seed) {
    auto existing = store.countRecords("campaign");
    if (!existing.ok()) return existing.error();
    if (existing.value() > 0) {
        return makeError(ErrorCode::AlreadyExists, "the store already has a campaign; the demo data set is added only to an empty store");
    }
    DemoRandom rnd(seed);
    DemoSummary sum;
    Status st = store.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record campaign,
                            store.createRecord("campaign", {{"code", "ZF-2026"},
                                                            {"name", "基层正风反腐专项治理"},
                                                            {"start_date", "2026-03-24"},
                                                            {"end_date", "2026-12-31"},
                                                            {"description", "贯彻落实全区基层正风反腐专项治理工作会议精神"}}));
        sum.campaigns = 1;

        std::vector<Record> units;
        int n = 0;
        for (const auto& t : unitTemplates()) {
            ++n;
            char code[16];
            std::snprintf(code, sizeof code, "MZ%03d", n);
            nlohmann::json f = {
                {"code", code},
                {"name", t.name},
                {"unit_type", t.type},
                {"address", "本区" + rnd.pick(kStreets) + std::to_string(10 + rnd.below(300)) + "号"},
                {"latitude", 39.90 + rnd.below(1000) / 10000.0},
                {"longitude", 116.30 + rnd.below(1000) / 10000.0},
                {"leader_in_charge", rnd.pick(kLeaders)},
                {"key_rectification", rnd.below(6) == 0},
            };
            FC_ASSIGN_OR_RETURN(Record u, store.createRecord("unit", f));
            units.push_back(std::move(u));
        }
        sum.units = static_cast<int>(units.size());

        const std::array<const char*, 3> groupNames = {"第一检查组", "第二检查组", "第三检查组"};
        for (int g = 0; g < 3; ++g) {
            std::string members;
            for (int m = 0; m < 3; ++m) members += (m ? "、" : "") + rnd.pick(kSurnames) + rnd.pick(kGiven);
            FC_TRY(store.createRecord("inspection_group", {{"campaign_id", campaign.id},
                                                           {"code", "G" + std::to_string(g + 1)},
                                                           {"name", groupNames[static_cast<size_t>(g)]},
                                                           {"leader", rnd.pick(kSurnames) + "组长"},
                                                           {"members", members}}));
        }
        sum.groups = 3;

        // Complaints and petitions over April and May. The first four non-department units get
        // complaints for certain, and file zero reports below: the mandatory spot-check case.
        const std::vector<std::string> months = {"2026-04", "2026-05"};
        std::set<std::pair<std::string, std::string>> complainedInMonth;
        auto addComplaint = [&](const Record& unit, const std::string& month) -> Status {
            const std::string category = rnd.pick(kCategories);
            const std::string day = std::to_string(10 + rnd.below(18));
            std::string conclusion = category == "four_styles" && rnd.below(2) == 0
                                         ? "unsubstantiated"
                                         : std::vector<std::string>{"pending", "substantiated", "partly", "unsubstantiated"}[static_cast<size_t>(rnd.below(4))];
            FC_TRY(store.createRecord("complaint",
                                      {{"campaign_id", campaign.id},
                                       {"unit_id", unit.id},
                                       {"channel", rnd.pick(kChannels)},
                                       {"received_date", month + "-" + day},
                                       {"category", category},
                                       {"summary", complaintSummary(category, unit.fields["name"].get<std::string>())},
                                       {"conclusion", conclusion},
                                       {"complainant", rnd.pick(kSurnames) + rnd.pick(kGiven)}}));
            complainedInMonth.insert({unit.id, month});
            ++sum.complaints;
            return {};
        };
        std::vector<const Record*> mustSpotCheck;
        for (const auto& u : units) {
            if (u.fields["unit_type"] != "department" && mustSpotCheck.size() < 4) mustSpotCheck.push_back(&u);
        }
        for (const Record* u : mustSpotCheck) FC_TRY(addComplaint(*u, "2026-04"));
        // Complaints cluster, as they do in practice: most go to a third of the units.
        std::vector<const Record*> complainedAbout(mustSpotCheck);
        while (complainedAbout.size() < units.size() / 3) {
            const Record* u = &units[static_cast<size_t>(rnd.below(static_cast<int>(units.size())))];
            if (std::find(complainedAbout.begin(), complainedAbout.end(), u) == complainedAbout.end()) complainedAbout.push_back(u);
        }
        while (sum.complaints < 200) {
            const Record* u = rnd.below(10) < 9 ? complainedAbout[static_cast<size_t>(rnd.below(static_cast<int>(complainedAbout.size())))]
                                                : &units[static_cast<size_t>(rnd.below(static_cast<int>(units.size())))];
            FC_TRY(addComplaint(*u, rnd.pick(months)));
        }

        for (const auto& month : months) {
            for (const auto& u : units) {
                bool forced = month == "2026-04" &&
                              std::find(mustSpotCheck.begin(), mustSpotCheck.end(), &u) != mustSpotCheck.end();
                bool zero = forced || rnd.below(3) == 0;
                int problems = zero ? 0 : 1 + rnd.below(4);
                FC_TRY(store.createRecord("self_inspection",
                                          {{"campaign_id", campaign.id},
                                           {"unit_id", u.id},
                                           {"period", month},
                                           {"zero_report", zero},
                                           {"problem_count", problems},
                                           {"summary", zero ? "经自查，本单位未发现问题（零报告）"
                                                            : "自查发现问题" + std::to_string(problems) + "个，已建立整改台账"}}));
                ++sum.selfInspections;
                if (zero) {
                    ++sum.zeroReports;
                    if (complainedInMonth.count({u.id, month}) > 0) ++sum.zeroReportsWithComplaints;
                }
            }
        }

        const std::vector<std::string> sources = {"visit", "self_inspection", "petition", "spot_check", "clue_screening"};
        for (int i = 0; i < 60; ++i) {
            const Record& u = units[static_cast<size_t>(rnd.below(static_cast<int>(units.size())))];
            const std::string category = rnd.pick(kCategories);
            nlohmann::json f = {{"campaign_id", campaign.id},
                                {"unit_id", u.id},
                                {"category", category},
                                {"description", findingDescription(category, u.fields["name"].get<std::string>())},
                                {"source", rnd.pick(sources)},
                                {"found_date", "2026-0" + std::to_string(4 + rnd.below(2)) + "-" + std::to_string(10 + rnd.below(18))}};
            if (category == "public_interest" || category == "eight_rules") {
                f["money_involved"] = std::to_string(500 + rnd.below(50000)) + "." + std::to_string(10 + rnd.below(90));
                f["persons_involved"] = rnd.pick(kSurnames) + rnd.pick(kGiven);
            }
            FC_TRY(store.createRecord("finding", f));
            ++sum.findings;
        }
        return {};
    });
    if (!st.ok()) return st.error();
    return sum;
}

}  // namespace fieldcheck
