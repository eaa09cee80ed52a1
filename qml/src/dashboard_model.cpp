#include "dashboard_model.h"

#include <QDate>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include <set>

#include "dashboard_figure.h"
#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/store.h"
#include "logging.h"

namespace fieldcheck::ui {

namespace {

// The record types whose writes change a figure.
const std::set<QString> kCountedTypes = {
    QStringLiteral("unit"),           QStringLiteral("finding"),         QStringLiteral("rule_adopted"),
    QStringLiteral("rectification_plan"), QStringLiteral("rectification_measure"), QStringLiteral("self_inspection"),
    QStringLiteral("complaint"),      QStringLiteral("monthly_report"),  QStringLiteral("visit"),
    QStringLiteral("escalation"),     QStringLiteral("accountability_case"), QStringLiteral("campaign")};

bool isMonth(const QString& month) {
    static const QRegularExpression re(QStringLiteral("^\\d{4}-(0[1-9]|1[0-2])$"));
    return re.match(month).hasMatch();
}

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

struct DashboardModel::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    QString error;
    bool ready = false;
    Dashboard dashboard;
};

const QStringList& DashboardModel::figureKeys() {
    static const QStringList keys{
        QStringLiteral("cluesIdentified"),    QStringLiteral("casesInvestigated"), QStringLiteral("problemsSolved"),
        QStringLiteral("rulesIssued"),        QStringLiteral("measures"),          QStringLiteral("measuresDone"),
        QStringLiteral("measuresOverdue"),    QStringLiteral("reportsLate"),       QStringLiteral("reportsMissing"),
        QStringLiteral("zeroReportUnits"),    QStringLiteral("mandatorySpotChecks"), QStringLiteral("supervisedPetitions"),
        QStringLiteral("supervisedOverdue"),  QStringLiteral("visitsFewerThanTwo"), QStringLiteral("openEscalations"),
        QStringLiteral("proposedAccountability")};
    return keys;
}

DashboardModel::DashboardModel(QObject* parent) : QObject(parent) {}

QString DashboardModel::findingStatusOf(const QString& key) const { return DashboardFigure::findingStatus(key); }

QVariantMap DashboardModel::registerOf(const QString& key) const { return DashboardFigure::registerOf(key); }

QVariantMap DashboardModel::titles() const {
    QVariantMap out;
    for (const QString& key : figureKeys()) out.insert(key, DashboardFigure::titleOf(key));
    return out;
}

DashboardModel::~DashboardModel() { m_latest->store(++m_generation); }

void DashboardModel::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &DashboardModel::clear);
        connect(m_session, &Session::unlockedChanged, this, &DashboardModel::reload);
        connect(m_session, &Session::recordsChanged, this, [this](const QString& type) { onRecordsChanged(type); });
        connect(m_session, &Session::manyRecordsChanged, this, &DashboardModel::reload);
    }
    emit sessionChanged();
    reload();
}

void DashboardModel::setMonth(const QString& month) {
    if (month == m_month) return;
    m_month = month;
    emit monthChanged();
    reload();
}

void DashboardModel::previousMonth() { stepMonth(-1); }
void DashboardModel::nextMonth() { stepMonth(1); }

void DashboardModel::stepMonth(int delta) {
    if (!isMonth(m_shownMonth)) return;
    const QDate first = QDate::fromString(m_shownMonth + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd")).addMonths(delta);
    setMonth(first.toString(QStringLiteral("yyyy-MM")));
}

void DashboardModel::reload() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    if (!m_session || !m_session->isUnlocked()) {
        clear();
        return;
    }
    if (!m_month.isEmpty() && !isMonth(m_month)) {
        clear();
        setErrorMessage(tr("'%1' is not a month: write it as YYYY-MM, for example 2026-11.").arg(m_month));
        return;
    }
    setLoading(true);
    const quint64 generation = m_generation;
    const std::string month = m_month.toStdString();
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation, month](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            const std::string today = bureauToday(store);
            auto d = dashboard(store, today, month.empty() ? fieldcheck::previousMonth(today) : month);
            if (!d.ok()) {
                qCWarning(lcUi).noquote() << "reading the dashboard failed:" << QString::fromStdString(d.error().toString());
                s.error = DashboardModel::tr("The dashboard could not be read. Sync or restart the app; if it persists, tell the administrator.");
                return s;
            }
            s.ready = true;
            s.dashboard = std::move(d).value();
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void DashboardModel::onRecordsChanged(const QString& type) {
    if (kCountedTypes.count(type) == 0) return;
    if (m_loading) m_reloadWanted = true;  // once, after the load under way
    else reload();
}

void DashboardModel::clear() {
    m_latest->store(++m_generation);
    m_reloadWanted = false;
    setLoading(false);
    setErrorMessage({});
    m_ready = false;
    m_shownMonth.clear();
    m_today.clear();
    m_figures.clear();
    m_percentDone = 0;
    m_units.clear();
    emit loaded();
}

void DashboardModel::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    const bool again = m_reloadWanted;
    m_reloadWanted = false;
    setLoading(false);
    setErrorMessage(s.error);
    m_ready = s.ready;
    m_figures.clear();
    m_units.clear();
    m_percentDone = 0;
    if (s.ready) {
        const Dashboard& d = s.dashboard;
        m_shownMonth = qs(d.month);
        m_today = qs(d.today);
        const std::vector<int64_t> values{d.batches.cluesIdentified, d.batches.casesInvestigated, d.batches.problemsSolved,
                                          d.batches.rulesIssued,     d.measures,                   d.measuresDone,
                                          d.measuresOverdue,         d.reportsLate,                d.reportsMissing,
                                          d.zeroReportUnits,         d.mandatorySpotChecks,        d.supervisedPetitions,
                                          d.supervisedOverdue,       d.visitsFewerThanTwo,         d.openEscalations,
                                          d.proposedAccountability};
        for (int i = 0; i < figureKeys().size(); ++i) m_figures.insert(figureKeys().at(i), QVariant::fromValue<qint64>(values[static_cast<size_t>(i)]));
        if (d.measures > 0) m_percentDone = std::round(1000.0 * static_cast<double>(d.measuresDone) / static_cast<double>(d.measures)) / 10.0;
        std::vector<const UnitProgress*> order;
        for (const auto& u : d.units) order.push_back(&u);
        // The least advanced first; among equals the most overdue, then by code (the core's order).
        std::stable_sort(order.begin(), order.end(), [](const UnitProgress* a, const UnitProgress* b) {
            if (a->percentDone != b->percentDone) return a->percentDone < b->percentDone;
            return a->measuresOverdue > b->measuresOverdue;
        });
        for (const UnitProgress* u : order) {
            m_units.append(QVariantMap{{QStringLiteral("unitId"), qs(u->unitId)},
                                       {QStringLiteral("code"), qs(u->unitCode)},
                                       {QStringLiteral("name"), qs(u->unitName)},
                                       {QStringLiteral("keyRectification"), u->keyRectification},
                                       {QStringLiteral("percentDone"), u->percentDone},
                                       {QStringLiteral("measures"), QVariant::fromValue<qint64>(u->measures)},
                                       {QStringLiteral("measuresDone"), QVariant::fromValue<qint64>(u->measuresDone)},
                                       {QStringLiteral("measuresOverdue"), QVariant::fromValue<qint64>(u->measuresOverdue)},
                                       {QStringLiteral("findingsOpen"), QVariant::fromValue<qint64>(u->findingsOpen)},
                                       {QStringLiteral("clues"), QVariant::fromValue<qint64>(u->batches.cluesIdentified)},
                                       {QStringLiteral("cases"), QVariant::fromValue<qint64>(u->batches.casesInvestigated)},
                                       {QStringLiteral("solved"), QVariant::fromValue<qint64>(u->batches.problemsSolved)},
                                       {QStringLiteral("rules"), QVariant::fromValue<qint64>(u->batches.rulesIssued)}});
        }
    } else {
        m_shownMonth.clear();
        m_today.clear();
    }
    emit loaded();
    if (again) reload();
}

void DashboardModel::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void DashboardModel::setErrorMessage(const QString& message) {
    if (message == m_errorMessage) return;
    m_errorMessage = message;
    emit errorMessageChanged();
}

}  // namespace fieldcheck::ui
