// A new spot-check draw (抽查抽签), as the meeting makes it (docs/spot-check-draw.md, "The
// procedure"): the period, its candidate list and the list's SHA-256 to announce, the parties'
// seed parts (种子), the number of random picks, then run().
//
// QML creates it with the Session. On the store thread it reads whether the role may draw
// (`mayDraw`) and the bureau's today, whose previous month is the default `period`; then the
// candidates for the period with the core's drawCandidates(): the candidate units by code
// (候选单位), the mandatory ones with their complaint counts (必须重点抽查, not candidates) and
// `candidatesSha256`, the hash announced before the parties give their parts. Changing the period
// reads them again; a stale result is dropped.
//
// run() checks on the GUI thread what needs no store — the role, the parts (checkSeedParts(); the
// first row it refuses is marked, on its party or its part), the count (0 to the number of
// candidates) — then calls runDraw() on the store thread with `expectCandidatesSha256` = the hash
// announced, so a list that changed meanwhile is refused (Conflict: `candidatesOutdated`, reload
// and announce again). A draw for a period that has one already is refused (AlreadyExists:
// `existingDrawId` names it, to open and withdraw with a reason first). Nothing typed is cleared
// by an error. On success `drawId` is the recorded draw and drawn() is emitted.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantList>
#include <atomic>
#include <memory>

#include "seed_parts_model.h"
#include "session.h"

namespace fieldcheck::ui {

class SpotCheckDrawForm : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    // YYYY-MM; the month before the bureau's today until the user sets one.
    Q_PROPERTY(QString period READ period WRITE setPeriod NOTIFY periodChanged)
    // Why the candidates for `period` cannot be read (a malformed month), or "".
    Q_PROPERTY(QString periodError READ periodError NOTIFY candidatesChanged)
    // The role was read: `mayDraw` says what it may do.
    Q_PROPERTY(bool rightsKnown READ rightsKnown NOTIFY rightsChanged)
    Q_PROPERTY(bool mayDraw READ mayDraw NOTIFY rightsChanged)
    // The candidates are being read.
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    // The candidates for `period` were read: the list below and its hash are what will be drawn from.
    Q_PROPERTY(bool candidatesLoaded READ candidatesLoaded NOTIFY candidatesChanged)
    // {number (1-based draw index), code, name, unitId}, by unit code.
    Q_PROPERTY(QVariantList candidates READ candidates NOTIFY candidatesChanged)
    Q_PROPERTY(int candidateCount READ candidateCount NOTIFY candidatesChanged)
    Q_PROPERTY(QString candidatesSha256 READ candidatesSha256 NOTIFY candidatesChanged)
    // {code, name, unitId, complaints}, by unit code: spot-checked whatever is drawn.
    Q_PROPERTY(QVariantList mandatory READ mandatory NOTIFY candidatesChanged)
    // The run was refused because the list changed after it was announced: reload, announce again.
    Q_PROPERTY(bool candidatesOutdated READ candidatesOutdated NOTIFY candidatesChanged)
    Q_PROPERTY(fieldcheck::ui::SeedPartsModel* seedParts READ seedParts CONSTANT)
    // The parts joined as they stand (what the seed will be), and Rivest's recommended length.
    Q_PROPERTY(QString seedPreview READ seedPreview NOTIFY seedPreviewChanged)
    Q_PROPERTY(int recommendedSeedLength READ recommendedSeedLength CONSTANT)
    // Random picks wanted; -1 until given.
    Q_PROPERTY(int count READ count WRITE setCount NOTIFY countChanged)
    // Why `count` cannot be drawn, or "" (also "" while no candidates are loaded to compare with).
    Q_PROPERTY(QString countError READ countError NOTIFY countChanged)
    // Everything run() needs is there (the button's state; run() still checks and says why not).
    Q_PROPERTY(bool canRun READ canRun NOTIFY canRunChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
    // The core's words (English) behind errorMessage, for the record; may be empty.
    Q_PROPERTY(QString errorDetail READ errorDetail NOTIFY errorChanged)
    // After AlreadyExists: the draw for the period that is in force.
    Q_PROPERTY(QString existingDrawId READ existingDrawId NOTIFY errorChanged)
    // The draw recorded by run().
    Q_PROPERTY(QString drawId READ drawId NOTIFY drawn)

public:
    // Rivest's recommendation for the whole seed (sampler.py): at least 24 random characters, as
    // `fieldcheck draw run` notes.
    static constexpr int kRecommendedSeedLength = 24;

    explicit SpotCheckDrawForm(QObject* parent = nullptr);
    ~SpotCheckDrawForm() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& period() const { return m_period; }
    void setPeriod(const QString& period);
    const QString& periodError() const { return m_periodError; }
    bool rightsKnown() const { return m_rightsKnown; }
    bool mayDraw() const { return m_mayDraw; }
    bool isLoading() const { return m_loading; }
    bool candidatesLoaded() const { return m_candidatesLoaded; }
    const QVariantList& candidates() const { return m_candidates; }
    int candidateCount() const { return int(m_candidates.size()); }
    const QString& candidatesSha256() const { return m_sha256; }
    const QVariantList& mandatory() const { return m_mandatory; }
    bool candidatesOutdated() const { return m_outdated; }
    SeedPartsModel* seedParts() const { return m_parts; }
    QString seedPreview() const;
    int recommendedSeedLength() const { return kRecommendedSeedLength; }
    int count() const { return m_count; }
    void setCount(int count);
    QString countError() const;
    bool canRun() const;
    bool isBusy() const { return m_busy; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QString& errorDetail() const { return m_errorDetail; }
    const QString& existingDrawId() const { return m_existingDrawId; }
    const QString& drawId() const { return m_drawId; }

    // Reads the candidates for `period` again (after a refusal because the list changed).
    Q_INVOKABLE void reloadCandidates();
    // Makes the draw; false (and the reason marked) when it cannot start. The result comes later:
    // drawn(), or errorMessage.
    Q_INVOKABLE bool run();

    struct Candidates;
    struct Outcome;

signals:
    void sessionChanged();
    void periodChanged();
    void rightsChanged();
    void loadingChanged();
    void candidatesChanged();
    void seedPreviewChanged();
    void countChanged();
    void canRunChanged();
    void busyChanged();
    void errorChanged();
    void drawn(const QString& drawId);

private:
    void readContext();
    void applyCandidates(Candidates candidates);
    void finishRun(Outcome outcome);
    bool refuseBadSeedParts();
    void setError(const QString& message, const QString& detail = {}, const QString& existingDrawId = {});
    void setLoading(bool loading);
    void setBusy(bool busy);

    QPointer<Session> m_session;
    SeedPartsModel* m_parts;  // owned (child)
    QString m_period;
    bool m_periodTouched = false;  // the user chose a period: the store's default does not replace it
    QString m_periodError;
    bool m_rightsKnown = false;
    bool m_mayDraw = false;
    bool m_loading = false;
    bool m_candidatesLoaded = false;
    QVariantList m_candidates, m_mandatory;
    QString m_sha256;
    bool m_outdated = false;
    int m_count = -1;
    bool m_busy = false;
    QString m_errorMessage, m_errorDetail, m_existingDrawId;
    QString m_drawId;
    // Candidate reads: one per request; a result for an older period or store is dropped.
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
    quint64 m_runGeneration = 0;  // one per run(); a lock in between drops its result
};

}  // namespace fieldcheck::ui
