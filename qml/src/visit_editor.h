// An on-site visit (现场检查) being done: the Visit page.
//
// QML creates it with the Session, the Devices and one of: a visitId (a visit on this device), an
// assignmentId (a task of the group: its visit, or a new one), a unitId (the unit's open visit, or
// a new one for the unit). A new visit is created only when the user starts it (start()), with the
// group's checklist, linked to the assignment (which goes in progress) if there is one.
//
// What the inspector does, in the page's order:
// - check in (签到): one fix from the position source; its position, accuracy, time and whether the
//   source said it was simulated are written to the visit at once, and the core computes the
//   distance to the unit. The page warns when the fix is far from the unit
//   (visit_rules::kFarFromUnitMetres) or simulated;
// - who is present: the group's members (and anyone already named) to tick; fewer than two is
//   warned about — the core flags such a visit on submission (the two-person rule), it does not
//   refuse it;
// - the checklist (VisitChecklistModel): an answer of the item's kind, a note, photos;
// - notes;
// - the unit's representative signs on the screen (被检查单位签字确认): the strokes are drawn into
//   a PNG in memory, sealed onto the visit (platform::sealPhoto → Store::attach) and the signature
//   fields set with the hash of the visit's content (visit_rules::visitContentSha256), in one
//   transaction. A change after signing shows (signatureState "changed_after_signing") and must be
//   signed again before submission;
// - submit: started → submitted, refused with what is missing (visit_rules::visitSubmitProblems,
//   the signature included); the assignment is then done.
//
// Every change to the form (who is present, answers, notes) is saved at once as the draft of the
// visit (drafts.h, kind "visit", key the visit's id) — killing the app loses nothing, and reopening
// restores it and says so (draftRestored). The record itself is written at the meaningful points —
// check-in, signing, submission — with the form's content, so that the outbox holds a few changes
// per visit rather than one per keystroke. All store work runs on the session's store thread.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QSizeF>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices.h"
#include "fieldcheck/core/records.h"
#include "nlohmann/json.hpp"
#include "session.h"
#include "visit_checklist_model.h"

namespace fieldcheck::platform {
struct CapturedPhoto;
struct PositionFix;
}  // namespace fieldcheck::platform

namespace fieldcheck::ui {

class VisitEditor : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(fieldcheck::ui::Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(fieldcheck::ui::Devices* devices READ devices WRITE setDevices NOTIFY devicesChanged)
    Q_PROPERTY(QString visitId READ visitId WRITE setVisitId NOTIFY visitIdChanged)
    Q_PROPERTY(QString assignmentId READ assignmentId WRITE setAssignmentId NOTIFY assignmentIdChanged)
    Q_PROPERTY(QString unitId READ unitId WRITE setUnitId NOTIFY unitIdChanged)

    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    // A write (start, check-in, signing, submission, a photo) is under way.
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // Why nothing could be shown (no such visit, the store could not be read); empty otherwise.
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY loaded)
    // What the last action did or why it was refused, for the user; empty when nothing to say.
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)

    Q_PROPERTY(bool found READ isFound NOTIFY loaded)         // a visit record is shown
    Q_PROPERTY(bool canStart READ canStart NOTIFY loaded)     // start() would start one
    Q_PROPERTY(bool editable READ isEditable NOTIFY loaded)   // under way: the form takes changes
    Q_PROPERTY(QString status READ status NOTIFY loaded)
    Q_PROPERTY(QString statusLabel READ statusLabel NOTIFY loaded)
    Q_PROPERTY(QString unitName READ unitName NOTIFY loaded)
    Q_PROPERTY(QString unitAddress READ unitAddress NOTIFY loaded)
    Q_PROPERTY(QString groupName READ groupName NOTIFY loaded)
    Q_PROPERTY(QString checklistName READ checklistName NOTIFY loaded)

    // The form was restored from the draft kept at the last change (after the app was closed or
    // killed), and what to tell the user about it.
    Q_PROPERTY(bool draftRestored READ isDraftRestored NOTIFY draftChanged)
    Q_PROPERTY(QString draftNotice READ draftNotice NOTIFY draftChanged)

    Q_PROPERTY(bool checkingIn READ isCheckingIn NOTIFY checkInChanged)
    Q_PROPERTY(bool checkedIn READ isCheckedIn NOTIFY checkInChanged)
    Q_PROPERTY(QString positionText READ positionText NOTIFY checkInChanged)
    Q_PROPERTY(QString checkInTime READ checkInTime NOTIFY checkInChanged)
    Q_PROPERTY(double accuracy READ accuracy NOTIFY checkInChanged)              // metres; -1 unknown
    Q_PROPERTY(double distanceToUnit READ distanceToUnit NOTIFY checkInChanged)  // metres; -1 unknown
    Q_PROPERTY(bool unitHasLocation READ unitHasLocation NOTIFY loaded)
    Q_PROPERTY(bool farFromUnit READ isFarFromUnit NOTIFY checkInChanged)
    Q_PROPERTY(bool positionSimulated READ isPositionSimulated NOTIFY checkInChanged)
    Q_PROPERTY(double farThreshold READ farThreshold CONSTANT)
    Q_PROPERTY(QString checkInError READ checkInError NOTIFY checkInChanged)

    // Whom to tick: the group's members, then anyone else named as present when the visit was
    // read. Changes only when the visit is read again, so that ticking a name never rebuilds the
    // list under the finger.
    Q_PROPERTY(QStringList inspectorNames READ inspectorNames NOTIFY membersChanged)
    // Who is ticked, in the order ticked; inspectorsPresent is the same as the record writes it.
    Q_PROPERTY(QStringList presentNames READ presentNames NOTIFY inspectorsChanged)
    Q_PROPERTY(QString inspectorsPresent READ inspectorsPresent NOTIFY inspectorsChanged)
    Q_PROPERTY(int presentCount READ presentCount NOTIFY inspectorsChanged)
    Q_PROPERTY(bool fewerThanTwo READ fewerThanTwo NOTIFY inspectorsChanged)

    Q_PROPERTY(fieldcheck::ui::VisitChecklistModel* checklist READ checklist CONSTANT)
    Q_PROPERTY(int answeredCount READ answeredCount NOTIFY formChanged)
    Q_PROPERTY(QString notes READ notes WRITE setNotes NOTIFY notesChanged)

    // "unsigned", "valid" or "changed_after_signing" (visit_rules::SignatureState), for the form
    // as it stands: an answer changed after signing shows at once.
    Q_PROPERTY(QString signatureState READ signatureState NOTIFY formChanged)
    Q_PROPERTY(QString signedBy READ signedBy NOTIFY loaded)
    Q_PROPERTY(QString signedTime READ signedTime NOTIFY loaded)

    // What submission still needs, in the user's words (empty: it can be submitted).
    Q_PROPERTY(QStringList missing READ missing NOTIFY formChanged)
    Q_PROPERTY(bool cameraAvailable READ isCameraAvailable NOTIFY devicesChanged)
    // The item a photo is being taken for; empty when none.
    Q_PROPERTY(QString photoItem READ photoItem NOTIFY photoChanged)

public:
    explicit VisitEditor(QObject* parent = nullptr);
    ~VisitEditor() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    Devices* devices() const { return m_devices; }
    void setDevices(Devices* devices);
    const QString& visitId() const { return m_visitId; }
    void setVisitId(const QString& visitId);
    const QString& assignmentId() const { return m_assignmentId; }
    void setAssignmentId(const QString& assignmentId);
    const QString& unitId() const { return m_unitId; }
    void setUnitId(const QString& unitId);

    bool isLoading() const { return m_loading; }
    bool isBusy() const { return m_busy; }
    const QString& errorMessage() const { return m_errorMessage; }
    const QString& message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }
    bool isFound() const { return m_found; }
    bool canStart() const;
    bool isEditable() const;
    QString status() const;
    QString statusLabel() const;
    const QString& unitName() const { return m_unitName; }
    const QString& unitAddress() const { return m_unitAddress; }
    const QString& groupName() const { return m_groupName; }
    const QString& checklistName() const { return m_checklistName; }
    bool isDraftRestored() const { return m_draftRestored; }
    const QString& draftNotice() const { return m_draftNotice; }

    bool isCheckingIn() const { return m_checkingIn; }
    bool isCheckedIn() const;
    QString positionText() const;
    QString checkInTime() const;
    double accuracy() const;
    double distanceToUnit() const;
    bool unitHasLocation() const { return m_unitHasLocation; }
    bool isFarFromUnit() const;
    bool isPositionSimulated() const;
    double farThreshold() const;
    const QString& checkInError() const { return m_checkInError; }

    QStringList inspectorNames() const;
    QStringList presentNames() const;
    QString inspectorsPresent() const;
    int presentCount() const { return static_cast<int>(m_present.size()); }
    bool fewerThanTwo() const { return m_present.size() < 2; }

    VisitChecklistModel* checklist() const { return m_checklist; }
    int answeredCount() const;
    QString notes() const { return QString::fromStdString(m_notes); }
    void setNotes(const QString& notes);

    QString signatureState() const;
    QString signedBy() const;
    QString signedTime() const;
    QStringList missing() const;
    bool isCameraAvailable() const;
    const QString& photoItem() const { return m_photoItem; }

    // Reads the visit (or what a new one would be) again, with its draft.
    Q_INVOKABLE void reload();
    // Creates the visit (or moves a planned one) to "started"; the assignment goes in progress.
    Q_INVOKABLE void start();
    // Asks the position source for one fix and records it as the visit's check-in.
    Q_INVOKABLE void checkIn();
    Q_INVOKABLE void setInspectorPresent(const QString& name, bool present);
    // `value`: a choice's code, a text, a number; null/undefined or "" clears the answer.
    Q_INVOKABLE void setAnswer(const QString& itemCode, const QVariant& value);
    Q_INVOKABLE void setItemNote(const QString& itemCode, const QString& note);
    // The representative's signature: `strokes` is a list of strokes, each a list of points ({x, y}
    // maps or QPointF) on a surface of `width` × `height`. Refused without a name or strokes.
    Q_INVOKABLE void sign(const QString& signerName, const QVariantList& strokes, qreal width, qreal height);
    Q_INVOKABLE void submit();
    // Hides the message (the user read it). Messages that report success go by themselves after
    // kMessageTimeoutMs; refusals and errors stay until dismissed or replaced.
    Q_INVOKABLE void dismissMessage();
    static constexpr int kMessageTimeoutMs = 6000;
    // Takes a photo with the device's camera and seals it onto the visit for the item `itemCode`
    // (its code starts the file name, which is how the page counts an item's photos).
    Q_INVOKABLE void takePhoto(const QString& itemCode);

    // The PNG of a signature drawn as `strokes` on `size` (black on white), encoded in memory.
    // Empty when nothing was drawn. Public for tests.
    static QByteArray renderSignature(const QVariantList& strokes, const QSizeF& size);

    struct Snapshot;
    struct WriteResult;

signals:
    void sessionChanged();
    void devicesChanged();
    void visitIdChanged();
    void assignmentIdChanged();
    void unitIdChanged();
    void loadingChanged();
    void busyChanged();
    void messageChanged();
    void loaded();
    void draftChanged();
    void checkInChanged();
    void inspectorsChanged();
    void membersChanged();
    void notesChanged();
    // The form or the record changed: signatureState, missing, answeredCount.
    void formChanged();
    void photoChanged();
    // The visit was started, signed, submitted.
    void started();
    void signedVisit();
    void submitted();

private:
    void clear();
    void apply(Snapshot snapshot);
    void applyRecord(const fieldcheck::Record& visit);
    void onRecordsChanged(const QString& type, const QStringList& ids);
    void onFix(const fieldcheck::platform::PositionFix& fix);
    void onFixFailed(const QString& why);
    void onPhoto(const fieldcheck::platform::CapturedPhoto& photo);
    void onPhotoFailed(const QString& why);
    void disconnectPosition();
    void disconnectCamera();
    void formEdited();
    void saveDraft();
    nlohmann::json formContent() const;
    fieldcheck::Record prospective() const;
    // Runs a write of the visit on the store thread; `then` gets its result on this thread.
    void write(std::function<WriteResult(fieldcheck::Store&)> job, std::function<void(WriteResult)> then);
    void finishWrite(const WriteResult& result);
    void setLoading(bool loading);
    void setBusy(bool busy);
    void setMessage(const QString& message, bool isError);
    void announce(const QStringList& types);

    QPointer<Session> m_session;
    QPointer<Devices> m_devices;
    QString m_visitId, m_assignmentId, m_unitId;
    bool m_loading = false;
    bool m_busy = false;
    int m_pendingWrites = 0;
    bool m_announcing = false;  // our own notifyChanged(): no reload for it
    QString m_errorMessage, m_message;
    bool m_messageIsError = false;
    quint64 m_generation = 0;   // one per load asked for: only the newest is shown
    quint64 m_editSerial = 0;   // one per change to the form: a load that saw an older form keeps this one

    // What was read.
    bool m_found = false;
    bool m_startable = false;
    fieldcheck::Record m_record;
    std::optional<fieldcheck::Record> m_template;
    QString m_unitName, m_unitAddress, m_groupName, m_checklistName;
    bool m_unitHasLocation = false;
    std::vector<std::string> m_members;  // the group's people, in order, and others present when read
    // For a visit not started yet: what start() creates it with.
    struct StartPlan {
        std::string assignmentId, unitId, groupId, campaignId, checklistId, presentByDefault;
    } m_plan;

    // The form.
    std::vector<std::string> m_present;
    nlohmann::json m_answers = nlohmann::json::object();
    std::string m_notes;
    bool m_draftRestored = false;
    QString m_draftNotice;

    // Devices at work.
    bool m_checkingIn = false;
    QString m_checkInError;
    QString m_photoItem;
    QTimer m_messageTimer;
    QMetaObject::Connection m_fixConnection, m_fixFailedConnection, m_photoConnection, m_photoFailedConnection;

    VisitChecklistModel* m_checklist;
};

}  // namespace fieldcheck::ui
