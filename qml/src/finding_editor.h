// One finding (问题线索) as a form: the Finding page's view and editor, for a finding that exists
// (`findingId`) or a new one for a unit (`unitId`, with an optional `visitId` and `source`).
//
// What the form offers comes from the core, never from a second rule set in the app:
// - which fields the enrolled role may change: permissions::authorize, the one table the device
//   store and the server enforce, asked per field for the record as it is (a new finding: as it
//   would be created). The role is the store's (sync_state "role"); a device not enrolled has
//   none, the store then allows everything, and so does the form;
// - which fields the role may see at all: roleVisibility() (core scope.h), the rule by which the
//   server withholds sensitive fields (persons involved 涉及人员 from a unit liaison). A hidden
//   field is not in `values`, not in the draft, and never offered;
// - the life-cycle moves: the moves of the finding's life cycle from its state that authorize()
//   allows the role, each one a button; withdrawal (always with a reason) only where the table
//   allows it, which it never does for the unit concerned.
//
// Every change goes at once into a draft in the encrypted store (drafts.h, kind "finding", key
// "new:<unit id>" for a finding not created yet, its id afterwards), so that killing the app
// mid-form loses nothing; a new editor for the same finding or unit takes the draft up again
// (`draftRestored`). save() creates the record (Store::createRecord) or writes the changed fields
// (Store::updateRecord) and removes the draft in the same transaction. Errors of the core come
// back as `fieldErrors` (the field an InvalidArgument names, in the app's words) or as
// `errorMessage` (what happened, translated) with `errorDetail` (the core's own message: which
// rule refused, and what the role may do instead).
//
// Every read and write is a job on the session's store thread; `busy` is true while a write is
// out. The editor reloads when the session reports a write to its finding (another page, a photo)
// and after a sync, keeping the changes not saved yet; it empties when the session locks.
//
// `values`: field → text (empty: unset) for category, subcategory, description, money_involved
// (yuan, "1234.50"), persons_involved, source, found_date (YYYY-MM-DD). `editable` and `shown`:
// field → bool. `moves`: [{to, label, statusLabel}]. `history`: the record's audit entries,
// and its attachments', newest first: [{action, actionLabel, actor, when, detail}] (detail: an
// attachment's file name). `categories`, `sources`: [{value, label}].
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <atomic>
#include <memory>

#include "session.h"

namespace fieldcheck {
struct Error;
struct Record;
}  // namespace fieldcheck

namespace fieldcheck::ui {

class FindingEditor : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    // The finding shown; empty for a new one (then unitId, visitId and source say what it is for).
    // Set by the editor itself once save() has created the record.
    Q_PROPERTY(QString findingId READ findingId WRITE setFindingId NOTIFY findingIdChanged)
    Q_PROPERTY(QString unitId READ unitId WRITE setUnitId NOTIFY unitIdChanged)
    Q_PROPERTY(QString visitId READ visitId WRITE setVisitId NOTIFY visitIdChanged)
    Q_PROPERTY(QString source READ source WRITE setSource NOTIFY sourceChanged)
    Q_PROPERTY(bool isNew READ isNew NOTIFY findingIdChanged)

    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // The finding (or, for a new one, its unit) was read: the form can be shown.
    Q_PROPERTY(bool ready READ isReady NOTIFY loaded)
    // It is not on this device (errorMessage says so).
    Q_PROPERTY(bool missing READ isMissing NOTIFY loaded)
    Q_PROPERTY(QString unitName READ unitName NOTIFY loaded)
    // The enrolled role (person.role, e.g. "inspector"); empty when the device is not enrolled.
    Q_PROPERTY(QString roleCode READ roleCode NOTIFY loaded)

    Q_PROPERTY(QVariantMap values READ values NOTIFY valuesChanged)
    Q_PROPERTY(QVariantMap editable READ editable NOTIFY loaded)
    Q_PROPERTY(QVariantMap shown READ shown NOTIFY loaded)
    // Some field may be changed (false: the page shows the finding read-only).
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY loaded)
    Q_PROPERTY(QVariantMap fieldErrors READ fieldErrors NOTIFY fieldErrorsChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(QString errorDetail READ errorDetail NOTIFY errorMessageChanged)
    // What the last write did ("Saved."), for a moment on the page; empty otherwise.
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    // Changes not saved as the record yet (they are in the draft).
    Q_PROPERTY(bool dirty READ isDirty NOTIFY valuesChanged)
    // The form was filled from a draft left by an earlier editor (the app was closed or killed).
    Q_PROPERTY(bool draftRestored READ isDraftRestored NOTIFY valuesChanged)

    Q_PROPERTY(QString status READ status NOTIFY loaded)
    Q_PROPERTY(QString statusLabel READ statusLabel NOTIFY loaded)
    Q_PROPERTY(bool withdrawn READ isWithdrawn NOTIFY loaded)
    Q_PROPERTY(QString withdrawnReason READ withdrawnReason NOTIFY loaded)
    Q_PROPERTY(QString caseOpenedDate READ caseOpenedDate NOTIFY loaded)
    // Recorded during a visit (visit_id set).
    Q_PROPERTY(bool fromVisit READ isFromVisit NOTIFY loaded)
    Q_PROPERTY(QVariantList moves READ moves NOTIFY loaded)
    Q_PROPERTY(bool canWithdraw READ canWithdraw NOTIFY loaded)
    // The role may answer the finding (create a finding_answer for it: the unit concerned).
    Q_PROPERTY(bool mayAnswer READ mayAnswer NOTIFY loaded)
    Q_PROPERTY(QVariantList history READ history NOTIFY loaded)

    Q_PROPERTY(QVariantList categories READ categories CONSTANT)
    Q_PROPERTY(QVariantList sources READ sources CONSTANT)

public:
    explicit FindingEditor(QObject* parent = nullptr);
    ~FindingEditor() override;

    // The fields of the form, in the order the page shows them.
    static const QStringList& formFields();

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& findingId() const { return m_findingId; }
    void setFindingId(const QString& findingId);
    const QString& unitId() const { return m_unitId; }
    void setUnitId(const QString& unitId);
    const QString& visitId() const { return m_visitId; }
    void setVisitId(const QString& visitId);
    const QString& source() const { return m_source; }
    void setSource(const QString& source);
    bool isNew() const { return m_findingId.isEmpty(); }

    bool isLoading() const { return m_loading; }
    bool isBusy() const { return m_busy; }
    bool isReady() const { return m_ready; }
    bool isMissing() const { return m_missing; }
    const QString& unitName() const { return m_unitName; }
    const QString& roleCode() const { return m_role; }
    QVariantMap values() const;
    const QVariantMap& editable() const { return m_editable; }
    const QVariantMap& shown() const { return m_shown; }
    bool canEdit() const;
    const QVariantMap& fieldErrors() const { return m_fieldErrors; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QString& errorDetail() const { return m_errorDetail; }
    const QString& notice() const { return m_notice; }
    bool isDirty() const { return !m_edits.isEmpty(); }
    bool isDraftRestored() const { return m_draftRestored; }
    QString status() const;
    QString statusLabel() const;
    bool isWithdrawn() const;
    QString withdrawnReason() const;
    QString caseOpenedDate() const;
    bool isFromVisit() const;
    const QVariantList& moves() const { return m_moves; }
    bool canWithdraw() const { return m_canWithdraw; }
    bool mayAnswer() const { return m_mayAnswer; }
    const QVariantList& history() const { return m_history; }
    QVariantList categories() const;
    QVariantList sources() const;

    // Sets a field of the form and keeps the form in the draft. Refused (false, errorMessage and
    // errorDetail say why: the core's permission message) for a field the role may not change or
    // not see, while busy, or before the form is ready.
    Q_INVOKABLE bool setValue(const QString& field, const QVariant& value);
    // Creates the finding (a new one) or writes the changed fields; removes the draft with it.
    Q_INVOKABLE void save();
    // Drops the changes not saved and their draft.
    Q_INVOKABLE void discard();
    // Moves the finding along its life cycle to `to` (a state code), as one write. Refused while
    // there are changes not saved: a move may end the role's right to save them.
    Q_INVOKABLE void move(const QString& to);
    // Withdraws the finding; `reason` must not be blank.
    Q_INVOKABLE void withdraw(const QString& reason);
    Q_INVOKABLE void reload();
    Q_INVOKABLE void clearNotice();

    struct Snapshot;

signals:
    void sessionChanged();
    void findingIdChanged();
    void unitIdChanged();
    void visitIdChanged();
    void sourceChanged();
    void loadingChanged();
    void busyChanged();
    void loaded();
    void valuesChanged();
    void fieldErrorsChanged();
    void errorMessageChanged();
    void noticeChanged();
    // save() created the finding (findingId is now its id).
    void created(const QString& findingId);
    // save(), move() or withdraw() wrote the finding.
    void saved();

private:
    void clear();
    void apply(Snapshot snapshot);
    void computePermissions();
    void onRecordsChanged(const QString& type, const QStringList& ids);
    std::string draftKey() const;
    void saveDraft();
    void writeRecord(const QString& what, std::function<Result<Record>(Store&)> write, const QString& done);
    void showError(const fieldcheck::Error& error);
    QString refusalOf(const QString& field) const;
    void setLoading(bool loading);
    void setBusy(bool busy);
    void setError(const QString& message, const QString& detail = {});
    void setNotice(const QString& notice);
    void clearFieldErrors();

    QPointer<Session> m_session;
    QString m_findingId, m_unitId, m_visitId, m_source;
    bool m_loading = false;
    bool m_busy = false;
    bool m_ready = false;
    bool m_missing = false;
    bool m_reloadWanted = false;
    quint64 m_generation = 0;  // one per load asked for: only the newest is shown
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);

    std::unique_ptr<Record> m_record;  // the finding as stored; null for a new one
    QString m_unitName, m_role, m_campaignId, m_today;
    QVariantMap m_base;   // the record's values (or a new finding's defaults), visible fields only
    QVariantMap m_edits;  // what the user changed, not saved yet
    QVariantMap m_editable, m_shown, m_fieldErrors;
    QVariantList m_moves, m_history;
    bool m_canCreate = true;
    bool m_canWithdraw = false;
    bool m_mayAnswer = false;
    bool m_draftTaken = false;  // the draft was read once: later loads keep m_edits
    bool m_draftRestored = false;
    bool m_draftInFlight = false;
    bool m_draftPending = false;
    QString m_errorMessage, m_errorDetail, m_notice;
};

}  // namespace fieldcheck::ui
