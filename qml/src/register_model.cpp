#include "register_model.h"

#include <algorithm>
#include <map>
#include <vector>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/record_rules.h"
#include "fieldcheck/core/store.h"
#include "enrolled_role.h"
#include "logging.h"
#include "record_labels.h"
#include "unit_names.h"

namespace fieldcheck::ui {

namespace {

const QString kAccountability = QStringLiteral("accountability");
const QString kPetitions = QStringLiteral("petitions");

QString qs(const std::string& s) { return QString::fromStdString(s); }

std::string text(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One row, the filters it belongs to (besides "all"), and where it sorts among them.
struct Row {
    QVariantMap values;
    std::vector<std::string> filters;
    std::string sortKey;
};

// Whether the role may take the register's steps: decide a proposal, or assign a petition's follow-up.
Result<bool> roleMayAct(Store& store, const std::string& kind) {
    Record sample;
    if (kind == "accountability") {
        sample.type = "accountability_case";
        sample.fields = {{"status", "proposed"}};
        return enrolledRoleMay(store, {{}, sample.type, permissions::Request::Kind::Update, &sample,
                                       {{"status", "dismissed"}, {"decision_note", "-"}}});
    }
    sample.type = "complaint";
    sample.fields = {{"supervision_status", "required"}};
    return enrolledRoleMay(store, {{}, sample.type, permissions::Request::Kind::Update, &sample,
                                   {{"supervisor", "-"}, {"supervision_deadline", "2000-01-01"}}});
}

Status accountabilityRows(Store& store, std::vector<Row>& rows) {
    UnitNames names(store, RegisterModel::tr("Unit not on this device"));
    ListQuery q;
    q.includeWithdrawn = false;
    FC_ASSIGN_OR_RETURN(auto cases, store.listRecords("accountability_case", q));
    for (const Record& c : cases) {
        const std::string status = text(c, "status");
        Row row;
        row.filters = {status};
        const std::string unitId = text(c, "unit_id");
        const std::string proposed = record_rules::bureauDate(c.createdMs);
        const std::string decided = text(c, "decided_date");
        // Waiting proposals first, the oldest first; then decisions, the newest first (the date's
        // digits inverted, so that one ascending sort does both).
        if (status == "proposed") {
            row.sortKey = "0" + proposed;
        } else {
            std::string inverted = decided;
            for (char& ch : inverted)
                if (ch >= '0' && ch <= '9') ch = static_cast<char>('9' - (ch - '0'));
            row.sortKey = "1" + inverted;
        }
        row.values = {{QStringLiteral("recordId"), qs(c.id)},
                      {QStringLiteral("unitId"), qs(unitId)},
                      {QStringLiteral("unitName"), unitId.empty() ? QString() : names(unitId)},
                      {QStringLiteral("title"), qs(text(c, "target"))},
                      {QStringLiteral("status"), qs(status)},
                      {QStringLiteral("statusLabel"), choiceLabel("accountability_case", "status", status)},
                      {QStringLiteral("overdue"), false},
                      {QStringLiteral("reasonLabel"), choiceLabel("accountability_case", "reason", text(c, "reason"))},
                      {QStringLiteral("measureLabel"),
                       text(c, "measure").empty() ? QString() : choiceLabel("accountability_case", "measure", text(c, "measure"))},
                      {QStringLiteral("note"), qs(text(c, "decision_note"))},
                      {QStringLiteral("proposedDate"), qs(proposed)},
                      {QStringLiteral("decidedDate"), qs(decided)},
                      {QStringLiteral("findingId"), qs(text(c, "finding_id"))}};
        rows.push_back(std::move(row));
    }
    return {};
}

Status petitionRows(Store& store, const std::string& today, std::vector<Row>& rows) {
    FC_ASSIGN_OR_RETURN(auto petitions, supervisedPetitions(store, today));
    for (const SupervisedPetition& p : petitions) {
        // What the petition says (the query gives the supervision; a few hundred reads at most).
        auto complaint = store.getRecord("complaint", p.complaintId);
        if (!complaint.ok()) return complaint.error();
        const Record& c = complaint.value();
        Row row;
        const bool open = p.status != "concluded";
        if (open) row.filters.push_back("open");
        if (p.overdue) row.filters.push_back("overdue");
        if (!open) row.filters.push_back("concluded");
        // Overdue first, then those no one follows up yet, then by deadline; concluded ones last.
        const char* rank = p.overdue ? "0" : p.status == "required" ? "1" : open ? "2" : "3";
        row.sortKey = rank + (p.deadline.empty() ? std::string("9999") : p.deadline) + p.receivedDate;
        row.values = {{QStringLiteral("recordId"), qs(p.complaintId)},
                      {QStringLiteral("unitId"), qs(p.unitId)},
                      {QStringLiteral("unitName"), qs(p.unitName)},
                      {QStringLiteral("title"), qs(p.unitName)},
                      {QStringLiteral("status"), qs(p.status)},
                      {QStringLiteral("statusLabel"), choiceLabel("complaint", "supervision_status", p.status)},
                      {QStringLiteral("overdue"), p.overdue},
                      {QStringLiteral("summary"), qs(text(c, "summary"))},
                      {QStringLiteral("categoryLabel"), choiceLabel("complaint", "category", text(c, "category"))},
                      {QStringLiteral("channelLabel"), choiceLabel("complaint", "channel", text(c, "channel"))},
                      {QStringLiteral("refNo"), qs(text(c, "ref_no"))},
                      {QStringLiteral("receivedDate"), qs(p.receivedDate)},
                      {QStringLiteral("supervisor"), qs(p.supervisor)},
                      {QStringLiteral("deadline"), qs(p.deadline)},
                      {QStringLiteral("outcome"), qs(p.outcome)}};
        rows.push_back(std::move(row));
    }
    return {};
}

}  // namespace

struct RegisterModel::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    QString error;
    QVariantList rows;
    int64_t total = 0;
    QVariantMap counts;
    bool mayAct = false;
};

RegisterModel::RegisterModel(QObject* parent) : QObject(parent) {}

RegisterModel::~RegisterModel() { m_latest->store(++m_generation); }

QStringList RegisterModel::filtersOf(const QString& kind) {
    if (kind == kAccountability)
        return {QStringLiteral("proposed"), QStringLiteral("confirmed"), QStringLiteral("dismissed"), QStringLiteral("all")};
    if (kind == kPetitions)
        return {QStringLiteral("open"), QStringLiteral("overdue"), QStringLiteral("concluded"), QStringLiteral("all")};
    return {};
}

QString RegisterModel::filterLabel(const QString& kind, const QString& filter) {
    if (filter == QLatin1String("all")) return tr("All");
    if (kind == kAccountability) {
        if (filter == QLatin1String("proposed")) return tr("To decide", "accountability filter 拟问责");
        if (filter == QLatin1String("confirmed")) return tr("Confirmed", "accountability filter 已确认");
        if (filter == QLatin1String("dismissed")) return tr("Dismissed", "accountability filter 不予问责");
    } else if (kind == kPetitions) {
        if (filter == QLatin1String("open")) return tr("Open", "petition supervision filter 督办中");
        if (filter == QLatin1String("overdue")) return tr("Overdue", "petition supervision filter 逾期");
        if (filter == QLatin1String("concluded")) return tr("Concluded", "petition supervision filter 已办结");
    }
    return filter;
}

void RegisterModel::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &RegisterModel::clear);
        connect(m_session, &Session::unlockedChanged, this, &RegisterModel::reload);
        connect(m_session, &Session::recordsChanged, this, [this](const QString& type) { onRecordsChanged(type); });
        connect(m_session, &Session::manyRecordsChanged, this, &RegisterModel::reload);
    }
    emit sessionChanged();
    reload();
}

void RegisterModel::setKind(const QString& kind) {
    if (kind == m_kind) return;
    m_kind = kind;
    if (!filtersOf(m_kind).contains(m_filter)) m_filter = filtersOf(m_kind).value(0);
    emit kindChanged();
    emit filterChanged();
    reload();
}

void RegisterModel::setFilter(const QString& filter) {
    // Before the kind is known (QML may set the filter first), the filter is kept as asked.
    const QStringList known = filtersOf(m_kind);
    const QString chosen = known.isEmpty() || known.contains(filter) ? filter : known.value(0);
    if (chosen == m_filter) return;
    m_filter = chosen;
    emit filterChanged();
    reload();
}

void RegisterModel::setLimit(int limit) {
    limit = std::max(limit, 1);
    if (limit == m_limit) return;
    m_limit = limit;
    emit limitChanged();
    reload();
}

void RegisterModel::onRecordsChanged(const QString& type) {
    // The rows name units and (petitions) the complaint's own fields: those writes change them.
    const bool mine = m_kind == kAccountability ? type == QLatin1String("accountability_case")
                                                : type == QLatin1String("complaint");
    if (mine || type == QLatin1String("unit")) reload();
}

void RegisterModel::reload() {
    m_latest->store(++m_generation);
    if (!m_session || !m_session->isUnlocked() || filtersOf(m_kind).isEmpty()) {
        clear();
        return;
    }
    setLoading(true);
    const quint64 generation = m_generation;
    const std::string kind = m_kind.toStdString(), filter = m_filter.toStdString();
    const QStringList filters = filtersOf(m_kind);
    const int limit = m_limit;
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation, kind, filter, filters, limit](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            std::vector<Row> rows;
            const Status st = kind == "accountability" ? accountabilityRows(store, rows)
                                                       : petitionRows(store, bureauToday(store), rows);
            if (!st.ok()) {
                qCWarning(lcUi).noquote() << "reading the" << QString::fromStdString(kind)
                                          << "register failed:" << QString::fromStdString(st.error().toString());
                s.error = RegisterModel::tr("The register could not be read. Sync or restart the app; if it persists, tell the administrator.");
                return s;
            }
            for (const QString& f : filters) s.counts.insert(f, 0);
            std::vector<const Row*> shown;
            for (const Row& row : rows) {
                for (const std::string& f : row.filters) {
                    const QString key = QString::fromStdString(f);
                    s.counts[key] = s.counts.value(key).toLongLong() + 1;
                }
                if (filter == "all" || std::find(row.filters.begin(), row.filters.end(), filter) != row.filters.end())
                    shown.push_back(&row);
            }
            s.counts[QStringLiteral("all")] = static_cast<qlonglong>(rows.size());
            std::stable_sort(shown.begin(), shown.end(), [](const Row* a, const Row* b) { return a->sortKey < b->sortKey; });
            s.total = static_cast<int64_t>(shown.size());
            for (size_t i = 0; i < shown.size() && i < static_cast<size_t>(limit); ++i) s.rows.append(shown[i]->values);
            auto may = roleMayAct(store, kind);
            s.mayAct = may.ok() && may.value();
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void RegisterModel::clear() {
    m_latest->store(++m_generation);
    setLoading(false);
    setErrorMessage({});
    m_rows.clear();
    m_counts.clear();
    m_total = 0;
    m_ready = false;
    m_mayAct = false;
    emit loaded();
}

void RegisterModel::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    setLoading(false);
    setErrorMessage(s.error);
    m_rows = std::move(s.rows);
    m_counts = std::move(s.counts);
    m_total = s.total;
    m_mayAct = s.mayAct;
    m_ready = s.error.isEmpty();
    emit loaded();
}

void RegisterModel::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void RegisterModel::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

}  // namespace fieldcheck::ui
