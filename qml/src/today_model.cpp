#include "today_model.h"

#include <QCoreApplication>
#include <algorithm>
#include <map>
#include <set>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/spot_check_draw.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "unit_names.h"

namespace fieldcheck::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

std::string textField(const Record& r, const char* name) {
    const auto it = r.fields.find(name);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What an assignment asks for, in the user's language (the core's labels are Chinese data).
QString taskLabel(const std::string& task) {
    if (task == "visit") return TodayModel::tr("On-site inspection");
    if (task == "spot_check") return TodayModel::tr("Spot check");
    if (task == "petition_followup") return TodayModel::tr("Petition follow-up");
    if (task == "clue_screening") return TodayModel::tr("Clue screening");
    return qs(task);
}

}  // namespace

TodayModel::TodayModel(QObject* parent) : QAbstractListModel(parent) {}

void TodayModel::setSession(Session* session) {
    if (m_session == session) return;
    if (m_session) disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::unlockedChanged, this, &TodayModel::refresh);
        connect(m_session, &Session::manyRecordsChanged, this, &TodayModel::refresh);
        connect(m_session, &Session::recordsChanged, this, [this](const QString& type) {
            static const QStringList shown{QStringLiteral("assignment"), QStringLiteral("visit"),
                                           QStringLiteral("complaint"), QStringLiteral("spot_check_draw")};
            if (shown.contains(type)) refresh();
        });
    }
    refresh();
    emit sessionChanged();
}

void TodayModel::refresh() {
    if (!m_session || !m_session->isUnlocked()) {
        apply({});
        return;
    }
    setLoading(true);
    m_session->run<Snapshot>(this, &TodayModel::read, [this](Snapshot snapshot) {
        apply(std::move(snapshot));
        setLoading(false);
    });
}

TodayModel::Snapshot TodayModel::read(fieldcheck::Store& store) {
    Snapshot s;
    const std::string today = bureauToday(store);
    s.today = qs(today);
    UnitNames unitName(store, TodayModel::tr("Unit not on this device"));
    auto failed = [&s](const char* what, const Error& e) {
        qCWarning(lcUi).noquote() << "today:" << what << "failed:" << qs(e.toString());
        s.error = tr("Part of today's work could not be read. Sync or restart the app; if it persists, tell the administrator.");
    };

    // Assignments not yet done, and visits planned or under way.
    ListQuery active;
    active.includeWithdrawn = false;
    auto assignments = store.listRecords("assignment", active);
    if (!assignments.ok()) failed("assignments", assignments.error());
    std::set<std::string> assignmentsWithVisit;
    auto visits = store.listRecords("visit", active);
    if (!visits.ok()) failed("visits", visits.error());
    if (visits.ok()) {
        for (const Record& v : visits.value()) {
            const std::string status = textField(v, "status");
            if (status != "planned" && status != "started") continue;
            if (!textField(v, "assignment_id").empty()) assignmentsWithVisit.insert(textField(v, "assignment_id"));
            Item item;
            item.section = QStringLiteral("visits");
            item.title = unitName(textField(v, "unit_id"));
            item.detail = status == "started" ? tr("Visit under way") : tr("Visit planned");
            item.dueDate = qs(textField(v, "planned_date"));
            item.overdue = !item.dueDate.isEmpty() && item.dueDate.toStdString() < today;
            item.unitId = qs(textField(v, "unit_id"));
            item.recordType = QStringLiteral("visit");
            item.recordId = qs(v.id);
            s.items.push_back(std::move(item));
        }
    }
    if (assignments.ok()) {
        for (const Record& a : assignments.value()) {
            const std::string status = textField(a, "status");
            if (status != "assigned" && status != "in_progress") continue;
            if (assignmentsWithVisit.count(a.id) > 0) continue;  // its visit is listed
            Item item;
            item.section = QStringLiteral("visits");
            item.title = unitName(textField(a, "unit_id"));
            item.detail = taskLabel(textField(a, "task"));
            if (!textField(a, "note").empty()) item.detail += QStringLiteral(" · ") + qs(textField(a, "note"));
            item.dueDate = qs(textField(a, "due_date"));
            item.overdue = !item.dueDate.isEmpty() && item.dueDate.toStdString() < today;
            item.unitId = qs(textField(a, "unit_id"));
            item.recordType = QStringLiteral("assignment");
            item.recordId = qs(a.id);
            s.items.push_back(std::move(item));
        }
    }

    // Spot checks: the draws of the reporting month (the month just ended) and of this month,
    // and units that must be checked although not drawn.
    const std::string reportingMonth = previousMonth(today);
    const std::string thisMonth = today.substr(0, 7);
    std::set<std::string> spotUnits;
    auto draws = listDraws(store);
    if (!draws.ok()) failed("draws", draws.error());
    if (draws.ok()) {
        for (const SpotCheckDraw& d : draws.value()) {
            if (d.withdrawn || (d.period != reportingMonth && d.period != thisMonth)) continue;
            for (const DrawPick& p : d.picks) {
                if (!spotUnits.insert(p.unitId).second) continue;
                Item item;
                item.section = QStringLiteral("spotChecks");
                item.title = qs(p.unitName);
                item.detail = p.reason == "mandatory"
                                  ? tr("Must be checked: zero report while %n complaint(s) came in (%1)", nullptr,
                                       static_cast<int>(p.complaints)).arg(qs(d.period))
                                  : tr("Drawn at random for %1").arg(qs(d.period));
                item.recordType = QStringLiteral("unit");
                item.recordId = qs(p.unitId);
                item.unitId = item.recordId;
                s.items.push_back(std::move(item));
            }
        }
    }
    auto mandatory = mandatorySpotChecks(store, reportingMonth);
    if (!mandatory.ok()) failed("mandatory spot checks", mandatory.error());
    if (mandatory.ok()) {
        for (const MandatorySpotCheck& m : mandatory.value()) {
            if (!spotUnits.insert(m.unitId).second) continue;
            Item item;
            item.section = QStringLiteral("spotChecks");
            item.title = qs(m.unitName);
            item.detail = tr("Must be checked: zero report while %n complaint(s) came in (%1)", nullptr, m.complaints)
                              .arg(qs(m.period));
            item.recordType = QStringLiteral("unit");
            item.recordId = qs(m.unitId);
            item.unitId = item.recordId;
            s.items.push_back(std::move(item));
        }
    }

    // Petitions under supervision.
    auto petitions = supervisedPetitions(store, today);
    if (!petitions.ok()) failed("petitions", petitions.error());
    if (petitions.ok()) {
        for (const SupervisedPetition& p : petitions.value()) {
            if (p.status == "concluded") continue;
            Item item;
            item.section = QStringLiteral("petitions");
            item.title = qs(p.unitName);
            item.detail = p.status == "required" ? tr("Supervision needed: no inspector assigned yet")
                                                 : tr("Under supervision by %1").arg(qs(p.supervisor));
            item.dueDate = qs(p.deadline);
            item.overdue = p.overdue;
            item.unitId = qs(p.unitId);
            item.recordType = QStringLiteral("complaint");
            item.recordId = qs(p.complaintId);
            s.items.push_back(std::move(item));
        }
    }

    // Within a section: overdue first, then by due date (none last), then by name.
    static const QStringList order{QStringLiteral("visits"), QStringLiteral("spotChecks"), QStringLiteral("petitions")};
    std::stable_sort(s.items.begin(), s.items.end(), [](const Item& a, const Item& b) {
        const int sa = order.indexOf(a.section), sb = order.indexOf(b.section);
        if (sa != sb) return sa < sb;
        if (a.overdue != b.overdue) return a.overdue;
        if (a.dueDate.isEmpty() != b.dueDate.isEmpty()) return b.dueDate.isEmpty();
        if (a.dueDate != b.dueDate) return a.dueDate < b.dueDate;
        return a.title < b.title;
    });

    // Sync at a glance.
    auto ops = replication::unansweredOpCount(store, false);
    if (ops.ok()) s.changesWaiting = static_cast<qint64>(ops.value());
    auto photos = replication::waitingAttachments(store);
    if (photos.ok()) s.photosWaiting = photos.value();
    auto contact = replication::syncState(store, "last_contact_ms");
    if (contact.ok() && contact.value()) {
        bool ok = false;
        const qint64 ms = qs(*contact.value()).toLongLong(&ok);
        if (ok) s.lastContact = QDateTime::fromMSecsSinceEpoch(ms);
    }
    auto lock = replication::offlineLock(store);
    if (lock.ok() && lock.value()) s.offlineLock = qs(*lock.value());
    return s;
}

void TodayModel::apply(Snapshot snapshot) {
    beginResetModel();
    m_snapshot = std::move(snapshot);
    endResetModel();
    emit summaryChanged();
}

void TodayModel::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

int TodayModel::overdueCount() const {
    return static_cast<int>(std::count_if(m_snapshot.items.begin(), m_snapshot.items.end(),
                                          [](const Item& i) { return i.overdue; }));
}

int TodayModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_snapshot.items.size());
}

QVariant TodayModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Item& item = m_snapshot.items[static_cast<size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case TitleRole: return item.title;
        case SectionRole: return item.section;
        case DetailRole: return item.detail;
        case DueDateRole: return item.dueDate;
        case OverdueRole: return item.overdue;
        case RecordTypeRole: return item.recordType;
        case RecordIdRole: return item.recordId;
        case UnitIdRole: return item.unitId;
        default: return {};
    }
}

QHash<int, QByteArray> TodayModel::roleNames() const {
    return {{SectionRole, "section"},  {TitleRole, "title"},   {DetailRole, "detail"},     {DueDateRole, "dueDate"},
            {OverdueRole, "overdue"}, {RecordTypeRole, "recordType"}, {RecordIdRole, "recordId"},
            {UnitIdRole, "unitId"}};
}

}  // namespace fieldcheck::ui
