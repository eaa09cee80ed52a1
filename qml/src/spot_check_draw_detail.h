// One recorded spot-check draw (抽查抽签): what it picked and from what, its verification, how to
// recompute it by hand, and its withdrawal — the draw's page.
//
// QML creates it with the Session and a `drawId`. One job on the store thread reads the draw with
// the core's loadDraw(), and whether the enrolled role may withdraw it (`mayWithdraw`: the
// permission table, discipline inspectors or a store not enrolled); it reads again after a write
// of that draw or a sync. A record that no longer reads as a draw (changed outside the app) is
// `found` but not `readable`: verify() then names what is wrong.
//
// verify() runs the core's verifyDraw() on the store thread: `checks` holds each check
// { name, title (translated), ok, message (the core's words) }, `notes` the differences that do
// not affect the draw. `recomputeScript` is the Python of docs/spot-check-draw.md ("Checking a
// draw by hand") filled in with this draw's candidates, seed parts and picks: it needs nothing
// but Python 3, asserts every recorded value and prints the codes drawn.
//
// withdraw(reason) withdraws the draw (a reason is required: the list keeps showing it with the
// reason, so a redraw is never hidden); after that a new draw for the period may be made.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <atomic>
#include <memory>
#include <string>

#include "session.h"

namespace fieldcheck {
struct SpotCheckDraw;
}

namespace fieldcheck::ui {

class SpotCheckDrawDetail : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString drawId READ drawId WRITE setDrawId NOTIFY drawIdChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY loaded)
    Q_PROPERTY(QString errorDetail READ errorDetail NOTIFY loaded)
    // There is a draw record of that id; `readable`: it reads as a draw (the fields below are set).
    Q_PROPERTY(bool found READ isFound NOTIFY loaded)
    Q_PROPERTY(bool readable READ isReadable NOTIFY loaded)
    Q_PROPERTY(QString period READ period NOTIFY loaded)
    Q_PROPERTY(QString drawnAt READ drawnAt NOTIFY loaded)
    Q_PROPERTY(QString drawnBy READ drawnBy NOTIFY loaded)
    Q_PROPERTY(bool withdrawn READ isWithdrawn NOTIFY loaded)
    Q_PROPERTY(QString withdrawnReason READ withdrawnReason NOTIFY loaded)
    // The record was updated after the draw (a draw is never edited: verification fails).
    Q_PROPERTY(bool changedAfterDraw READ changedAfterDraw NOTIFY loaded)
    Q_PROPERTY(int candidateCount READ candidateCount NOTIFY loaded)
    // The recorded candidates {number, code, name, unitId}, in draw order.
    Q_PROPERTY(QVariantList candidates READ candidates NOTIFY loaded)
    Q_PROPERTY(QString candidatesSha256 READ candidatesSha256 NOTIFY loaded)
    // {party, part}, in the order joined.
    Q_PROPERTY(QVariantList seedParts READ seedParts NOTIFY loaded)
    Q_PROPERTY(QString seed READ seed NOTIFY loaded)
    Q_PROPERTY(int sampleSize READ sampleSize NOTIFY loaded)
    // {index (1-based into the candidates), counter (the sampler's i), code, name, unitId}, in draw order.
    Q_PROPERTY(QVariantList randomPicks READ randomPicks NOTIFY loaded)
    // {code, name, unitId, complaints}, by unit code.
    Q_PROPERTY(QVariantList mandatoryPicks READ mandatoryPicks NOTIFY loaded)
    Q_PROPERTY(QString recomputeScript READ recomputeScript NOTIFY loaded)
    Q_PROPERTY(bool mayWithdraw READ mayWithdraw NOTIFY loaded)

    Q_PROPERTY(bool verifying READ isVerifying NOTIFY verificationChanged)
    // verify() has answered for the draw as it is loaded.
    Q_PROPERTY(bool verified READ isVerified NOTIFY verificationChanged)
    Q_PROPERTY(bool verificationOk READ verificationOk NOTIFY verificationChanged)
    Q_PROPERTY(int failedChecks READ failedChecks NOTIFY verificationChanged)
    Q_PROPERTY(QVariantList checks READ checks NOTIFY verificationChanged)
    Q_PROPERTY(QStringList notes READ notes NOTIFY verificationChanged)
    Q_PROPERTY(QString verificationError READ verificationError NOTIFY verificationChanged)

    Q_PROPERTY(bool withdrawing READ isWithdrawing NOTIFY withdrawalChanged)
    Q_PROPERTY(QString withdrawError READ withdrawError NOTIFY withdrawalChanged)

public:
    explicit SpotCheckDrawDetail(QObject* parent = nullptr);
    ~SpotCheckDrawDetail() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& drawId() const { return m_drawId; }
    void setDrawId(const QString& drawId);
    bool isLoading() const { return m_loading; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QString& errorDetail() const { return m_errorDetail; }
    bool isFound() const { return m_found; }
    bool isReadable() const { return m_readable; }
    const QString& period() const { return m_period; }
    const QString& drawnAt() const { return m_drawnAt; }
    const QString& drawnBy() const { return m_drawnBy; }
    bool isWithdrawn() const { return m_withdrawn; }
    const QString& withdrawnReason() const { return m_withdrawnReason; }
    bool changedAfterDraw() const { return m_changedAfterDraw; }
    int candidateCount() const { return int(m_candidates.size()); }
    const QVariantList& candidates() const { return m_candidates; }
    const QString& candidatesSha256() const { return m_candidatesSha256; }
    const QVariantList& seedParts() const { return m_seedParts; }
    const QString& seed() const { return m_seed; }
    int sampleSize() const { return m_sampleSize; }
    const QVariantList& randomPicks() const { return m_randomPicks; }
    const QVariantList& mandatoryPicks() const { return m_mandatoryPicks; }
    const QString& recomputeScript() const { return m_recomputeScript; }
    bool mayWithdraw() const { return m_mayWithdraw; }
    bool isVerifying() const { return m_verifying; }
    bool isVerified() const { return m_verified; }
    bool verificationOk() const { return m_verificationOk; }
    int failedChecks() const;
    const QVariantList& checks() const { return m_checks; }
    const QStringList& notes() const { return m_notes; }
    const QString& verificationError() const { return m_verificationError; }
    bool isWithdrawing() const { return m_withdrawing; }
    const QString& withdrawError() const { return m_withdrawError; }

    Q_INVOKABLE void reload();
    // Recomputes the draw from its record and the store (on the store thread); the answer arrives
    // in `checks`.
    Q_INVOKABLE void verify();
    // Withdraws the draw with `reason`; false (and `withdrawError`) when it cannot start.
    Q_INVOKABLE bool withdraw(const QString& reason);

    // What a check of verifyDraw() is called on the page; the name itself for one unknown here.
    static QString checkTitle(const QString& name);
    // The Python that recomputes `draw` with nothing but Python 3 (see the header comment).
    static std::string recomputeScriptFor(const SpotCheckDraw& draw);

    struct Snapshot;
    struct Verification;

signals:
    void sessionChanged();
    void drawIdChanged();
    void loadingChanged();
    void loaded();
    void verificationChanged();
    void withdrawalChanged();
    // The draw was withdrawn by withdraw().
    void withdrawnNow();

private:
    void clear();
    void clearVerification();
    void apply(Snapshot snapshot);
    void setLoading(bool loading);
    void setWithdrawal(bool withdrawing, const QString& error);

    QPointer<Session> m_session;
    QString m_drawId;
    bool m_loading = false;
    QString m_errorMessage, m_errorDetail;
    bool m_found = false, m_readable = false;
    QString m_period, m_drawnAt, m_drawnBy;
    bool m_withdrawn = false;
    QString m_withdrawnReason;
    bool m_changedAfterDraw = false;
    QVariantList m_candidates;
    QString m_candidatesSha256;
    QVariantList m_seedParts;
    QString m_seed;
    int m_sampleSize = 0;
    QVariantList m_randomPicks, m_mandatoryPicks;
    QString m_recomputeScript;
    bool m_mayWithdraw = false;
    bool m_verifying = false, m_verified = false, m_verificationOk = false;
    QVariantList m_checks;
    QStringList m_notes;
    QString m_verificationError;
    bool m_withdrawing = false;
    QString m_withdrawError;
    // One per load: a result for another draw or store is dropped.
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
    quint64 m_verifyGeneration = 0;  // one per verify(); a reload or a lock drops the answer pending
};

}  // namespace fieldcheck::ui
