// One record of any type as a form, driven by the core's record type spec (records.h) and its
// permission table (permissions.h): the small filings of the units and the leaders — a
// self-inspection (自查自纠, with its zero report 零报告), a rectification plan (整改方案) and its
// measures (整改措施), a monthly report (月度整改报告), an escalation (请示报告) and its answer, an
// answer to a finding (问题答复), an accountability case's decision (问责) — without one hand-made
// editor per type. FindingEditor (finding_editor.h) is the model it generalises; what differs:
//
// - the form's fields are the spec's, in its order: all but the computed ones, the life-cycle
//   status, the campaign (a new record takes the newest campaign), references (the opener gives
//   them as `presets`) and JSON documents; `fields` says each one's name, label, kind ("text",
//   "longtext", "integer", "number", "money", "date", "month", "bool", "choice"), whether it is
//   required and its choices [{value, label}];
// - `presets` (field → value) are fixed by the opener (the unit, the plan, the month, the finding):
//   written on create, never offered as editable; a new record's draft is keyed by them;
// - move(to) writes the changes not saved yet together with the new state in ONE update: a move
//   that needs a field (an accountability case is confirmed with its measure, an escalation is
//   answered with its answer, a measure is done with its evidence) is made by filling the field and
//   pressing the move. The core's rules decide; their refusal is shown (errorDetail), on the field
//   it names where it names one, and nothing typed is lost.
//
// As in FindingEditor: the role is the store's (sync_state "role"; not enrolled: everything is
// allowed, as the store allows it), what it may see is roleVisibility() (scope.h), what it may
// change is authorize() asked per field and per move; every change goes into a draft (drafts.h,
// kind "record:<type>", key the record's id or "new:" + the presets) at once; every read and write
// is a job on the session's store thread; the editor reloads on writes to its record and after a
// sync, keeping what was not saved, and empties when the session locks.
//
// Values in the form are text: bool "true"/"false", money "1234.50", integers as digits, dates
// "YYYY-MM-DD", months "YYYY-MM"; save() turns them into the JSON the core takes (a JSON boolean,
// a JSON number).
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <atomic>
#include <functional>
#include <memory>

#include "nlohmann/json.hpp"
#include "session.h"

namespace fieldcheck {
struct Error;
struct Record;
struct RecordTypeSpec;
}  // namespace fieldcheck

namespace fieldcheck::ui {

class RecordEditor : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    // The record type ("self_inspection", "monthly_report", …).
    Q_PROPERTY(QString type READ type WRITE setType NOTIFY typeChanged)
    // The record shown; empty for a new one. Set by the editor itself once save() has created it.
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY recordIdChanged)
    // Fields fixed by the opener (e.g. {unit_id, month}): set on create, never editable.
    Q_PROPERTY(QVariantMap presets READ presets WRITE setPresets NOTIFY presetsChanged)
    Q_PROPERTY(bool isNew READ isNew NOTIFY recordIdChanged)
    // The type's name in the app's words ("Self-inspection").
    Q_PROPERTY(QString typeLabel READ typeLabel NOTIFY typeChanged)

    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // The record (or, for a new one, what its presets name) was read: the form can be shown.
    Q_PROPERTY(bool ready READ isReady NOTIFY loaded)
    // It is not on this device, or the type is unknown (errorMessage says so).
    Q_PROPERTY(bool missing READ isMissing NOTIFY loaded)
    // The unit the record is about (its unit_id, or the preset's), when it has one.
    Q_PROPERTY(QString unitName READ unitName NOTIFY loaded)
    // The enrolled role (person.role); empty when the device is not enrolled.
    Q_PROPERTY(QString roleCode READ roleCode NOTIFY loaded)

    // [{name, label, kind, required, choices: [{value, label}]}] in the spec's order; the fields
    // the role may not see are left out. Notified only when they differ, so that a reload (a
    // save, a sync) does not rebuild the controls under the user's fingers.
    Q_PROPERTY(QVariantList fields READ fields NOTIFY fieldsChanged)
    // What the record states that is not a field of the form — the presets of a new one (the
    // month), the dates the rules set on an existing one (filed on, decided on) — as
    // [{name, label, value}], value in words; empty ones are left out.
    Q_PROPERTY(QVariantList facts READ facts NOTIFY loaded)
    Q_PROPERTY(QVariantMap values READ values NOTIFY valuesChanged)
    Q_PROPERTY(QVariantMap editable READ editable NOTIFY loaded)
    Q_PROPERTY(QVariantMap shown READ shown NOTIFY loaded)
    // Some field may be changed (false: the page shows the record read-only).
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
    // [{to, label, statusLabel}]: the life-cycle moves the role may make from the present state.
    Q_PROPERTY(QVariantList moves READ moves NOTIFY loaded)
    Q_PROPERTY(bool canWithdraw READ canWithdraw NOTIFY loaded)
    // The record's audit entries and its attachments', newest first: [{action, actionLabel, actor,
    // when, detail}].
    Q_PROPERTY(QVariantList history READ history NOTIFY loaded)

public:
    explicit RecordEditor(QObject* parent = nullptr);
    ~RecordEditor() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    const QString& type() const { return m_type; }
    void setType(const QString& type);
    const QString& recordId() const { return m_recordId; }
    void setRecordId(const QString& recordId);
    const QVariantMap& presets() const { return m_presets; }
    void setPresets(const QVariantMap& presets);
    bool isNew() const { return m_recordId.isEmpty(); }
    QString typeLabel() const;

    bool isLoading() const { return m_loading; }
    bool isBusy() const { return m_busy; }
    bool isReady() const { return m_ready; }
    bool isMissing() const { return m_missing; }
    const QString& unitName() const { return m_unitName; }
    const QString& roleCode() const { return m_role; }
    const QVariantList& fields() const { return m_fields; }
    const QVariantList& facts() const { return m_facts; }
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
    const QVariantList& moves() const { return m_moves; }
    bool canWithdraw() const { return m_canWithdraw; }
    const QVariantList& history() const { return m_history; }

    // Sets a field of the form (text, or a bool for a bool field) and keeps the form in the draft.
    // Refused (false; errorMessage and errorDetail say why: the core's permission message) for a
    // field the role may not change or not see, one not in the form, while busy, or before ready.
    Q_INVOKABLE bool setValue(const QString& field, const QVariant& value);
    // Creates the record (a new one) or writes the changed fields; removes the draft with it.
    Q_INVOKABLE void save();
    // Drops the changes not saved and their draft.
    Q_INVOKABLE void discard();
    // Moves the record to the state `to`, writing the changes not saved yet in the same update.
    Q_INVOKABLE void move(const QString& to);
    // Withdraws the record; `reason` must not be blank.
    Q_INVOKABLE void withdraw(const QString& reason);
    Q_INVOKABLE void reload();
    Q_INVOKABLE void clearNotice();

    struct Snapshot;

signals:
    void sessionChanged();
    void typeChanged();
    void recordIdChanged();
    void presetsChanged();
    void loadingChanged();
    void busyChanged();
    void loaded();
    void fieldsChanged();
    void valuesChanged();
    void fieldErrorsChanged();
    void errorMessageChanged();
    void noticeChanged();
    // save() created the record (recordId is now its id).
    void created(const QString& recordId);
    // save(), move() or withdraw() wrote the record.
    void saved();

private:
    const RecordTypeSpec* spec() const;
    void resetForm();
    void clear();
    void apply(Snapshot snapshot);
    void buildFields();
    void buildFacts();
    void computePermissions();
    void onRecordsChanged(const QString& type, const QStringList& ids);
    std::string draftKind() const;
    std::string draftKey() const;
    void saveDraft();
    // The edits not saved, as the core's JSON.
    nlohmann::json pendingChanges() const;
    void writeRecord(const QString& what, std::function<Result<Record>(Store&)> write, const QString& done);
    void showError(const fieldcheck::Error& error);
    QString refusalOf(const QString& field) const;
    void setLoading(bool loading);
    void setBusy(bool busy);
    void setError(const QString& message, const QString& detail = {});
    void setNotice(const QString& notice);
    void clearFieldErrors();

    QPointer<Session> m_session;
    QString m_type, m_recordId;
    QVariantMap m_presets;
    bool m_loading = false;
    bool m_busy = false;
    bool m_ready = false;
    bool m_missing = false;
    bool m_reloadWanted = false;
    quint64 m_generation = 0;  // one per load asked for: only the newest is shown
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);

    std::unique_ptr<Record> m_record;  // the record as stored; null for a new one
    QString m_unitName, m_unitId, m_role, m_campaignId;
    QStringList m_formFields;  // the form's fields in the spec's order, the hidden ones too
    QVariantList m_fields, m_facts;
    QVariantMap m_base;   // the record's values (or a new record's defaults), visible fields only
    QVariantMap m_edits;  // what the user changed, not saved yet
    QVariantMap m_editable, m_shown, m_fieldErrors;
    QVariantList m_moves, m_history;
    bool m_canCreate = true;
    bool m_canWithdraw = false;
    bool m_draftTaken = false;  // the draft was read once: later loads keep m_edits
    bool m_draftRestored = false;
    bool m_draftInFlight = false;
    bool m_draftPending = false;
    QString m_errorMessage, m_errorDetail, m_notice;
};

}  // namespace fieldcheck::ui
