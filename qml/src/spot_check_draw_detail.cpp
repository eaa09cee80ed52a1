#include "spot_check_draw_detail.h"

#include <QVariantMap>
#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "fieldcheck/core/spot_check_draw.h"
#include "fieldcheck/core/store.h"
#include "logging.h"
#include "spot_check_draw_common.h"

namespace fieldcheck::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// A Python string (or dict) literal: JSON's escapes are Python's, and raw UTF-8 is fine in a
// Python 3 source file. Bytes that are not UTF-8 (a record edited by hand) become U+FFFD, and the
// script's hash check then fails, as it should.
std::string pythonLiteral(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

struct WithdrawOutcome {
    bool ok = false;
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

}  // namespace

struct SpotCheckDrawDetail::Snapshot {
    quint64 generation = 0;
    bool skipped = false;
    bool found = false;
    QString error, detail;
    std::optional<SpotCheckDraw> draw;  // empty: not found, or the record does not read as a draw
    std::string script;
    bool mayWithdraw = false;
};

struct SpotCheckDrawDetail::Verification {
    bool ok = false;
    std::string error;
    DrawVerification result;
};

SpotCheckDrawDetail::SpotCheckDrawDetail(QObject* parent) : QObject(parent) {}

SpotCheckDrawDetail::~SpotCheckDrawDetail() { m_latest->store(++m_generation); }

QString SpotCheckDrawDetail::checkTitle(const QString& name) {
    static const std::map<QString, const char*> titles = {
        {QStringLiteral("record"), QT_TR_NOOP("The record reads as a draw")},
        {QStringLiteral("unchanged"), QT_TR_NOOP("Not changed after the draw")},
        {QStringLiteral("candidates-sha256"), QT_TR_NOOP("The candidate list matches its SHA-256")},
        {QStringLiteral("candidates-order"), QT_TR_NOOP("Candidates by unit code, each once, none mandatory")},
        {QStringLiteral("candidates-store"), QT_TR_NOOP("Candidates and mandatory units are the units in force at the draw")},
        {QStringLiteral("seed"), QT_TR_NOOP("The seed is the parts joined")},
        {QStringLiteral("picks"), QT_TR_NOOP("The random picks recomputed from the seed")},
        {QStringLiteral("mandatory"), QT_TR_NOOP("The mandatory spot checks the data implies")}};
    const auto it = titles.find(name);
    return it == titles.end() ? name : tr(it->second);
}

std::string SpotCheckDrawDetail::recomputeScriptFor(const SpotCheckDraw& d) {
    std::ostringstream py;
    py << "# Recomputes spot-check draw " << d.id << " for " << d.period << " with nothing but Python 3\n"
       << "# (FieldCheck, docs/spot-check-draw.md, \"Checking a draw by hand\").\n"
       << "import hashlib, json\n\n"
       << "# 1. The candidate list as recorded, and the SHA-256 announced before the seed was given.\n"
       << "candidates = [\n";
    for (const DrawCandidate& c : d.candidates) py << "    " << pythonLiteral(c.toJson()) << ",\n";
    py << "]\n"
       << "canonical = json.dumps(candidates, ensure_ascii=False, separators=(\",\", \":\"), sort_keys=True)\n"
       << "assert hashlib.sha256(canonical.encode(\"utf-8\")).hexdigest() == " << pythonLiteral(d.candidatesSha256)
       << ", \"candidate hash\"\n\n"
       << "# 2. The seed: the parties' parts joined in this order, nothing between them.\n"
       << "parts = [";
    for (size_t i = 0; i < d.seedParts.size(); ++i) {
        py << (i == 0 ? "" : ", ") << "(" << pythonLiteral(d.seedParts[i].party) << ", " << pythonLiteral(d.seedParts[i].part) << ")";
    }
    py << "]\n"
       << "seed = \"\".join(part for _, part in parts)\n"
       << "assert seed == " << pythonLiteral(d.seed) << ", \"seed\"\n\n"
       << "# 3. Rivest's SHA-256 sampler without replacement: (index into the candidates, the sampler's i).\n"
       << "n, k, picks, i = len(candidates), " << d.sampleSize << ", [], 0\n"
       << "while len(picks) < k:\n"
       << "    i += 1\n"
       << "    index = int(hashlib.sha256(f\"{seed},{i}\".encode(\"utf-8\")).hexdigest(), 16) % n + 1\n"
       << "    if index not in [p for p, _ in picks]:\n"
       << "        picks.append((index, i))\n"
       << "assert picks == [";
    bool first = true;
    for (const DrawPick& p : d.picks) {
        if (p.reason != "random") continue;
        py << (first ? "" : ", ") << "(" << p.index << ", " << p.counter << ")";
        first = false;
    }
    py << "], \"picks\"\n"
       << "print(\"draw " << d.id << " recomputed:\", \" \".join(candidates[p - 1][\"code\"] for p, _ in picks))\n";
    return py.str();
}

void SpotCheckDrawDetail::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) m_session->disconnect(this);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::aboutToLock, this, &SpotCheckDrawDetail::clear);
        connect(m_session, &Session::unlockedChanged, this, &SpotCheckDrawDetail::reload);
        connect(m_session, &Session::recordsChanged, this, [this](const QString& type, const QStringList& ids) {
            if (type == QLatin1String(kDrawRecordType) && ids.contains(m_drawId)) reload();
        });
        // A sync (the draw withdrawn elsewhere, another role) or a language change (the titles).
        connect(m_session, &Session::manyRecordsChanged, this, &SpotCheckDrawDetail::reload);
    }
    emit sessionChanged();
    reload();
}

void SpotCheckDrawDetail::setDrawId(const QString& drawId) {
    if (drawId == m_drawId) return;
    m_drawId = drawId;
    emit drawIdChanged();
    reload();
}

void SpotCheckDrawDetail::reload() {
    m_latest->store(++m_generation);
    // What was verified or refused is about the draw as it was.
    clearVerification();
    setWithdrawal(false, {});
    if (!m_session || !m_session->isUnlocked() || m_drawId.isEmpty()) {
        clear();
        return;
    }
    setLoading(true);
    m_session->run<Snapshot>(
        this,
        [latest = m_latest, generation = m_generation, id = m_drawId.toStdString()](Store& store) {
            Snapshot s;
            s.generation = generation;
            if (latest->load() != generation) {
                s.skipped = true;
                return s;
            }
            auto record = store.getRecord(kDrawRecordType, id);
            if (!record.ok()) {
                if (record.error().code != ErrorCode::NotFound) {
                    qCWarning(lcUi).noquote() << "reading a draw failed:" << qs(record.error().toString());
                    s.error = SpotCheckDrawDetail::tr("The draw could not be read. Sync or restart the app; if it persists, "
                                                      "tell the administrator.");
                    s.detail = qs(record.error().message);
                }
                return s;
            }
            s.found = true;
            if (auto may = mayWithdrawDraw(store, record.value()); may.ok()) s.mayWithdraw = may.value();
            auto draw = SpotCheckDraw::fromRecord(record.value());
            if (!draw.ok()) {
                s.error = SpotCheckDrawDetail::tr("This record no longer reads as a draw: it was changed outside the app. "
                                                  "Verify it to see what is wrong.");
                s.detail = qs(draw.error().message);
                return s;
            }
            s.script = recomputeScriptFor(draw.value());
            s.draw = std::move(draw).value();
            return s;
        },
        [this](Snapshot s) { apply(std::move(s)); });
}

void SpotCheckDrawDetail::clear() {
    m_latest->store(++m_generation);
    clearVerification();
    setWithdrawal(false, {});
    setLoading(false);
    apply(Snapshot{m_generation, false, false, {}, {}, std::nullopt, {}, false});
}

void SpotCheckDrawDetail::apply(Snapshot s) {
    if (s.skipped || s.generation != m_generation) return;
    setLoading(false);
    m_found = s.found;
    m_readable = s.draw.has_value();
    m_errorMessage = s.error;
    m_errorDetail = s.detail;
    m_mayWithdraw = s.mayWithdraw;
    m_recomputeScript = qs(s.script);
    const SpotCheckDraw d = s.draw.value_or(SpotCheckDraw{});
    m_period = qs(d.period);
    m_drawnAt = drawTimeText(d.createdMs);
    m_drawnBy = qs(d.createdBy);
    m_withdrawn = d.withdrawn;
    m_withdrawnReason = qs(d.withdrawnReason);
    m_changedAfterDraw = m_readable && d.version > (d.withdrawn ? 2 : 1);
    m_candidatesSha256 = qs(d.candidatesSha256);
    m_seed = qs(d.seed);
    m_sampleSize = int(d.sampleSize);
    m_candidates.clear();
    int number = 0;
    for (const DrawCandidate& c : d.candidates) {
        m_candidates.append(QVariantMap{{QStringLiteral("number"), ++number},
                                        {QStringLiteral("code"), qs(c.unitCode)},
                                        {QStringLiteral("name"), qs(c.unitName)},
                                        {QStringLiteral("unitId"), qs(c.unitId)}});
    }
    m_seedParts.clear();
    for (const SeedPart& p : d.seedParts) {
        m_seedParts.append(QVariantMap{{QStringLiteral("party"), qs(p.party)}, {QStringLiteral("part"), qs(p.part)}});
    }
    m_randomPicks.clear();
    m_mandatoryPicks.clear();
    for (const DrawPick& p : d.picks) {
        if (p.reason == "random") {
            m_randomPicks.append(QVariantMap{{QStringLiteral("index"), qint64(p.index)},
                                             {QStringLiteral("counter"), qint64(p.counter)},
                                             {QStringLiteral("code"), qs(p.unitCode)},
                                             {QStringLiteral("name"), qs(p.unitName)},
                                             {QStringLiteral("unitId"), qs(p.unitId)}});
        } else {
            m_mandatoryPicks.append(QVariantMap{{QStringLiteral("code"), qs(p.unitCode)},
                                                {QStringLiteral("name"), qs(p.unitName)},
                                                {QStringLiteral("unitId"), qs(p.unitId)},
                                                {QStringLiteral("complaints"), qint64(p.complaints)}});
        }
    }
    emit loaded();
}

int SpotCheckDrawDetail::failedChecks() const {
    return int(std::count_if(m_checks.begin(), m_checks.end(), [](const QVariant& c) { return !c.toMap().value(QStringLiteral("ok")).toBool(); }));
}

void SpotCheckDrawDetail::verify() {
    if (!m_session || !m_session->isUnlocked() || m_drawId.isEmpty() || m_verifying) return;
    clearVerification();
    m_verifying = true;
    emit verificationChanged();
    const quint64 generation = m_verifyGeneration;
    m_session->run<Verification>(
        this,
        [id = m_drawId.toStdString()](Store& store) {
            Verification v;
            auto result = verifyDraw(store, id);
            if (!result.ok()) {
                v.error = result.error().toString();
                return v;
            }
            v.ok = true;
            v.result = std::move(result).value();
            return v;
        },
        [this, generation](Verification v) {
            if (generation != m_verifyGeneration) return;
            m_verifying = false;
            if (!v.ok) {
                qCWarning(lcUi).noquote() << "verifying a draw failed:" << qs(v.error);
                m_verificationError = tr("The draw could not be verified: it could not be read. Sync or restart the app; if it "
                                         "persists, tell the administrator.");
                emit verificationChanged();
                return;
            }
            m_verified = true;
            m_verificationOk = v.result.ok();
            for (const DrawCheck& c : v.result.checks) {
                const QString name = qs(c.name);
                m_checks.append(QVariantMap{{QStringLiteral("name"), name},
                                            {QStringLiteral("title"), checkTitle(name)},
                                            {QStringLiteral("ok"), c.ok},
                                            {QStringLiteral("message"), qs(c.message)}});
            }
            for (const std::string& note : v.result.notes) m_notes.append(qs(note));
            emit verificationChanged();
        });
}

void SpotCheckDrawDetail::clearVerification() {
    ++m_verifyGeneration;
    if (!m_verifying && !m_verified && m_verificationError.isEmpty()) return;
    m_verifying = m_verified = m_verificationOk = false;
    m_checks.clear();
    m_notes.clear();
    m_verificationError.clear();
    emit verificationChanged();
}

bool SpotCheckDrawDetail::withdraw(const QString& reason) {
    if (m_withdrawing) return false;
    if (!m_session || !m_session->isUnlocked() || !m_found) {
        setWithdrawal(false, tr("This draw is not on this device any more."));
        return false;
    }
    if (!m_mayWithdraw) {
        setWithdrawal(false, tr("Your role may not withdraw a draw: only discipline inspectors may."));
        return false;
    }
    if (m_withdrawn) {
        setWithdrawal(false, tr("This draw is withdrawn already."));
        return false;
    }
    const QString why = reason.trimmed();
    if (why.isEmpty()) {
        setWithdrawal(false, tr("Give the reason for withdrawing the draw: it is shown with the draw from now on."));
        return false;
    }
    setWithdrawal(true, {});
    m_session->run<WithdrawOutcome>(
        this,
        [id = m_drawId.toStdString(), why = why.toStdString()](Store& store) {
            WithdrawOutcome o;
            auto r = store.withdrawRecord(kDrawRecordType, id, why);
            if (!r.ok()) {
                o.code = r.error().code;
                o.message = r.error().message;
                return o;
            }
            o.ok = true;
            return o;
        },
        [this](WithdrawOutcome o) {
            if (o.ok) {
                setWithdrawal(false, {});
                // The list and this page read the draw again.
                m_session->notifyChanged(QLatin1String(kDrawRecordType), {m_drawId});
                emit withdrawnNow();
                return;
            }
            switch (o.code) {
                case ErrorCode::Unauthorized:
                    setWithdrawal(false, tr("Your role may not withdraw a draw: only discipline inspectors may."));
                    return;
                case ErrorCode::NotFound:
                    setWithdrawal(false, tr("This draw is not on this device any more."));
                    return;
                default:
                    qCWarning(lcUi).noquote() << "withdrawing a draw failed:" << qs(o.message);
                    setWithdrawal(false, tr("The draw was not withdrawn: %1").arg(qs(o.message)));
                    return;
            }
        });
    return true;
}

void SpotCheckDrawDetail::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void SpotCheckDrawDetail::setWithdrawal(bool withdrawing, const QString& error) {
    if (withdrawing == m_withdrawing && error == m_withdrawError) return;
    m_withdrawing = withdrawing;
    m_withdrawError = error;
    emit withdrawalChanged();
}

}  // namespace fieldcheck::ui
