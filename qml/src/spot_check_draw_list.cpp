#include "spot_check_draw_list.h"

#include <QVariantMap>
#include <algorithm>
#include <vector>

#include "fieldcheck/core/spot_check_draw.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "spot_check_draw_common.h"

namespace fieldcheck::ui {

struct SpotCheckDrawList::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    QString error, detail;
    std::vector<SpotCheckDraw> draws;
    bool mayDraw = false;
};

SpotCheckDrawList::SpotCheckDrawList(QObject* parent) : QObject(parent) {}

SpotCheckDrawList::~SpotCheckDrawList() { m_latest->store(++m_generation); }

void SpotCheckDrawList::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &SpotCheckDrawList::clear);
        connect(m_session, &Session::unlockedChanged, this, &SpotCheckDrawList::reload);
        connect(m_session, &Session::recordsChanged, this, [this](const QString& type, const QStringList&) {
            if (type == QLatin1String(kDrawRecordType)) reload();
        });
        // A sync (a draw made on another device, a new role) or a language change.
        connect(m_session, &Session::manyRecordsChanged, this, &SpotCheckDrawList::reload);
    }
    emit sessionChanged();
    reload();
}

void SpotCheckDrawList::reload() {
    m_latest->store(++m_generation);
    if (!m_session || !m_session->isUnlocked()) {
        clear();
        return;
    }
    setLoading(true);
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation = m_generation](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            auto draws = listDraws(store);
            auto may = mayMakeDraws(store);
            if (!draws.ok() || !may.ok()) {
                const Error& e = !draws.ok() ? draws.error() : may.error();
                qCWarning(lcUi).noquote() << "reading the spot-check draws failed:" << QString::fromStdString(e.toString());
                s.error = e.code == ErrorCode::Corrupt
                              ? SpotCheckDrawList::tr("A recorded draw cannot be read: it was changed outside the app. "
                                                      "Tell the administrator; the details name it.")
                              : SpotCheckDrawList::tr("The draws could not be read. Sync or restart the app; if it persists, "
                                                      "tell the administrator.");
                s.detail = QString::fromStdString(e.message);
                return s;
            }
            s.draws = std::move(draws).value();
            s.mayDraw = may.value();
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void SpotCheckDrawList::clear() {
    m_latest->store(++m_generation);
    setLoading(false);
    m_ready = false;
    m_errorMessage.clear();
    m_errorDetail.clear();
    m_rows.clear();
    m_mayDraw = false;
    emit loaded();
}

void SpotCheckDrawList::apply(Snapshot s) {
    if (s.generation != m_generation || s.skipped) return;
    setLoading(false);
    m_ready = true;
    m_errorMessage = s.error;
    m_errorDetail = s.detail;
    m_mayDraw = s.mayDraw;
    m_rows.clear();
    for (const SpotCheckDraw& d : s.draws) {
        const auto mandatory = std::count_if(d.picks.begin(), d.picks.end(), [](const DrawPick& p) { return p.reason == "mandatory"; });
        m_rows.append(QVariantMap{{QStringLiteral("drawId"), QString::fromStdString(d.id)},
                                  {QStringLiteral("period"), QString::fromStdString(d.period)},
                                  {QStringLiteral("drawnAt"), drawTimeText(d.createdMs)},
                                  {QStringLiteral("drawnBy"), QString::fromStdString(d.createdBy)},
                                  {QStringLiteral("randomCount"), qint64(d.sampleSize)},
                                  {QStringLiteral("candidateCount"), qint64(d.candidates.size())},
                                  {QStringLiteral("mandatoryCount"), qint64(mandatory)},
                                  {QStringLiteral("withdrawn"), d.withdrawn},
                                  {QStringLiteral("withdrawnReason"), QString::fromStdString(d.withdrawnReason)},
                                  {QStringLiteral("changedAfterDraw"), d.version > (d.withdrawn ? 2 : 1)}});
    }
    emit loaded();
}

void SpotCheckDrawList::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

}  // namespace fieldcheck::ui
