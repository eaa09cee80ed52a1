#include "spot_check_draw_form.h"

#include <QStringList>
#include <QVariantMap>
#include <algorithm>
#include <string>
#include <vector>

#include "fieldcheck/core/campaign_rules.h"
#include "fieldcheck/core/spot_check_draw.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "spot_check_draw_common.h"

namespace fieldcheck::ui {

namespace {

// What the form reads about the store when it opens.
struct Context {
    bool ok = false;
    bool mayDraw = false;
    QString today;
};

// Stand-ins that checkSeedParts() accepts, to ask it about one field of a row at a time.
const SeedPart kWellFormedPart{"party", "0"};

QString roleRefusal() {
    return SpotCheckDrawForm::tr("Your role may not make a spot-check draw: only discipline inspectors may. You can read the "
                                 "draws and verify them.");
}

}  // namespace

struct SpotCheckDrawForm::Candidates {
    quint64 generation = 0;
    bool skipped = false;
    bool ok = false;
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    DrawCandidates list;
};

struct SpotCheckDrawForm::Outcome {
    bool ok = false;
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string drawId;
    std::string existingDrawId;  // AlreadyExists: the draw in force for the period
};

SpotCheckDrawForm::SpotCheckDrawForm(QObject* parent) : QObject(parent), m_parts(new SeedPartsModel(this)) {
    // Two parties as at the bureau's meetings (the page suggests 纪检组 and 局办公室 as placeholders).
    m_parts->append();
    m_parts->append();
    connect(m_parts, &SeedPartsModel::partsChanged, this, [this] {
        emit seedPreviewChanged();
        emit canRunChanged();
    });
}

SpotCheckDrawForm::~SpotCheckDrawForm() { m_latest->store(++m_generation); }

void SpotCheckDrawForm::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::unlockedChanged, this, [this] {
            readContext();
            reloadCandidates();
        });
        // A sync may have brought units (the list changes) or a role (the rights change).
        connect(m_session, &Session::manyRecordsChanged, this, &SpotCheckDrawForm::readContext);
        connect(m_session, &Session::aboutToLock, this, [this] {
            m_latest->store(++m_generation);
            ++m_runGeneration;  // a draw still queued will not report back
            setLoading(false);
            setBusy(false);
        });
    }
    emit sessionChanged();
    readContext();
    reloadCandidates();
}

void SpotCheckDrawForm::readContext() {
    if (!m_session || !m_session->isUnlocked()) return;
    m_session->run<Context>(
        this,
        [](Store& store) {
            Context c;
            auto may = mayMakeDraws(store);
            if (!may.ok()) {
                qCWarning(lcUi).noquote() << "reading the role for the draw failed:" << QString::fromStdString(may.error().toString());
                return c;
            }
            c.ok = true;
            c.mayDraw = may.value();
            c.today = QString::fromStdString(bureauToday(store));
            return c;
        },
        [this](Context c) {
            if (!c.ok) {
                setError(tr("The store could not be read. Lock the app and unlock it again."));
                return;
            }
            m_rightsKnown = true;
            m_mayDraw = c.mayDraw;
            emit rightsChanged();
            emit canRunChanged();
            if (!m_periodTouched && m_period.isEmpty()) {
                m_period = QString::fromStdString(previousMonth(c.today.toStdString()));
                emit periodChanged();
                reloadCandidates();
            }
        });
}

void SpotCheckDrawForm::setPeriod(const QString& period) {
    m_periodTouched = true;
    const QString trimmed = period.trimmed();
    if (trimmed == m_period) return;
    m_period = trimmed;
    emit periodChanged();
    setError({});
    reloadCandidates();
}

void SpotCheckDrawForm::reloadCandidates() {
    m_latest->store(++m_generation);
    m_candidatesLoaded = false;
    m_candidates.clear();
    m_mandatory.clear();
    m_sha256.clear();
    m_periodError.clear();
    emit candidatesChanged();
    emit countChanged();
    emit canRunChanged();
    if (!m_session || !m_session->isUnlocked() || m_period.isEmpty()) {
        setLoading(false);
        return;
    }
    setLoading(true);
    m_session->run<Candidates>(
        this,
        [latest = m_latest, generation = m_generation, period = m_period.toStdString()](Store& store) {
            Candidates c;
            c.generation = generation;
            if (latest->load() != generation) {
                c.skipped = true;
                return c;
            }
            auto list = drawCandidates(store, period);
            if (!list.ok()) {
                c.code = list.error().code;
                c.message = list.error().message;
                return c;
            }
            c.ok = true;
            c.list = std::move(list).value();
            return c;
        },
        [this](Candidates c) { applyCandidates(std::move(c)); });
}

void SpotCheckDrawForm::applyCandidates(Candidates c) {
    if (c.skipped || c.generation != m_generation) return;
    setLoading(false);
    if (!c.ok) {
        if (c.code == ErrorCode::InvalidArgument) {
            m_periodError = tr("Enter the month as year and month, for example 2026-04.");
        } else {
            qCWarning(lcUi).noquote() << "reading the draw's candidates failed:" << QString::fromStdString(c.message);
            setError(tr("The candidates could not be read. Sync or restart the app; if it persists, tell the administrator."),
                     QString::fromStdString(c.message));
        }
        emit candidatesChanged();
        return;
    }
    int number = 0;
    for (const DrawCandidate& u : c.list.candidates) {
        m_candidates.append(QVariantMap{{QStringLiteral("number"), ++number},
                                        {QStringLiteral("code"), QString::fromStdString(u.unitCode)},
                                        {QStringLiteral("name"), QString::fromStdString(u.unitName)},
                                        {QStringLiteral("unitId"), QString::fromStdString(u.unitId)}});
    }
    for (const MandatorySpotCheck& m : c.list.mandatory) {
        m_mandatory.append(QVariantMap{{QStringLiteral("code"), QString::fromStdString(m.unitCode)},
                                       {QStringLiteral("name"), QString::fromStdString(m.unitName)},
                                       {QStringLiteral("unitId"), QString::fromStdString(m.unitId)},
                                       {QStringLiteral("complaints"), m.complaints}});
    }
    m_sha256 = QString::fromStdString(c.list.sha256);
    m_candidatesLoaded = true;
    // The list read now is the one to announce; the refusal that asked for it is answered.
    if (m_outdated) {
        m_outdated = false;
        setError({});
    }
    emit candidatesChanged();
    emit countChanged();
    emit canRunChanged();
}

QString SpotCheckDrawForm::seedPreview() const { return QString::fromStdString(joinSeedParts(m_parts->parts())); }

void SpotCheckDrawForm::setCount(int count) {
    count = std::max(count, -1);
    if (count == m_count) return;
    m_count = count;
    emit countChanged();
    emit canRunChanged();
}

QString SpotCheckDrawForm::countError() const {
    if (!m_candidatesLoaded || m_count < 0 || m_count <= candidateCount()) return {};
    return tr("Only %1 units are candidates: draw from 0 to %1 of them at random. The %2 mandatory spot checks come on top.")
        .arg(candidateCount())
        .arg(m_mandatory.size());
}

bool SpotCheckDrawForm::canRun() const {
    return m_session && m_session->isUnlocked() && m_rightsKnown && m_mayDraw && m_candidatesLoaded && !m_loading && !m_busy &&
           m_parts->isComplete() && m_count >= 0 && countError().isEmpty();
}

bool SpotCheckDrawForm::run() {
    if (m_busy) return false;  // a second press while the draw is being recorded
    setError({});
    m_parts->clearErrors();
    if (!m_session || !m_session->isUnlocked()) {
        setError(tr("Unlock the app to draw."));
        return false;
    }
    if (!m_rightsKnown || !m_mayDraw) {
        setError(roleRefusal());
        return false;
    }
    if (!m_candidatesLoaded) {
        setError(!m_periodError.isEmpty() ? m_periodError
                                          : tr("The candidates for %1 are not read yet. Wait for them and announce their "
                                               "SHA-256 before the parties give their parts.").arg(m_period));
        return false;
    }
    if (refuseBadSeedParts()) return false;
    if (m_count < 0) {
        setError(tr("Enter how many units to draw at random: 0 to %1.").arg(candidateCount()));
        return false;
    }
    if (!countError().isEmpty()) {
        setError(tr("Not drawn: check the number of random picks."));
        return false;
    }

    DrawRequest request;
    request.period = m_period.toStdString();
    request.count = m_count;
    request.seedParts = m_parts->parts();
    request.expectCandidatesSha256 = m_sha256.toStdString();
    setBusy(true);
    const quint64 generation = ++m_runGeneration;
    m_session->run<Outcome>(
        this,
        [request](Store& store) {
            Outcome o;
            auto draw = runDraw(store, request);
            if (draw.ok()) {
                o.ok = true;
                o.drawId = draw->id;
                return o;
            }
            o.code = draw.error().code;
            o.message = draw.error().message;
            if (o.code == ErrorCode::AlreadyExists) {
                // Which draw is in force, for the page to open (listDraws: newest first).
                if (auto draws = listDraws(store); draws.ok()) {
                    for (const SpotCheckDraw& d : draws.value()) {
                        if (d.period == request.period && !d.withdrawn) {
                            o.existingDrawId = d.id;
                            break;
                        }
                    }
                }
            }
            return o;
        },
        [this, generation](Outcome o) {
            if (generation == m_runGeneration) finishRun(std::move(o));
        });
    return true;
}

// The core checks the parts in order, each against those before it, and stops at the first it
// refuses: the shortest refused prefix ends at that row. Whether the row's party or its part is at
// fault is asked of the core too, one field at a time beside a well-formed other.
bool SpotCheckDrawForm::refuseBadSeedParts() {
    const std::vector<SeedPart> parts = m_parts->parts();
    const Status verdict = checkSeedParts(parts);
    if (verdict.ok()) return false;
    const QString detail = QString::fromStdString(verdict.error().message);
    if (parts.empty()) {
        setError(tr("Add the seed part of at least one party."), detail);
        return true;
    }
    size_t row = parts.size() - 1;
    for (size_t n = 1; n <= parts.size(); ++n) {
        if (!checkSeedParts({parts.begin(), parts.begin() + std::ptrdiff_t(n)}).ok()) {
            row = n - 1;
            break;
        }
    }
    const SeedPart& bad = parts[row];
    SeedPartsModel::Field field = SeedPartsModel::Field::Party;
    QString problem;
    if (!checkSeedParts({{bad.party, kWellFormedPart.part}}).ok()) {
        problem = bad.party.empty() ? tr("Name the party who gave this part.")
                                    : tr("A party's name may not contain \"=\" or control characters.");
    } else if (!checkSeedParts({{kWellFormedPart.party, bad.part}}).ok()) {
        field = SeedPartsModel::Field::Part;
        problem = bad.part.empty() ? tr("Enter the part this party gave.")
                                   : tr("Only digits, letters and punctuation, without blanks. Full-width digits such as ４ "
                                        "look the same but give another seed.");
    } else {
        problem = tr("This party gave a part already: each party gives one part.");
    }
    m_parts->setError(int(row), field, problem);
    setError(tr("Not drawn: check seed part %1.").arg(row + 1), detail);
    return true;
}

void SpotCheckDrawForm::finishRun(Outcome o) {
    setBusy(false);
    if (o.ok) {
        m_drawId = QString::fromStdString(o.drawId);
        if (m_session) m_session->notifyChanged(QLatin1String(kDrawRecordType), {m_drawId});
        emit drawn(m_drawId);
        return;
    }
    const QString detail = QString::fromStdString(o.message);
    switch (o.code) {
        case ErrorCode::AlreadyExists:
            setError(tr("A draw for %1 exists already. To draw again, open it and withdraw it with a reason first: it stays "
                        "in the list, so that a redraw is never hidden.").arg(m_period),
                     detail, QString::fromStdString(o.existingDrawId));
            return;
        case ErrorCode::Conflict:
            m_outdated = true;
            emit candidatesChanged();
            setError(tr("Not drawn: the candidate list changed after it was announced (a unit was added, withdrawn or "
                        "renamed, or became a mandatory spot check). Reload the candidates, announce the new SHA-256 and "
                        "collect the seed parts again."),
                     detail);
            return;
        case ErrorCode::Unauthorized:
            m_mayDraw = false;
            emit rightsChanged();
            emit canRunChanged();
            setError(roleRefusal(), detail);
            return;
        case ErrorCode::InvalidArgument:
            setError(tr("Not drawn as it is."), detail);
            return;
        default:
            qCWarning(lcUi).noquote() << "recording the draw failed:" << detail;
            setError(tr("The draw could not be recorded. Try again; if it keeps failing, tell the administrator."), detail);
            return;
    }
}

void SpotCheckDrawForm::setError(const QString& message, const QString& detail, const QString& existingDrawId) {
    if (message == m_errorMessage && detail == m_errorDetail && existingDrawId == m_existingDrawId) return;
    m_errorMessage = message;
    m_errorDetail = detail;
    m_existingDrawId = existingDrawId;
    emit errorChanged();
}

void SpotCheckDrawForm::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
    emit canRunChanged();
}

void SpotCheckDrawForm::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    emit busyChanged();
    emit canRunChanged();
}

}  // namespace fieldcheck::ui
