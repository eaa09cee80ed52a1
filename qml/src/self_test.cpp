#include "self_test.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QGuiApplication>
#include <QTextStream>

#include "app_environment.h"
#include "app_settings.h"
#include "devices.h"
#include "drafts.h"
#include "fake_position_source.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/store.h"
#include "record_counts_model.h"
#include "session.h"
#include "sync_controller.h"
#include "ui_driver.h"
#include "unlock_controller.h"
#include "visit_editor.h"

namespace fieldcheck::ui {

namespace {

const QString kPassphrase = QStringLiteral("巡检 correct horse battery");
const QString kWrongPassphrase = QStringLiteral("巡检 correct horse battery?");

class SelfTest {
public:
    SelfTest(QQmlApplicationEngine& engine, const AppEnvironment& environment, AppSettings& settings, Session& session,
             UnlockController& controller, Devices& devices)
        : m_ui(engine),
          m_environment(environment),
          m_settings(settings),
          m_session(session),
          m_controller(controller),
          m_devices(devices) {}

    int run() {
        if (!checkWindow() || !checkCreateRefusals() || !checkCreate() || !checkHome() || !checkFinding() ||
            !checkLock() || !checkWrongPassphrase() || !checkDelay() || !checkUnlock() || !checkPin() || !checkAutoLock() ||
            !checkPassphraseChange() || !checkVisit()) {
            QTextStream(stderr) << "self-test FAILED: " << m_failure << '\n';
            return 1;
        }
        m_session.lock();
        QTextStream(stdout) << "self-test passed (" << m_environment.language() << ")\n";
        return 0;
    }

    // The end-to-end test's two runs of the app on one real store (tests/app/test_end_to_end.cpp
    // starts them, kills the first with SIGKILL and checks the server with a second device).
    // "record": create the store, enrol with the server, sync, set a PIN, start a visit (check-in
    // with the fake position, two inspectors), record a finding with a photo, type a change that
    // is only in the draft, print E2E-READY and wait to be killed. "resume": unlock with the PIN,
    // find the change back, save it, finish and submit the visit, sync, print E2E-DONE.
    int runEndToEnd(const QString& phase, const QString& serverUrl, const QString& password) {
        const bool ok = phase == QLatin1String("record") ? recordBeforeKill(serverUrl, password) : resumeAfterKill();
        if (!ok) {
            QTextStream(stderr) << "e2e " << phase << " FAILED: " << m_failure << '\n';
            return 1;
        }
        if (phase == QLatin1String("record")) {
            QTextStream(stdout) << "E2E-READY" << Qt::endl;
            QEventLoop().exec();  // until the test kills this process
        }
        QTextStream(stdout) << "E2E-DONE" << Qt::endl;
        m_session.lock();
        return 0;
    }

private:
    static constexpr const char* kE2ePin = "2468";

    bool syncThroughPage() {
        auto* syncer = qobject_cast<SyncController*>(m_ui.object(QStringLiteral("syncController")));
        if (!expect(syncer != nullptr && m_ui.click(QStringLiteral("syncTab")) && m_ui.waitForShown(QStringLiteral("syncPage")),
                    QStringLiteral("no Sync page"))) {
            return false;
        }
        bool finished = false, succeeded = false;
        const auto connection = QObject::connect(syncer, &SyncController::finished, [&](bool ok) {
            finished = true;
            succeeded = ok;
        });
        const bool done = expect(m_ui.click(QStringLiteral("syncButton")), m_ui.lastError()) &&
                          expect(m_ui.waitFor([&] { return finished; }, 120000), QStringLiteral("the sync did not finish")) &&
                          expect(succeeded, QStringLiteral("the sync failed: %1").arg(syncer->errorMessage()));
        QObject::disconnect(connection);
        return done;
    }

    bool recordBeforeKill(const QString& serverUrl, const QString& password) {
        step(QStringLiteral("e2e: create, enrol, sync, PIN"));
        if (!expect(m_ui.waitForShown(QStringLiteral("unlockPage")), QStringLiteral("no unlock page")) ||
            !submit(kPassphrase, kPassphrase) || !expect(m_session.isUnlocked(), QStringLiteral("the store was not created")) ||
            !expect(m_ui.click(QStringLiteral("syncTab")) && m_ui.waitForShown(QStringLiteral("enrolmentCard")) &&
                        m_ui.type(QStringLiteral("enrolmentAddressField"), serverUrl) &&
                        m_ui.type(QStringLiteral("enrolmentUserField"), QStringLiteral("g1m1")) &&
                        m_ui.type(QStringLiteral("enrolmentPasswordField"), password) && m_ui.click(QStringLiteral("enrolButton")),
                    QStringLiteral("the enrolment form cannot be filled in: %1").arg(m_ui.lastError()))) {
            return false;
        }
        QObject* syncer = m_ui.object(QStringLiteral("syncController"));
        QObject* enrolment = m_ui.object(QStringLiteral("enrolmentController"));
        if (!expect(syncer != nullptr && m_ui.waitFor([syncer] { return syncer->property("enrolled").toBool(); }, 60000),
                    QStringLiteral("the device was not enrolled: %1")
                        .arg(enrolment ? enrolment->property("errorMessage").toString() : QString())) ||
            !syncThroughPage() ||
            !expect(m_ui.click(QStringLiteral("settingsTab")) && m_ui.waitForShown(QStringLiteral("pinCard")) &&
                        m_ui.type(QStringLiteral("pinPassphraseField"), kPassphrase) &&
                        m_ui.type(QStringLiteral("newPinField"), QString::fromLatin1(kE2ePin)) &&
                        m_ui.type(QStringLiteral("newPinAgainField"), QString::fromLatin1(kE2ePin)) &&
                        m_ui.click(QStringLiteral("setPinButton")),
                    m_ui.lastError()) ||
            !expect(m_ui.waitFor([this] { return !m_controller.isPinBusy() && m_controller.isPinSet(); }, 30000),
                    QStringLiteral("the PIN was not set (the key store): %1").arg(m_controller.pinMessage())) ||
            !expect(m_ui.click(QStringLiteral("todayTab")) && m_ui.waitForShown(QStringLiteral("todayPage")),
                    QStringLiteral("no Today page"))) {
            return false;
        }

        step(QStringLiteral("e2e: a visit checked in with two inspectors"));
        const LocatedUnit unit = locatedElderlyHome();
        auto* position = qobject_cast<fieldcheck::platform::FakePositionSource*>(m_devices.position());
        if (!expect(!unit.id.isEmpty() && position != nullptr, QStringLiteral("no located unit, or no fake position"))) return false;
        position->setFix(unit.latitude + 0.0002, unit.longitude, 8.0, false);
        if (!openUnit(unit.id) ||
            !expect(m_ui.waitForShown(QStringLiteral("unitStartVisitButton")) && m_ui.click(QStringLiteral("unitStartVisitButton")) &&
                        m_ui.waitForShown(QStringLiteral("visitStartButton")) && m_ui.click(QStringLiteral("visitStartButton")),
                    QStringLiteral("no visit can be started: %1").arg(m_ui.lastError()))) {
            return false;
        }
        auto* visit = qobject_cast<VisitEditor*>(m_ui.object(QStringLiteral("visitEditor")));
        if (!expect(visit != nullptr && m_ui.waitFor([visit] { return visit->isEditable() && !visit->isLoading(); }),
                    QStringLiteral("the visit did not start")) ||
            !expect(m_ui.click(QStringLiteral("checkInButton")) && m_ui.waitFor([visit] { return visit->isCheckedIn() && !visit->isBusy(); }),
                    QStringLiteral("no check-in: %1").arg(visit->checkInError())) ||
            !expect(m_ui.click(QStringLiteral("inspector_0")) && m_ui.click(QStringLiteral("inspector_1")) && visit->presentCount() == 2,
                    QStringLiteral("two inspectors could not be ticked")) ||
            !back(QStringLiteral("visitBackButton"))) {
            return false;
        }

        step(QStringLiteral("e2e: a finding with a photo, then a change only in the draft"));
        if (!expect(m_ui.waitForShown(QStringLiteral("recordFindingButton")) && m_ui.click(QStringLiteral("recordFindingButton")) &&
                        m_ui.waitForShown(QStringLiteral("findingPage")),
                    QStringLiteral("no way to record a finding: %1").arg(m_ui.lastError()))) {
            return false;
        }
        QObject* editor = m_ui.object(QStringLiteral("findingEditor"));
        auto choose = [editor](const char* field, const char* value) {
            bool ok = false;
            QMetaObject::invokeMethod(editor, "setValue", Q_RETURN_ARG(bool, ok), Q_ARG(QString, QString::fromLatin1(field)),
                                      Q_ARG(QVariant, QString::fromLatin1(value)));
            return ok;
        };
        if (!expect(editor != nullptr && m_ui.waitFor([editor] { return editor->property("ready").toBool(); }),
                    QStringLiteral("the finding form did not load")) ||
            !expect(m_ui.type(QStringLiteral("findingDescriptionField"), QStringLiteral("E2E-消防通道堆放杂物-canary-7f3a")) &&
                        choose("category", "safety") && choose("source", "visit") && m_ui.click(QStringLiteral("findingSaveButton")),
                    QStringLiteral("the finding cannot be filled in: %1").arg(m_ui.lastError())) ||
            !expect(m_ui.waitFor([editor] { return !editor->property("isNew").toBool() && !editor->property("busy").toBool(); }),
                    QStringLiteral("the finding was not saved: %1").arg(editor->property("errorMessage").toString())) ||
            !expect(m_ui.waitForShown(QStringLiteral("findingPhotoTakeButton")) && m_ui.click(QStringLiteral("findingPhotoTakeButton")),
                    QStringLiteral("no photo can be taken: %1").arg(m_ui.lastError()))) {
            return false;
        }
        QObject* photos = m_ui.object(QStringLiteral("findingPhotoController"));
        const QString findingId = editor->property("findingId").toString();
        auto drafted = [this, findingId] {
            bool found = false;
            m_session.runAndWait([&](Store& store) {
                auto d = drafts::load(store, "finding", findingId.toStdString());
                found = d.ok() && d.value().has_value();
            });
            return found;
        };
        return expect(photos != nullptr && m_ui.waitFor([photos] { return photos->property("count").toInt() == 1; }),
                      QStringLiteral("the photo was not sealed")) &&
               expect(m_ui.type(QStringLiteral("findingSubcategoryField"), QStringLiteral("E2E-unsaved-draft-canary-91c2")),
                      m_ui.lastError()) &&
               expect(m_ui.waitFor(drafted), QStringLiteral("the unsaved change is not in the draft"));
    }

    bool resumeAfterKill() {
        step(QStringLiteral("e2e: unlock with the PIN after the kill"));
        if (!expect(m_ui.waitForShown(QStringLiteral("unlockPage")) && m_controller.isPinSet(),
                    QStringLiteral("the unlock page does not offer the PIN after the restart")) ||
            !submit(QString::fromLatin1(kE2ePin)) ||
            !expect(m_session.isUnlocked(), QStringLiteral("the PIN did not open the store: %1").arg(m_controller.errorMessage()))) {
            return false;
        }
        step(QStringLiteral("e2e: the draft is intact; save it"));
        const LocatedUnit unit = locatedElderlyHome();
        if (!openUnit(unit.id) || !expect(m_ui.click(QStringLiteral("openFinding0")) && m_ui.waitForShown(QStringLiteral("findingPage")),
                                          QStringLiteral("the finding does not open from its unit"))) {
            return false;
        }
        QObject* editor = m_ui.object(QStringLiteral("findingEditor"));
        if (!expect(editor != nullptr && m_ui.waitFor([editor] { return editor->property("ready").toBool(); }),
                    QStringLiteral("the finding did not load")) ||
            !expect(editor->property("draftRestored").toBool() &&
                        m_ui.text(QStringLiteral("findingSubcategoryField")) == QStringLiteral("E2E-unsaved-draft-canary-91c2"),
                    QStringLiteral("the change typed before the kill is lost: '%1'").arg(m_ui.text(QStringLiteral("findingSubcategoryField")))) ||
            !expect(m_ui.click(QStringLiteral("findingSaveButton")) &&
                        m_ui.waitFor([editor] { return !editor->property("busy").toBool() && !editor->property("draftRestored").toBool(); }),
                    QStringLiteral("the restored change was not saved: %1").arg(editor->property("errorMessage").toString())) ||
            !back(QStringLiteral("findingBackButton"))) {
            return false;
        }
        step(QStringLiteral("e2e: finish, sign and submit the visit; sync"));
        if (!expect(m_ui.click(QStringLiteral("unitStartVisitButton")), QStringLiteral("the visit cannot be continued"))) return false;
        auto* visit = qobject_cast<VisitEditor*>(m_ui.object(QStringLiteral("visitEditor")));
        if (!expect(visit != nullptr && m_ui.waitFor([visit] { return visit->isEditable() && !visit->isLoading(); }),
                    QStringLiteral("the started visit did not open again")) ||
            !expect(visit->isCheckedIn() && visit->presentCount() == 2,
                    QStringLiteral("the visit lost its check-in or its inspectors across the kill"))) {
            return false;
        }
        for (const auto& row : visit->checklist()->rows()) {
            if (!expect(m_ui.click(QStringLiteral("answer_%1_ok").arg(QString::fromStdString(row.code))), m_ui.lastError())) return false;
        }
        QQuickItem* pad = m_ui.item(QStringLiteral("signaturePad"));
        const QVariantList stroke = {QVariantMap{{QStringLiteral("x"), 20}, {QStringLiteral("y"), 90}},
                                     QVariantMap{{QStringLiteral("x"), 80}, {QStringLiteral("y"), 40}},
                                     QVariantMap{{QStringLiteral("x"), 140}, {QStringLiteral("y"), 110}}};
        return expect(pad != nullptr && m_ui.type(QStringLiteral("signerField"), QStringLiteral("E2E签字人")) &&
                          QMetaObject::invokeMethod(pad, "addStroke", Q_ARG(QVariant, QVariant(stroke))) &&
                          m_ui.click(QStringLiteral("signButton")) &&
                          m_ui.waitFor([visit] { return visit->signatureState() == QLatin1String("valid") && !visit->isBusy(); }),
                      QStringLiteral("the signature was not sealed: %1").arg(visit->message())) &&
               expect(m_ui.click(QStringLiteral("submitVisitButton")) &&
                          m_ui.waitFor([visit] { return visit->status() == QLatin1String("submitted") && !visit->isBusy(); }),
                      QStringLiteral("the visit was not submitted: %1").arg(visit->message())) &&
               back(QStringLiteral("visitBackButton")) && back(QStringLiteral("unitBackButton")) && syncThroughPage();
    }

    bool expect(bool condition, const QString& what) {
        if (!condition && m_failure.isEmpty()) m_failure = what;
        return condition;
    }
    static void step(const QString& what) { QTextStream(stdout) << "self-test: " << what << '\n'; }

    bool storeFilesExist() const { return QFileInfo::exists(m_session.storePath()); }

    // Fills the visible passphrase fields, taps the submit button and waits for the attempt.
    bool submit(const QString& passphrase, const QString& confirmation = {}) {
        if (!expect(m_ui.type(QStringLiteral("passphraseField"), passphrase), m_ui.lastError())) {
            return false;
        }
        if (m_ui.isShown(QStringLiteral("confirmationField")) &&
            !expect(m_ui.type(QStringLiteral("confirmationField"), confirmation),
                    m_ui.lastError())) {
            return false;
        }
        if (!expect(m_ui.click(QStringLiteral("submitButton")), m_ui.lastError())) return false;
        if (!expect(m_ui.text(QStringLiteral("passphraseField")).isEmpty() &&
                        m_ui.text(QStringLiteral("confirmationField")).isEmpty(),
                    QStringLiteral("the passphrase fields were not cleared after use"))) {
            return false;
        }
        return expect(m_ui.waitFor([this] { return !m_controller.isBusy(); }),
                      QStringLiteral("the unlock attempt did not finish"));
    }

    bool errorShown(const QString& expected) {
        const QString shown = m_ui.text(QStringLiteral("unlockError"));
        return expect(m_ui.waitForShown(QStringLiteral("unlockError"), 2000),
                      QStringLiteral("no error message is shown")) &&
               expect(shown == expected,
                      QStringLiteral("error shown is '%1', expected '%2'").arg(shown, expected));
    }

    bool checkWindow() {
        step(QStringLiteral("window"));
        QQuickWindow* window = m_ui.window();
        if (!expect(window != nullptr, QStringLiteral("Main.qml did not create a window"))) {
            return false;
        }
        if (!expect(m_environment.translationLoaded(),
                    QStringLiteral("the %1 translation is not embedded")
                        .arg(m_environment.language()))) {
            return false;
        }
        const QString expectedTitle = m_environment.language() == QLatin1String("en")
                                          ? QStringLiteral("FieldCheck")
                                          : QStringLiteral("正风巡检");
        return expect(window->title() == expectedTitle,
                      QStringLiteral("window title is '%1', expected '%2'")
                          .arg(window->title(), expectedTitle));
    }

    bool checkCreateRefusals() {
        step(QStringLiteral("create: refusals"));
        if (!expect(m_ui.waitForShown(QStringLiteral("unlockPage")),
                    QStringLiteral("the unlock page is not shown")) ||
            !expect(
                !m_controller.storeExists() && m_ui.isShown(QStringLiteral("confirmationField")),
                QStringLiteral("without a store the unlock page is not in create mode"))) {
            return false;
        }
        if (!submit(QStringLiteral("short"), QStringLiteral("short")) ||
            !errorShown(UnlockController::tr("The passphrase must have at least %1 characters.")
                            .arg(UnlockController::kMinimumPassphraseLength)) ||
            !expect(!storeFilesExist(), QStringLiteral("a too-short passphrase created a store"))) {
            return false;
        }
        return submit(kPassphrase, kWrongPassphrase) &&
               errorShown(UnlockController::tr(
                   "The two passphrases do not match. Enter the same passphrase twice.")) &&
               expect(!storeFilesExist(), QStringLiteral("mismatched passphrases created a store"));
    }

    bool checkCreate() {
        step(QStringLiteral("create"));
        return submit(kPassphrase, kPassphrase) &&
               expect(m_session.isUnlocked(), QStringLiteral("creating the store failed: %1")
                                                  .arg(m_controller.errorMessage())) &&
               expect(storeFilesExist(), QStringLiteral("no store file after creating"));
    }

    static QString neverSyncedText() {
        return QCoreApplication::translate("TodayPage", "Never synced");
    }

    bool checkHome() {
        step(QStringLiteral("home page"));
        if (!expect(m_ui.waitForShown(QStringLiteral("todayPage")),
                    QStringLiteral("Today is not shown after unlocking")) ||
            !expect(m_ui.waitForShown(QStringLiteral("emptyState")),
                    QStringLiteral("Today shows no empty state for a new store")) ||
            !expect(m_ui.text(QStringLiteral("lastContactLabel")) == neverSyncedText(),
                    QStringLiteral("Today does not say that a new store never synced")) ||
            !expect(m_ui.click(QStringLiteral("settingsTab")) && m_ui.waitForShown(QStringLiteral("settingsPage")),
                    QStringLiteral("the Settings tab does not open Settings")) ||
            !expect(m_ui.text(QStringLiteral("storeIdLabel")) == m_session.storeId() &&
                        !m_session.storeId().isEmpty(),
                    QStringLiteral("Settings → About does not show the store id")) ||
            !expect(m_ui.click(QStringLiteral("syncTab")) && m_ui.waitForShown(QStringLiteral("syncPage")),
                    QStringLiteral("the Sync tab does not open the Sync page")) ||
            // A new store is not enrolled: the sync card says so and its button does nothing.
            !expect(m_ui.isShown(QStringLiteral("syncCard")) && !m_ui.isEnabled(QStringLiteral("syncButton")),
                    QStringLiteral("the sync card is missing, or offers to sync a store that is not enrolled")) ||
            !expect(!m_ui.click(QStringLiteral("syncButton")) && !m_ui.isShown(QStringLiteral("syncProgress")),
                    QStringLiteral("a sync started on a store that is not enrolled"))) {
            return false;
        }
        auto* counts =
            qobject_cast<RecordCountsModel*>(m_ui.object(QStringLiteral("recordCounts")));
        return expect(counts != nullptr, QStringLiteral("no record counts in Settings")) &&
               expect(m_ui.waitFor([counts] { return counts->rowCount() > 0; }),
                      QStringLiteral("the record counts never arrived from the store thread")) &&
               expect(counts->rowCount() > 0 && counts->rowCount() <= RecordCountsModel::kMaxRows,
                      QStringLiteral("record counts has %1 rows").arg(counts->rowCount())) &&
               expect(counts->visitCount() == 0, QStringLiteral("a new store counts visits")) &&
               expect(counts->countOf(QStringLiteral("finding")) == 0,
                      QStringLiteral("a new store does not count zero findings")) &&
               expect(counts->errorMessage().isEmpty(), counts->errorMessage());
    }

    // A unit's page → "Record a finding": the missing required fields are marked, a filled form is
    // saved, a photo from the (fake) camera is sealed; a change left unsaved survives locking and
    // comes back when the finding is opened again; then back to the shell.
    bool checkFinding() {
        step(QStringLiteral("finding"));
        QString unitId;
        m_session.runAndWait([&](Store& store) {
            auto unit = store.createRecord("unit", {{"code", "ST-001"}, {"name", "自测福利院"}, {"unit_type", "elderly_home"}});
            if (unit.ok()) unitId = QString::fromStdString(unit->id);
        });
        if (!expect(!unitId.isEmpty(), QStringLiteral("no unit to record a finding for"))) return false;
        m_session.notifyManyChanged();
        if (!openUnit(unitId) || !expect(m_ui.click(QStringLiteral("recordFindingButton")), m_ui.lastError()) ||
            !expect(m_ui.waitForShown(QStringLiteral("findingPage")), QStringLiteral("no finding page"))) {
            return false;
        }
        QObject* editor = m_ui.object(QStringLiteral("findingEditor"));
        if (!expect(editor != nullptr && m_ui.waitFor([editor] { return editor->property("ready").toBool(); }),
                    QStringLiteral("the new finding's form did not load")) ||
            !expect(m_ui.click(QStringLiteral("findingSaveButton")) && m_ui.waitForShown(QStringLiteral("findingError_description")) &&
                        m_ui.isShown(QStringLiteral("findingError_category")) && editor->property("isNew").toBool(),
                    QStringLiteral("saving an empty finding did not mark its required fields"))) {
            return false;
        }
        auto choose = [editor](const char* field, const char* value) {
            bool ok = false;
            QMetaObject::invokeMethod(editor, "setValue", Q_RETURN_ARG(bool, ok), Q_ARG(QString, QString::fromLatin1(field)),
                                      Q_ARG(QVariant, QString::fromLatin1(value)));
            return ok;
        };
        if (!expect(m_ui.type(QStringLiteral("findingDescriptionField"), QStringLiteral("消防通道堆放杂物")) &&
                        choose("category", "safety") && choose("source", "visit") &&
                        m_ui.click(QStringLiteral("findingSaveButton")),
                    QStringLiteral("the finding's form cannot be filled in: %1").arg(m_ui.lastError())) ||
            !expect(m_ui.waitFor([editor] { return !editor->property("isNew").toBool() && !editor->property("busy").toBool(); }),
                    QStringLiteral("the finding was not saved: %1").arg(editor->property("errorMessage").toString())) ||
            // The photo strip learns that the saved finding takes photos from its own read.
            !expect(m_ui.waitForShown(QStringLiteral("findingPhotoTakeButton")) &&
                        m_ui.click(QStringLiteral("findingPhotoTakeButton")),
                    QStringLiteral("the saved finding offers no photo: %1").arg(m_ui.lastError()))) {
            return false;
        }
        QObject* photos = m_ui.object(QStringLiteral("findingPhotoController"));
        if (!expect(photos != nullptr && m_ui.waitFor([photos] { return photos->property("count").toInt() == 1; }),
                    QStringLiteral("the photo was not sealed"))) {
            return false;
        }
        // Unsaved, in the draft only; the lock closes every page.
        const QString findingId = editor->property("findingId").toString();
        if (!expect(m_ui.type(QStringLiteral("findingSubcategoryField"), QStringLiteral("消防")), m_ui.lastError())) return false;
        auto drafted = [this, findingId] {
            bool found = false;
            m_session.runAndWait([&](Store& store) {
                auto d = drafts::load(store, "finding", findingId.toStdString());
                found = d.ok() && d.value().has_value();
            });
            return found;
        };
        if (!expect(m_ui.waitFor(drafted), QStringLiteral("the change was not kept in a draft"))) return false;
        m_session.lock();
        if (!expect(m_ui.waitForShown(QStringLiteral("unlockPage")), QStringLiteral("locking did not close the finding")) ||
            !submit(kPassphrase) || !expect(m_session.isUnlocked(), QStringLiteral("unlocking failed")) ||
            !openUnit(unitId) || !expect(m_ui.click(QStringLiteral("openFinding0")), m_ui.lastError()) ||
            !expect(m_ui.waitForShown(QStringLiteral("findingPage")), QStringLiteral("the finding does not open from its unit"))) {
            return false;
        }
        editor = m_ui.object(QStringLiteral("findingEditor"));
        if (!expect(editor != nullptr && m_ui.waitFor([editor] { return editor->property("ready").toBool(); }),
                    QStringLiteral("the finding did not load")) ||
            !expect(editor->property("draftRestored").toBool() && m_ui.isShown(QStringLiteral("findingDraftRestored")) &&
                        m_ui.text(QStringLiteral("findingSubcategoryField")) == QStringLiteral("消防"),
                    QStringLiteral("the unsaved change did not come back after locking")) ||
            !expect(m_ui.click(QStringLiteral("findingDiscardButton")) &&
                        m_ui.waitFor([this, drafted] { return !drafted(); }),
                    QStringLiteral("discarding left the draft"))) {
            return false;
        }
        return back(QStringLiteral("findingBackButton")) && back(QStringLiteral("unitBackButton")) &&
               expect(m_ui.click(QStringLiteral("todayTab")), m_ui.lastError());
    }

    // The Units tab, then the unit's page once it is read.
    bool openUnit(const QString& unitId) {
        if (!expect(m_ui.waitForShown(QStringLiteral("appShell")) && m_ui.click(QStringLiteral("unitsTab")) &&
                        m_ui.waitForShown(QStringLiteral("unitsPage")),
                    QStringLiteral("the Units tab does not open"))) {
            return false;
        }
        QMetaObject::invokeMethod(m_ui.item(QStringLiteral("unitsPage")), "choose", Q_ARG(QVariant, unitId));
        QObject* detail = nullptr;
        return expect(m_ui.waitFor([&] {
                          detail = m_ui.object(QStringLiteral("unitDetail"));
                          return detail != nullptr && detail->property("found").toBool() &&
                                 !detail->property("loading").toBool() && stackSettled();
                      }),
                      QStringLiteral("the unit's page did not open"));
    }

    // An elderly home of the store with a recorded location (a visit checks in against it).
    struct LocatedUnit {
        QString id;
        double latitude = 0, longitude = 0;
    };
    LocatedUnit locatedElderlyHome() {
        LocatedUnit located;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            fieldcheck::ListQuery units;
            units.equals = {{"unit_type", "elderly_home"}};
            units.includeWithdrawn = false;
            auto found = store.listRecords("unit", units);
            if (!found.ok()) return;
            for (auto it = found->rbegin(); it != found->rend(); ++it) {
                const auto lat = it->fields.find("latitude"), lon = it->fields.find("longitude");
                if (lat == it->fields.end() || lon == it->fields.end() || !lat->is_number() || !lon->is_number()) continue;
                located = {QString::fromStdString(it->id), lat->get<double>(), lon->get<double>()};
                return;
            }
        });
        return located;
    }

    bool stackSettled() const {
        const QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        return stack != nullptr && !stack->property("busy").toBool();
    }

    bool back(const QString& button) {
        return expect(m_ui.click(button) && m_ui.waitFor([this] { return stackSettled(); }),
                      QStringLiteral("%1 does not go back").arg(button));
    }

    bool checkLock() {
        step(QStringLiteral("lock"));
        return expect(m_ui.click(QStringLiteral("lockButton")), m_ui.lastError()) &&
               expect(m_ui.waitForShown(QStringLiteral("unlockPage")),
                      QStringLiteral("locking did not return to the unlock page")) &&
               expect(!m_session.isUnlocked(), QStringLiteral("the session is still unlocked")) &&
               expect(
                   m_controller.storeExists() && !m_ui.isShown(QStringLiteral("confirmationField")),
                   QStringLiteral("with a store the unlock page is not in unlock mode"));
    }

    bool checkWrongPassphrase() {
        step(QStringLiteral("wrong passphrase"));
        return submit(kWrongPassphrase) &&
               errorShown(UnlockController::tr("Wrong passphrase. Check it and try again.")) &&
               expect(!m_session.isUnlocked() && m_ui.isShown(QStringLiteral("unlockPage")),
                      QStringLiteral("a wrong passphrase unlocked the store"));
    }

    bool checkDelay() {
        step(QStringLiteral("delay after repeated wrong passphrases"));
        // UnlockPolicy: three free failures, then a growing delay (the first wrong one is done).
        for (int attempt = 2; attempt <= 4; ++attempt) {
            if (!submit(kWrongPassphrase)) return false;
        }
        if (!expect(m_controller.retryAfterSeconds() > 0 &&
                        m_ui.isShown(QStringLiteral("retryCountdown")),
                    QStringLiteral("no countdown after four wrong passphrases")) ||
            !expect(m_ui.item(QStringLiteral("submitButton")) != nullptr &&
                        !m_ui.isEnabled(QStringLiteral("submitButton")),
                    QStringLiteral("the unlock button is enabled during the delay"))) {
            return false;
        }
        // A request that arrives during the delay anyway (e.g. the Enter key) is refused by core.
        m_controller.unlock(kPassphrase);
        return expect(m_ui.waitFor([this] { return !m_controller.isBusy(); }),
                      QStringLiteral("the attempt during the delay did not finish")) &&
               errorShown(UnlockController::tr(
                   "Too many wrong passphrases. The store is locked for a while.")) &&
               expect(!m_session.isUnlocked(), QStringLiteral("unlocked during the delay")) &&
               expect(m_ui.waitFor(
                          [this] {
                              return m_controller.retryAfterSeconds() == 0 &&
                                     !m_ui.isShown(QStringLiteral("retryCountdown"));
                          },
                          20000),
                      QStringLiteral("the countdown did not end after the delay"));
    }

    bool checkUnlock() {
        step(QStringLiteral("unlock"));
        return submit(kPassphrase) &&
               expect(m_session.isUnlocked(), QStringLiteral("the right passphrase failed: %1")
                                                  .arg(m_controller.errorMessage())) &&
               expect(m_ui.waitForShown(QStringLiteral("appShell")),
                      QStringLiteral("the app is not shown after unlocking again"));
    }

    // Settings → PIN: set one with the passphrase, lock, and unlock with it; a wrong PIN says how
    // many attempts are left and does not open the store.
    bool checkPin() {
        step(QStringLiteral("PIN"));
        if (!expect(m_ui.click(QStringLiteral("settingsTab")) && m_ui.waitForShown(QStringLiteral("pinCard")),
                    QStringLiteral("no PIN card in Settings")) ||
            !expect(m_ui.type(QStringLiteral("pinPassphraseField"), kPassphrase) &&
                        m_ui.type(QStringLiteral("newPinField"), QStringLiteral("2468")) &&
                        m_ui.type(QStringLiteral("newPinAgainField"), QStringLiteral("2468")) &&
                        m_ui.click(QStringLiteral("setPinButton")),
                    m_ui.lastError()) ||
            !expect(m_ui.waitFor([this] { return !m_controller.isPinBusy() && m_controller.isPinSet(); }),
                    QStringLiteral("setting the PIN failed: %1").arg(m_controller.pinMessage())) ||
            !expect(m_ui.text(QStringLiteral("newPinField")).isEmpty(),
                    QStringLiteral("the PIN field was not cleared after use"))) {
            return false;
        }
        m_session.lock();
        if (!expect(m_ui.waitForShown(QStringLiteral("unlockPage")) && m_ui.isShown(QStringLiteral("switchUnlockModeButton")),
                    QStringLiteral("the unlock page does not offer the PIN"))) {
            return false;
        }
        if (!submit(QStringLiteral("1357")) ||
            !expect(!m_session.isUnlocked(), QStringLiteral("a wrong PIN unlocked the store")) ||
            !errorShown(UnlockController::tr("Wrong PIN. After %n more wrong PIN(s) only the passphrase will open the store.",
                                             nullptr, 4))) {
            return false;
        }
        m_ui.waitFor([this] { return m_controller.retryAfterSeconds() == 0; }, 20000);
        return submit(QStringLiteral("2468")) &&
               expect(m_session.isUnlocked(), QStringLiteral("the right PIN failed: %1").arg(m_controller.errorMessage())) &&
               expect(m_ui.waitForShown(QStringLiteral("appShell")), QStringLiteral("the app is not shown after the PIN"));
    }

    // The app locks itself after the idle time (a "minute" shortened here) and when it goes to the
    // background; the unlock page says why each time.
    bool checkAutoLock() {
        step(QStringLiteral("auto-lock"));
        m_settings.setAutoLockMinutes(1);
        m_settings.setMinuteLengthForTests(300);
        const bool idleLocked = expect(m_ui.waitFor([this] { return !m_session.isUnlocked(); }, 5000),
                                       QStringLiteral("the app did not lock itself after the idle time")) &&
                                expect(m_ui.waitForShown(QStringLiteral("sessionNotice")) &&
                                           m_ui.text(QStringLiteral("sessionNotice")) ==
                                               AppSettings::tr("Locked after %n minute(s) without use.", nullptr, 1),
                                       QStringLiteral("the unlock page does not say why it locked: '%1'")
                                           .arg(m_ui.text(QStringLiteral("sessionNotice"))));
        m_settings.setMinuteLengthForTests(60 * 1000);
        m_settings.setAutoLockMinutes(AppSettings::kDefaultAutoLockMinutes);
        if (!idleLocked || !submit(QStringLiteral("2468")) ||
            !expect(m_session.isUnlocked(), QStringLiteral("the PIN failed after the idle lock"))) {
            return false;
        }
        // What the platform says when the user switches to another app (no QPA API needed here).
        emit qGuiApp->applicationStateChanged(Qt::ApplicationHidden);
        const bool backgroundLocked =
            expect(m_ui.waitFor([this] { return !m_session.isUnlocked(); }, 5000),
                   QStringLiteral("the app did not lock when it went to the background")) &&
            expect(m_ui.waitForShown(QStringLiteral("sessionNotice")) &&
                       m_ui.text(QStringLiteral("sessionNotice")) ==
                           AppSettings::tr("Locked because the app went to the background."),
                   QStringLiteral("the unlock page does not say it locked for the background"));
        emit qGuiApp->applicationStateChanged(Qt::ApplicationActive);
        return backgroundLocked && submit(QStringLiteral("2468")) &&
               expect(m_session.isUnlocked(), QStringLiteral("the PIN failed after the background lock"));
    }

    // Settings → Passphrase: a wrong current one changes nothing; then the new one opens the store
    // and the old one no longer does.
    bool checkPassphraseChange() {
        step(QStringLiteral("passphrase change"));
        const QString next = QStringLiteral("新的口令-self-test-2");
        auto change = [this](const QString& current, const QString& replacement) {
            return expect(m_ui.click(QStringLiteral("settingsTab")) && m_ui.waitForShown(QStringLiteral("passphraseCard")) &&
                              m_ui.type(QStringLiteral("currentPassphraseField"), current) &&
                              m_ui.type(QStringLiteral("newPassphraseField"), replacement) &&
                              m_ui.type(QStringLiteral("newPassphraseAgainField"), replacement) &&
                              m_ui.click(QStringLiteral("changePassphraseButton")),
                          m_ui.lastError()) &&
                   expect(m_ui.waitFor([this] { return !m_controller.isPassphraseBusy(); }),
                          QStringLiteral("the passphrase change did not finish"));
        };
        if (!change(kWrongPassphrase, next) ||
            !expect(m_controller.passphraseMessageIsError() &&
                        m_controller.passphraseMessage() == UnlockController::tr("The current passphrase is wrong: nothing was changed."),
                    QStringLiteral("a wrong current passphrase was not refused: '%1'").arg(m_controller.passphraseMessage())) ||
            !change(kPassphrase, next) ||
            !expect(!m_controller.passphraseMessageIsError(),
                    QStringLiteral("changing the passphrase failed: %1").arg(m_controller.passphraseMessage())) ||
            !expect(m_ui.text(QStringLiteral("newPassphraseField")).isEmpty(),
                    QStringLiteral("the passphrase fields were not cleared after use"))) {
            return false;
        }
        m_session.lock();
        if (!expect(m_ui.waitForShown(QStringLiteral("unlockPage")) && m_ui.click(QStringLiteral("switchUnlockModeButton")),
                    QStringLiteral("the unlock page offers no way to the passphrase")) ||
            !submit(kPassphrase) || !expect(!m_session.isUnlocked(), QStringLiteral("the old passphrase still opens the store"))) {
            return false;
        }
        m_ui.waitFor([this] { return m_controller.retryAfterSeconds() == 0; }, 20000);
        return submit(next) && expect(m_session.isUnlocked(), QStringLiteral("the new passphrase does not open the store: %1")
                                                                  .arg(m_controller.errorMessage()));
    }

    // On the demo data: a unit's page starts a visit; check-in with the fake position beside the
    // unit; two inspectors; every item answered (one with a note) — kept as the visit's draft;
    // submission refused while unsigned; the representative signs on the pad; submitted.
    bool checkVisit() {
        step(QStringLiteral("visit"));
        bool seeded = false;
        QString seedError;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            const auto st = fieldcheck::seedDemoData(store);
            seeded = st.ok();
            if (!seeded) seedError = QString::fromStdString(st.error().toString());
        });
        const LocatedUnit located = locatedElderlyHome();
        const QString unitId = located.id;
        const double latitude = located.latitude, longitude = located.longitude;
        auto* position = qobject_cast<fieldcheck::platform::FakePositionSource*>(m_devices.position());
        if (!expect(seeded && !unitId.isEmpty(), QStringLiteral("the demo data could not be seeded: %1").arg(seedError)) ||
            !expect(position != nullptr, QStringLiteral("the self-test runs without the fake position source"))) {
            return false;
        }
        position->setFix(latitude + 0.0002, longitude, 8.0, false);  // about 22 m from the unit
        m_session.notifyManyChanged();

        if (!expect(m_ui.click(QStringLiteral("unitsTab")) && m_ui.waitForShown(QStringLiteral("unitsPage")),
                    QStringLiteral("the Units tab does not open the units"))) {
            return false;
        }
        QMetaObject::invokeMethod(m_ui.item(QStringLiteral("unitsPage")), "choose", Q_ARG(QVariant, unitId));
        if (!expect(m_ui.waitForShown(QStringLiteral("unitStartVisitButton")) && m_ui.click(QStringLiteral("unitStartVisitButton")),
                    QStringLiteral("the unit's page offers no visit")) ||
            !expect(m_ui.waitForShown(QStringLiteral("visitStartButton")) && m_ui.click(QStringLiteral("visitStartButton")),
                    QStringLiteral("the Visit page does not offer to start the visit"))) {
            return false;
        }
        auto* editor = qobject_cast<VisitEditor*>(m_ui.object(QStringLiteral("visitEditor")));
        if (!expect(editor != nullptr && m_ui.waitFor([editor] { return editor->isEditable() && !editor->isLoading(); }),
                    QStringLiteral("the visit did not start: %1").arg(editor ? editor->message() : QString())) ||
            !expect(m_ui.click(QStringLiteral("checkInButton")) &&
                        m_ui.waitFor([editor] { return editor->isCheckedIn() && !editor->isBusy(); }),
                    QStringLiteral("the check-in was not recorded: %1").arg(editor->checkInError())) ||
            !expect(!editor->isFarFromUnit() && !editor->isPositionSimulated() && !m_ui.isShown(QStringLiteral("farWarning")) &&
                        editor->distanceToUnit() > 10 && editor->distanceToUnit() < 40,
                    QStringLiteral("a check-in beside the unit is shown %1 m away, or with a warning").arg(editor->distanceToUnit()))) {
            return false;
        }
        if (!expect(m_ui.click(QStringLiteral("inspector_0")) && m_ui.click(QStringLiteral("inspector_1")) &&
                        editor->presentCount() == 2 && !m_ui.isShown(QStringLiteral("twoPersonWarning")),
                    QStringLiteral("two inspectors could not be ticked as present"))) {
            return false;
        }
        const auto& rows = editor->checklist()->rows();
        if (!expect(!rows.empty(), QStringLiteral("the demo visit has no checklist"))) return false;
        for (const auto& row : rows) {
            if (!expect(m_ui.click(QStringLiteral("answer_%1_ok").arg(QString::fromStdString(row.code))),
                        QStringLiteral("item %1 cannot be answered: %2").arg(QString::fromStdString(row.code), m_ui.lastError()))) {
                return false;
            }
        }
        const QString noteField = QStringLiteral("note_") + QString::fromStdString(rows.front().code);
        if (!expect(m_ui.type(noteField, QStringLiteral("消防通道畅通")) &&
                        editor->answeredCount() == static_cast<int>(rows.size()),
                    QStringLiteral("the checklist was not answered"))) {
            return false;
        }
        // Every answer is already on disk, as the visit's draft, before anything is submitted.
        const std::string visitId = editor->visitId().toStdString();
        nlohmann::json draft;
        m_ui.waitFor([&] {
            m_session.runAndWait([&](fieldcheck::Store& store) {
                auto d = drafts::load(store, "visit", visitId);
                if (d.ok() && d.value()) draft = d.value()->content;
            });
            return draft.value("answers", nlohmann::json::object()).size() == rows.size();
        });
        if (!expect(draft.value("answers", nlohmann::json::object()).size() == rows.size(),
                    QStringLiteral("the answers were not kept as the visit's draft"))) {
            return false;
        }
        if (!expect(m_ui.click(QStringLiteral("submitVisitButton")) && m_ui.waitFor([editor] { return !editor->isBusy(); }) &&
                        editor->status() == QLatin1String("started") && editor->messageIsError() &&
                        editor->message().contains(VisitEditor::tr("The unit's representative signs the visit record.")),
                    QStringLiteral("an unsigned visit was submitted, or refused without saying why: %1").arg(editor->message()))) {
            return false;
        }
        QQuickItem* pad = m_ui.item(QStringLiteral("signaturePad"));
        const QVariantList stroke = {QVariantMap{{QStringLiteral("x"), 20}, {QStringLiteral("y"), 90}},
                                     QVariantMap{{QStringLiteral("x"), 80}, {QStringLiteral("y"), 40}},
                                     QVariantMap{{QStringLiteral("x"), 140}, {QStringLiteral("y"), 110}}};
        if (!expect(pad != nullptr && m_ui.type(QStringLiteral("signerField"), QStringLiteral("李院长")) &&
                        QMetaObject::invokeMethod(pad, "addStroke", Q_ARG(QVariant, QVariant(stroke))) &&
                        m_ui.click(QStringLiteral("signButton")) &&
                        m_ui.waitFor([editor] { return editor->signatureState() == QLatin1String("valid") && !editor->isBusy(); }),
                    QStringLiteral("the signature was not sealed: %1").arg(editor->message())) ||
            !expect(m_ui.click(QStringLiteral("submitVisitButton")) &&
                        m_ui.waitFor([editor] { return editor->status() == QLatin1String("submitted") && !editor->isBusy(); }),
                    QStringLiteral("the complete visit was not submitted: %1").arg(editor->message())) ||
            !expect(!editor->isEditable() && !m_ui.isShown(QStringLiteral("submitVisitButton")),
                    QStringLiteral("a submitted visit still takes changes"))) {
            return false;
        }
        return expect(m_ui.click(QStringLiteral("visitBackButton")) && m_ui.waitForShown(QStringLiteral("unitPage")),
                      QStringLiteral("no way back from the visit to its unit"));
    }

    UiDriver m_ui;
    const AppEnvironment& m_environment;
    AppSettings& m_settings;
    Session& m_session;
    UnlockController& m_controller;
    Devices& m_devices;
    QString m_failure;
};

}  // namespace

int runSelfTest(QQmlApplicationEngine& engine, const AppEnvironment& environment, AppSettings& settings, Session& session,
                UnlockController& controller, Devices& devices) {
    return SelfTest(engine, environment, settings, session, controller, devices).run();
}

int runEndToEnd(QQmlApplicationEngine& engine, const AppEnvironment& environment, AppSettings& settings, Session& session,
                UnlockController& controller, Devices& devices, const QString& phase, const QString& serverUrl,
                const QString& password) {
    return SelfTest(engine, environment, settings, session, controller, devices).runEndToEnd(phase, serverUrl, password);
}

}  // namespace fieldcheck::ui
