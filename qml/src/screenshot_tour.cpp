#include "screenshot_tour.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QDir>
#include <QQmlComponent>
#include <QScopeGuard>
#include <algorithm>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTextStream>

#include <cmath>
#include <memory>

#include "devices.h"
#include "fake_position_source.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/hlc.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/spot_check_draw.h"
#include "fieldcheck/core/store.h"
#include "devices.h"
#include "fake_connectivity.h"
#include "session.h"
#include "ui_driver.h"
#include "unlock_controller.h"
#include "visit_editor.h"

namespace fieldcheck::ui {

namespace {

const QString kPassphrase = QStringLiteral("correct horse battery");

class ScreenshotTour {
public:
    ScreenshotTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, Devices& devices,
                   QString directory, QString language)
        : m_ui(engine),
          m_engine(engine),
          m_session(session),
          m_controller(controller),
          m_devices(devices),
          m_directory(std::move(directory)),
          m_language(std::move(language)) {}

    int run() {
        if (!QDir().mkpath(m_directory))
            return fail(QStringLiteral("cannot create ") + m_directory);
        if (!m_ui.waitForShown(QStringLiteral("unlockPage")))
            return fail(QStringLiteral("no unlock page"));
        if (!shoot(QStringLiteral("create"))) return 1;

        enter(kPassphrase, kPassphrase);
        if (!m_ui.waitForShown(QStringLiteral("todayPage")) || !m_ui.waitForShown(QStringLiteral("emptyState")))
            return fail(QStringLiteral("no Today page"));
        if (!shoot(QStringLiteral("today_empty"))) return 1;
        m_ui.click(QStringLiteral("syncTab"));
        if (!m_ui.waitForShown(QStringLiteral("syncPage"))) return fail(QStringLiteral("no Sync page"));
        if (!shoot(QStringLiteral("sync_not_enrolled"))) return 1;
        m_ui.click(QStringLiteral("settingsTab"));
        if (!m_ui.waitForShown(QStringLiteral("settingsPage"))) return fail(QStringLiteral("no Settings page"));
        if (!shoot(QStringLiteral("settings"))) return 1;
        if (const int failed = units(); failed != 0) return failed;
        if (const int failed = findings(); failed != 0) return failed;
        if (const int failed = visit(); failed != 0) return failed;
        if (const int failed = today(); failed != 0) return failed;
        if (const int failed = dashboard(); failed != 0) return failed;
        if (const int failed = registers(); failed != 0) return failed;
        if (const int failed = draws(); failed != 0) return failed;
        if (const int failed = conflicts(); failed != 0) return failed;
        if (const int failed = recordForms(); failed != 0) return failed;

        m_session.lock();
        if (!m_ui.waitForShown(QStringLiteral("unlockPage")))
            return fail(QStringLiteral("no unlock page"));
        if (!shoot(QStringLiteral("unlock"))) return 1;
        m_ui.type(QStringLiteral("passphraseField"), QStringLiteral("wrong passphrase"));
        if (!shoot(QStringLiteral("unlock_typed"))) return 1;
        m_ui.click(QStringLiteral("submitButton"));
        m_ui.waitFor([this] { return !m_controller.isBusy(); });

        if (!m_ui.waitForShown(QStringLiteral("unlockError")))
            return fail(QStringLiteral("no error"));
        if (!shoot(QStringLiteral("unlock_error"))) return 1;

        for (int attempt = 2; attempt <= 4; ++attempt) enter(QStringLiteral("wrong passphrase"));
        m_controller.unlock(QStringLiteral("wrong passphrase"));  // during the delay: "locked"
        m_ui.waitFor([this] { return !m_controller.isBusy(); });
        if (!m_ui.waitForShown(QStringLiteral("retryCountdown")))
            return fail(QStringLiteral("no countdown"));
        if (!shoot(QStringLiteral("unlock_locked"))) return 1;
        return 0;
    }

    // The pages of a real, unlocked store, at phone size.
    int runOnStore() {
        if (!QDir().mkpath(m_directory)) return fail(QStringLiteral("cannot create ") + m_directory);
        QQuickWindow* window = m_ui.window();
        window->resize(390, 844);
        if (!m_ui.waitForShown(QStringLiteral("todayPage"))) return fail(QStringLiteral("no Today page"));
        QObject* today = m_ui.object(QStringLiteral("todayModel"));
        if (today == nullptr || !m_ui.waitFor([today] { return !today->property("loading").toBool(); }))
            return fail(QStringLiteral("Today did not load"));
        if (!shoot(QStringLiteral("store_today"))) return 1;
        if (!m_ui.click(QStringLiteral("unitsTab"))) return fail(m_ui.lastError());
        QObject* list = m_ui.object(QStringLiteral("unitListModel"));
        if (list == nullptr || !m_ui.waitFor([list] { return !list->property("loading").toBool(); }))
            return fail(QStringLiteral("the unit list did not load"));
        if (!shoot(QStringLiteral("store_units"))) return 1;
        const QModelIndex first = qobject_cast<QAbstractItemModel*>(list) != nullptr
                                      ? qobject_cast<QAbstractItemModel*>(list)->index(0, 0)
                                      : QModelIndex();
        if (first.isValid()) {
            const QString unitId = first.data(first.model()->roleNames().key("unitId")).toString();
            QMetaObject::invokeMethod(m_ui.item(QStringLiteral("unitsPage")), "choose", Q_ARG(QVariant, unitId));
            QObject* detail = nullptr;
            if (!m_ui.waitFor([&] {
                    detail = m_ui.object(QStringLiteral("unitDetail"));
                    return detail != nullptr && !detail->property("loading").toBool() && detail->property("found").toBool();
                }))
                return fail(QStringLiteral("the unit did not load"));
            if (!shoot(QStringLiteral("store_unit"))) return 1;
            if (!m_ui.click(QStringLiteral("unitBackButton"))) return fail(m_ui.lastError());
            QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
            if (stack == nullptr || !m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
                return fail(QStringLiteral("the page transition did not end"));
        }
        if (!m_ui.click(QStringLiteral("syncTab")) || !m_ui.waitForShown(QStringLiteral("syncPage")))
            return fail(QStringLiteral("no Sync page"));
        if (!shoot(QStringLiteral("store_sync"))) return 1;
        if (!m_ui.click(QStringLiteral("settingsTab")) || !m_ui.waitForShown(QStringLiteral("settingsPage")))
            return fail(QStringLiteral("no Settings page"));
        if (!shoot(QStringLiteral("store_settings"))) return 1;
        m_session.lock();
        return 0;
    }

private:
    // The Units page and one unit's page, on the demo data set, at phone size.
    int units() {
        QString& unitId = m_unitId;
        bool seeded = false;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            seeded = fieldcheck::seedDemoData(store).ok();
            // A unit with an escalation (so a plan and measures) and a visit done: every section of
            // its page has rows.
            auto escalations = store.listRecords("escalation");
            if (!escalations.ok()) return;
            for (const auto& escalation : escalations.value()) {
                const auto& unit = escalation.fields["unit_id"];
                if (!unit.is_string()) continue;
                fieldcheck::ListQuery visited;
                visited.equals = {{"unit_id", unit.get<std::string>()}, {"status", "submitted"}};
                const auto visits = store.countRecords("visit", visited);
                const bool hasVisits = visits.ok() && visits.value() > 0;
                if (unitId.isEmpty() || hasVisits) unitId = QString::fromStdString(unit.get<std::string>());
                if (hasVisits) break;
            }
        });
        if (!seeded || unitId.isEmpty()) return fail(QStringLiteral("cannot seed the demo data"));
        m_session.notifyManyChanged();

        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });

        if (!m_ui.click(QStringLiteral("unitsTab"))) return fail(m_ui.lastError());
        if (!m_ui.waitForShown(QStringLiteral("unitsPage"))) return fail(QStringLiteral("no units page"));
        QObject* list = m_ui.object(QStringLiteral("unitListModel"));
        if (list == nullptr) return fail(QStringLiteral("no unit list"));
        auto listed = [list] { return !list->property("loading").toBool() && list->property("count").toInt() > 0; };
        if (!m_ui.waitFor(listed)) return fail(QStringLiteral("the unit list did not load"));
        if (!shoot(QStringLiteral("units"))) return 1;

        m_ui.type(QStringLiteral("unitSearchField"), QStringLiteral("福利"));
        if (!m_ui.waitFor([list, listed] { return list->property("searching").toBool() && listed(); }))
            return fail(QStringLiteral("the search found nothing"));
        if (!shoot(QStringLiteral("units_search"))) return 1;

        QQuickItem* unitsPage = m_ui.item(QStringLiteral("unitsPage"));
        QMetaObject::invokeMethod(unitsPage, "choose", Q_ARG(QVariant, unitId));
        if (!m_ui.waitForShown(QStringLiteral("unitPage"))) return fail(QStringLiteral("no unit page"));
        QObject* detail = m_ui.object(QStringLiteral("unitDetail"));
        if (detail == nullptr || !m_ui.waitFor([detail] { return detail->property("found").toBool() && !detail->property("loading").toBool(); }))
            return fail(QStringLiteral("the unit did not load"));
        if (!shoot(QStringLiteral("unit"))) return 1;
        QQuickItem* flick = m_ui.item(QStringLiteral("unitFlickable"));
        QQuickItem* reports = m_ui.item(QStringLiteral("reportsSection"));
        if (flick == nullptr || reports == nullptr) return fail(QStringLiteral("no unit sections"));
        const qreal bottom = flick->property("contentHeight").toReal() - flick->height();
        const qreal top = reports->mapToItem(flick->property("contentItem").value<QQuickItem*>(), QPointF()).y() - 12;
        flick->setProperty("contentY", std::clamp(top, 0.0, std::max(bottom, 0.0)));
        if (!shoot(QStringLiteral("unit_more"))) return 1;
        flick->setProperty("contentY", 0);

        // "To file for <month>": the self-inspection opens as a form with its declaration (a store
        // not enrolled may do everything, so the card is there).
        if (!m_ui.isShown(QStringLiteral("selfInspectionEntry"))) return fail(QStringLiteral("no self-inspection to file on the unit's page"));
        QMetaObject::invokeMethod(m_ui.item(QStringLiteral("unitPage")), "openSelfInspection");
        QObject* form = nullptr;
        if (!m_ui.waitFor([&] {
                form = m_ui.object(QStringLiteral("recordEditor"));
                return form != nullptr && form->property("ready").toBool() && !form->property("loading").toBool();
            }))
            return fail(QStringLiteral("the self-inspection form did not open"));
        if (form->property("type").toString() != QLatin1String("self_inspection") || !form->property("isNew").toBool())
            return fail(QStringLiteral("the unit's page opened the wrong form"));
        if (!shoot(QStringLiteral("unit_self_inspection"))) return 1;
        if (!m_ui.click(QStringLiteral("recordFormBackButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitForShown(QStringLiteral("unitPage"))) return fail(QStringLiteral("no way back to the unit"));

        // Back to the list, as the user goes.
        if (!m_ui.click(QStringLiteral("unitBackButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitFor([this] { return !m_ui.isShown(QStringLiteral("unitPage")); }))
            return fail(QStringLiteral("the unit page did not close"));
        if (!m_ui.waitForShown(QStringLiteral("unitsPage"))) return fail(QStringLiteral("no way back to the list"));
        QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        if (stack == nullptr || !m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
            return fail(QStringLiteral("the page transition did not end"));
        return 0;
    }

    // A new finding for the unit with the most findings, the same saved with a photo and a change
    // (its history), and the unit's findings, at phone size. The store is not enrolled: every field
    // and move is offered.
    int findings() {
        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });
        QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        if (stack == nullptr) return fail(QStringLiteral("no page stack"));
        auto settled = [stack] { return !stack->property("busy").toBool(); };

        // The unit with the most findings, so that its list has rows to show.
        QString unitId;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            auto units = store.listRecords("unit");
            if (!units.ok()) return;
            int64_t most = -1;
            for (const auto& unit : units.value()) {
                fieldcheck::ListQuery ofUnit;
                ofUnit.equals = {{"unit_id", unit.id}};
                const auto count = store.countRecords("finding", ofUnit);
                if (count.ok() && count.value() > most) {
                    most = count.value();
                    unitId = QString::fromStdString(unit.id);
                }
            }
        });
        QQuickItem* unitsPage = m_ui.item(QStringLiteral("unitsPage"));
        QMetaObject::invokeMethod(unitsPage, "choose", Q_ARG(QVariant, unitId.isEmpty() ? m_unitId : unitId));
        QObject* detail = nullptr;
        if (!m_ui.waitFor([&] {
                detail = m_ui.object(QStringLiteral("unitDetail"));
                return detail != nullptr && detail->property("found").toBool() && !detail->property("loading").toBool();
            }))
            return fail(QStringLiteral("the unit did not load"));
        if (!m_ui.waitFor(settled) || !m_ui.click(QStringLiteral("recordFindingButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitForShown(QStringLiteral("findingPage")) || !m_ui.waitFor(settled))
            return fail(QStringLiteral("no finding page"));
        QObject* editor = m_ui.object(QStringLiteral("findingEditor"));
        if (editor == nullptr || !m_ui.waitFor([editor] { return editor->property("ready").toBool(); }))
            return fail(QStringLiteral("the new finding's form did not load"));
        auto set = [editor](const char* field, const QString& value) {
            bool ok = false;
            QMetaObject::invokeMethod(editor, "setValue", Q_RETURN_ARG(bool, ok), Q_ARG(QString, QString::fromLatin1(field)),
                                      Q_ARG(QVariant, value));
            return ok;
        };
        if (!set("category", QStringLiteral("public_interest")) || !set("source", QStringLiteral("visit")))
            return fail(QStringLiteral("the form refused a choice"));
        if (!m_ui.type(QStringLiteral("findingSubcategoryField"), QStringLiteral("伙食补助")) ||
            !m_ui.type(QStringLiteral("findingDescriptionField"),
                       QStringLiteral("食堂伙食补助台账与发放名单不符，2026年4月有12名老人的补助被重复列支。")) ||
            !m_ui.type(QStringLiteral("findingMoneyField"), QStringLiteral("3600")) ||
            !m_ui.type(QStringLiteral("findingPersonsField"), QStringLiteral("食堂管理员 张某")))
            return fail(m_ui.lastError());
        if (!shoot(QStringLiteral("finding_new"))) return 1;

        if (!m_ui.click(QStringLiteral("findingSaveButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitFor([editor] { return !editor->property("isNew").toBool() && !editor->property("busy").toBool(); }))
            return fail(QStringLiteral("the finding was not saved: ") + editor->property("errorMessage").toString() + QLatin1Char(' ') +
                        editor->property("errorDetail").toString());
        QObject* photos = m_ui.object(QStringLiteral("findingPhotoController"));
        if (photos == nullptr || !m_ui.waitFor([photos] { return photos->property("canAttach").toBool(); }))
            return fail(QStringLiteral("the saved finding takes no photo"));
        if (!m_ui.click(QStringLiteral("findingPhotoTakeButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitFor([this, photos] {
                return photos->property("count").toInt() == 1 && !photos->property("busy").toBool() &&
                       m_ui.item(QStringLiteral("findingPhotoThumbnail0")) != nullptr &&
                       m_ui.item(QStringLiteral("findingPhotoThumbnail0"))->property("status").toInt() == 2;  // Ready
            }))
            return fail(QStringLiteral("the photo was not sealed or shown: ") + photos->property("errorMessage").toString());
        if (!m_ui.type(QStringLiteral("findingMoneyField"), QStringLiteral("3600.00")) ||
            !m_ui.type(QStringLiteral("findingSubcategoryField"), QStringLiteral("伙食补助重复列支")))
            return fail(m_ui.lastError());
        if (!m_ui.click(QStringLiteral("findingSaveButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitFor([editor] {
                return !editor->property("busy").toBool() && !editor->property("dirty").toBool() &&
                       !editor->property("loading").toBool() && editor->property("history").toList().size() >= 3;
            }))
            return fail(QStringLiteral("the change was not saved"));
        if (!shoot(QStringLiteral("finding_edit"))) return 1;
        QQuickItem* flick = m_ui.item(QStringLiteral("findingFlickable"));
        QQuickItem* moves = m_ui.item(QStringLiteral("findingMovesSection"));
        if (flick == nullptr || moves == nullptr) return fail(QStringLiteral("no finding sections"));
        const qreal bottom = flick->property("contentHeight").toReal() - flick->height();
        const qreal top = moves->mapToItem(flick->property("contentItem").value<QQuickItem*>(), QPointF()).y() - 12;
        flick->setProperty("contentY", std::clamp(top, 0.0, std::max(bottom, 0.0)));
        if (!shoot(QStringLiteral("finding_edit_more"))) return 1;

        if (!m_ui.click(QStringLiteral("findingBackButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitFor([this] { return !m_ui.isShown(QStringLiteral("findingPage")); }) || !m_ui.waitFor(settled))
            return fail(QStringLiteral("the finding page did not close"));
        if (!m_ui.waitFor([detail] { return detail->property("allFindingCount").toLongLong() > 0 && !detail->property("loading").toBool(); }) ||
            !m_ui.click(QStringLiteral("allFindingsButton")))
            return fail(m_ui.lastError());
        if (!m_ui.waitForShown(QStringLiteral("findingsPage")) || !m_ui.waitFor(settled)) return fail(QStringLiteral("no findings page"));
        QObject* list = m_ui.object(QStringLiteral("findingListModel"));
        if (list == nullptr ||
            !m_ui.waitFor([list] { return !list->property("loading").toBool() && list->property("count").toInt() > 0; }))
            return fail(QStringLiteral("the findings did not load"));
        if (!shoot(QStringLiteral("findings"))) return 1;

        // Back to the unit list, as the user goes.
        for (const char* back : {"findingsBackButton", "unitBackButton"}) {
            if (!m_ui.click(QString::fromLatin1(back)) || !m_ui.waitFor(settled)) return fail(m_ui.lastError());
        }
        if (!m_ui.waitForShown(QStringLiteral("unitsPage"))) return fail(QStringLiteral("no way back to the list"));
        return 0;
    }

    // The generic record form (RecordFormPage.qml), which no page opens yet: laid over the window
    // at phone size, for the unit of units() — record_self_inspection_<lang>.png (a new
    // self-inspection filed as a zero report, with the declaration above the form) and
    // record_monthly_report_<lang>.png, record_monthly_report_more_<lang>.png (a report saved as a
    // draft, whose filing the rule refuses because a part is empty: the reason, on the field).
    int recordForms() {
        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });
        QQmlComponent component(&m_engine, QUrl(QStringLiteral("qrc:/FieldCheck/ui/RecordFormPage.qml")));
        auto open = [&](const QVariantMap& properties) -> std::unique_ptr<QQuickItem> {
            std::unique_ptr<QQuickItem> page(qobject_cast<QQuickItem*>(component.createWithInitialProperties(properties)));
            if (!page) return nullptr;
            page->setParentItem(window->contentItem());
            page->setZ(1000);
            page->setSize(window->contentItem()->size());
            return page;
        };
        auto readyEditor = [&](QQuickItem* page) -> QObject* {
            QObject* editor = page != nullptr ? page->property("editor").value<QObject*>() : nullptr;
            if (editor == nullptr || !m_ui.waitFor([editor] { return editor->property("ready").toBool(); })) return nullptr;
            return editor;
        };
        auto set = [](QObject* editor, const char* field, const QVariant& value) {
            bool ok = false;
            QMetaObject::invokeMethod(editor, "setValue", Q_RETURN_ARG(bool, ok), Q_ARG(QString, QString::fromLatin1(field)),
                                      Q_ARG(QVariant, value));
            return ok;
        };
        auto written = [](QObject* editor) {
            return [editor] { return !editor->property("busy").toBool() && !editor->property("loading").toBool(); };
        };

        {
            auto page = open({{QStringLiteral("type"), QStringLiteral("self_inspection")},
                              {QStringLiteral("presets"), QVariantMap{{QStringLiteral("unit_id"), m_unitId}}},
                              {QStringLiteral("intro"),
                               QCoreApplication::translate(
                                   "fieldcheck::ui::ScreenshotTour",
                                   "A zero report declares that the unit's self-inspection found no problem. It is "
                                   "checked against the petitions about the unit: a zero report while petitions are "
                                   "open leads to a spot check.")}});
            QObject* editor = readyEditor(page.get());
            if (editor == nullptr) return fail(QStringLiteral("the self-inspection form did not load: ") + component.errorString());
            if (!m_ui.type(QStringLiteral("field_period"), QStringLiteral("2026-07")) ||
                !m_ui.type(QStringLiteral("field_problem_count"), QStringLiteral("0")) ||
                !m_ui.type(QStringLiteral("field_summary"),
                           QStringLiteral("对照检查清单逐项自查资金发放、食堂管理和值班制度，未发现问题。")))
                return fail(m_ui.lastError());
            if (!set(editor, "zero_report", true)) return fail(QStringLiteral("the form refused the zero report"));
            if (!shoot(QStringLiteral("record_self_inspection"))) return 1;
        }
        {
            auto page = open({{QStringLiteral("type"), QStringLiteral("monthly_report")},
                              {QStringLiteral("presets"), QVariantMap{{QStringLiteral("unit_id"), m_unitId},
                                                                      {QStringLiteral("month"), QStringLiteral("2026-07")}}}});
            QObject* editor = readyEditor(page.get());
            if (editor == nullptr) return fail(QStringLiteral("the monthly report's form did not load: ") + component.errorString());
            if (!m_ui.type(QStringLiteral("field_work_done"),
                           QStringLiteral("召开专题会议部署整改，完成问题台账梳理，立行立改问题已全部销号。")) ||
                !m_ui.click(QStringLiteral("saveButton")))
                return fail(m_ui.lastError());
            if (!m_ui.waitFor([editor] { return !editor->property("isNew").toBool(); }) || !m_ui.waitFor(written(editor)))
                return fail(QStringLiteral("the monthly report was not saved: ") + editor->property("errorDetail").toString());
            if (!m_ui.type(QStringLiteral("field_problems_remaining"), QStringLiteral("长期措施推进较慢，需区财政资金支持。")) ||
                !m_ui.waitFor([this] { return m_ui.isShown(QStringLiteral("move_submitted")); }) ||
                !m_ui.click(QStringLiteral("move_submitted")))
                return fail(m_ui.lastError());
            if (!m_ui.waitFor([editor] { return !editor->property("errorMessage").toString().isEmpty(); }) ||
                !m_ui.waitFor(written(editor)))
                return fail(QStringLiteral("filing the incomplete report was not refused"));
            if (!shoot(QStringLiteral("record_monthly_report"))) return 1;
            QQuickItem* flick = m_ui.item(QStringLiteral("recordFormFlickable"));
            if (flick == nullptr) return fail(QStringLiteral("no form to scroll"));
            flick->setProperty("contentY", std::max(0.0, flick->property("contentHeight").toReal() - flick->height()));
            if (!shoot(QStringLiteral("record_monthly_report_more"))) return 1;
            // The same form on a desktop.
            window->resize(1280, 800);
            m_ui.settle(100);  // the content item takes the window's new size
            page->setSize(window->contentItem()->size());
            flick->setProperty("contentY", 0);
            if (!shoot(QStringLiteral("record_monthly_report_desktop"))) return 1;
        }
        m_ui.settle();
        return 0;
    }

    // Scrolls the Flickable `flickable` so that `objectName` is at its top, as far as it goes.
    void scrollTo(const QString& flickable, const QString& objectName, qreal above = 12) {
        QQuickItem* flick = m_ui.item(flickable);
        QQuickItem* target = m_ui.item(objectName);
        if (flick == nullptr || target == nullptr) return;
        m_ui.settle(100);
        const qreal bottom = flick->property("contentHeight").toReal() - flick->height();
        const qreal top = target->mapToItem(flick->property("contentItem").value<QQuickItem*>(), QPointF()).y() - above;
        flick->setProperty("contentY", std::clamp(top, 0.0, std::max(bottom, 0.0)));
    }

    // A visit on the demo data (seeded by units()), at phone size: started from a unit's page,
    // checked in with a fake position that is simulated and 450 m off (both warnings), two
    // inspectors; its checklist partly answered with a note and a photo; the representative's
    // signature drawn. Then it is signed and submitted, and the tour goes back to the list.
    int visit() {
        QString unitId;
        double latitude = 0, longitude = 0;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            fieldcheck::ListQuery homes;
            homes.equals = {{"unit_type", "elderly_home"}};
            homes.includeWithdrawn = false;
            auto found = store.listRecords("unit", homes);
            if (!found.ok() || found->empty()) return;
            unitId = QString::fromStdString(found->front().id);
            latitude = found->front().fields.value("latitude", 0.0);
            longitude = found->front().fields.value("longitude", 0.0);
        });
        auto* position = qobject_cast<fieldcheck::platform::FakePositionSource*>(m_devices.position());
        if (unitId.isEmpty() || position == nullptr) return fail(QStringLiteral("no unit to visit, or no fake position"));
        position->setFix(latitude + 0.0041, longitude, 15.0, true);

        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });

        if (!m_ui.click(QStringLiteral("unitsTab")) || !m_ui.waitForShown(QStringLiteral("unitsPage")))
            return fail(QStringLiteral("no units page"));
        QMetaObject::invokeMethod(m_ui.item(QStringLiteral("unitsPage")), "choose", Q_ARG(QVariant, unitId));
        if (!m_ui.waitForShown(QStringLiteral("unitStartVisitButton")) || !m_ui.click(QStringLiteral("unitStartVisitButton")))
            return fail(QStringLiteral("no way to start a visit from the unit page"));
        if (!m_ui.waitForShown(QStringLiteral("visitStartButton")) || !m_ui.click(QStringLiteral("visitStartButton")))
            return fail(QStringLiteral("the visit page does not offer to start"));
        auto* editor = qobject_cast<VisitEditor*>(m_ui.object(QStringLiteral("visitEditor")));
        if (editor == nullptr || !m_ui.waitFor([editor] { return editor->isEditable() && !editor->isLoading(); }))
            return fail(QStringLiteral("the visit did not start"));
        if (!m_ui.click(QStringLiteral("checkInButton")) || !m_ui.waitFor([editor] { return editor->isCheckedIn() && !editor->isBusy(); }))
            return fail(QStringLiteral("the check-in failed"));
        m_ui.click(QStringLiteral("inspector_0"));
        m_ui.click(QStringLiteral("inspector_1"));
        QQuickItem* flick = m_ui.item(QStringLiteral("visitFlickable"));
        if (flick != nullptr) flick->setProperty("contentY", 0);
        if (!shoot(QStringLiteral("visit_checkin"))) return 1;

        const auto& rows = editor->checklist()->rows();
        if (rows.size() < 4) return fail(QStringLiteral("the demo checklist is too short"));
        for (size_t i = 0; i < 3; ++i) m_ui.click(QStringLiteral("answer_%1_ok").arg(QString::fromStdString(rows[i].code)));
        const QString problem = QString::fromStdString(rows[3].code);
        m_ui.click(QStringLiteral("answer_%1_problem").arg(problem));
        m_ui.type(QStringLiteral("note_") + problem, QStringLiteral("灭火器过期两具，消防通道堆放杂物"));
        m_ui.click(QStringLiteral("photo_") + problem);
        if (!m_ui.waitFor([editor] { return editor->photoItem().isEmpty() && !editor->isBusy(); }))
            return fail(QStringLiteral("the photo was not sealed"));
        editor->dismissMessage();
        // Items 3 to 5: answered OK, the problem with its note and photo, one still open.
        scrollTo(QStringLiteral("visitFlickable"), QStringLiteral("answer_%1_ok").arg(QString::fromStdString(rows[2].code)), 90);
        if (!shoot(QStringLiteral("visit_checklist"))) return 1;

        for (size_t i = 4; i < rows.size(); ++i) m_ui.click(QStringLiteral("answer_%1_ok").arg(QString::fromStdString(rows[i].code)));
        m_ui.type(QStringLiteral("signerField"), QStringLiteral("李秀兰"));
        QQuickItem* pad = m_ui.item(QStringLiteral("signaturePad"));
        if (pad == nullptr) return fail(QStringLiteral("no signature pad"));
        for (const QVariantList& stroke : signatureStrokes(pad->width(), pad->height()))
            QMetaObject::invokeMethod(pad, "addStroke", Q_ARG(QVariant, QVariant(stroke)));
        scrollTo(QStringLiteral("visitFlickable"), QStringLiteral("signatureCard"));
        if (!shoot(QStringLiteral("visit_signature"))) return 1;

        if (!m_ui.click(QStringLiteral("signButton")) ||
            !m_ui.waitFor([editor] { return editor->signatureState() == QLatin1String("valid") && !editor->isBusy(); }))
            return fail(QStringLiteral("the signature was not sealed: ") + editor->message());
        if (!m_ui.click(QStringLiteral("submitVisitButton")) ||
            !m_ui.waitFor([editor] { return editor->status() == QLatin1String("submitted") && !editor->isBusy(); }))
            return fail(QStringLiteral("the visit was not submitted: ") + editor->message());

        // Back to the shell, as the user goes.
        QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        for (const QString& back : {QStringLiteral("visitBackButton"), QStringLiteral("unitBackButton")}) {
            if (!m_ui.click(back)) return fail(m_ui.lastError());
            if (stack == nullptr || !m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
                return fail(QStringLiteral("the page transition did not end"));
        }
        return m_ui.waitForShown(QStringLiteral("appShell")) ? 0 : fail(QStringLiteral("no way back to the shell"));
    }

    // A handwritten-looking signature: two loops and a flourish, scaled to the pad.
    static std::vector<QVariantList> signatureStrokes(qreal width, qreal height) {
        auto point = [&](qreal x, qreal y) {
            return QVariant(QVariantMap{{QStringLiteral("x"), x * width}, {QStringLiteral("y"), y * height}});
        };
        std::vector<QVariantList> strokes(3);
        for (int i = 0; i <= 40; ++i) {
            const qreal t = i / 40.0;
            strokes[0].append(point(0.08 + 0.22 * t + 0.05 * std::sin(t * 9.0), 0.45 + 0.18 * std::cos(t * 7.0) - 0.08 * t));
            strokes[1].append(point(0.34 + 0.26 * t, 0.55 - 0.22 * std::sin(t * 6.3) + 0.05 * std::cos(t * 13.0)));
            strokes[2].append(point(0.62 + 0.3 * t, 0.62 - 0.12 * std::sin(t * 3.1) - 0.1 * t * t));
        }
        return strokes;
    }

    // Today on the demo data (seeded by units()), at phone size.
    int today() {
        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });
        if (!m_ui.click(QStringLiteral("todayTab"))) return fail(m_ui.lastError());
        QObject* model = m_ui.object(QStringLiteral("todayModel"));
        if (model == nullptr) return fail(QStringLiteral("no Today model"));
        QMetaObject::invokeMethod(model, "refresh");
        if (!m_ui.waitFor([model] { return !model->property("loading").toBool() && model->property("count").toInt() > 0; }))
            return fail(QStringLiteral("Today shows nothing on the demo data"));
        if (!shoot(QStringLiteral("today"))) return 1;
        // The same without a connection (the fake connectivity of the tour).
        auto* connectivity = qobject_cast<fieldcheck::platform::FakeConnectivity*>(m_devices.connectivity());
        if (connectivity == nullptr) return fail(QStringLiteral("the tour runs without the fake connectivity"));
        connectivity->setOnline(false);
        if (!m_ui.waitForShown(QStringLiteral("offlineBanner"))) return fail(QStringLiteral("no offline banner"));
        const bool shot = shoot(QStringLiteral("today_offline"));
        connectivity->setOnline(true);
        if (!shot) return 1;
        return m_ui.waitFor([this] { return !m_ui.isShown(QStringLiteral("offlineBanner")); })
                   ? 0
                   : fail(QStringLiteral("the offline banner stays after the connection returned"));
    }

    // The dashboard on the demo data at phone size (its top, then scrolled to the supervision
    // figures), the records behind "monthly reports missing", and the dashboard at desktop size.
    int dashboard() {
        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });
        if (!m_ui.click(QStringLiteral("dashboardTab"))) return fail(m_ui.lastError());
        QObject* model = m_ui.object(QStringLiteral("dashboardModel"));
        if (model == nullptr) return fail(QStringLiteral("no dashboard model"));
        if (!m_ui.waitFor([model] { return model->property("ready").toBool() && !model->property("loading").toBool(); }))
            return fail(QStringLiteral("the dashboard did not load"));
        if (!shoot(QStringLiteral("dashboard"))) return 1;
        QQuickItem* flick = m_ui.item(QStringLiteral("dashboardFlickable"));
        if (flick == nullptr) return fail(QStringLiteral("no dashboard flickable"));
        flick->setProperty("contentY", std::max(0.0, flick->property("contentHeight").toDouble() - flick->height()));
        if (!shoot(QStringLiteral("dashboard_more"))) return 1;
        flick->setProperty("contentY", 0);

        // What a tap on the figure does (the tile is below the fold at phone size).
        QQuickItem* page = m_ui.item(QStringLiteral("dashboardPage"));
        if (page == nullptr) return fail(QStringLiteral("no dashboard page"));
        QMetaObject::invokeMethod(page, "openFigure", Q_ARG(QVariant, QStringLiteral("reportsMissing")));
        QObject* figure = nullptr;
        if (!m_ui.waitFor([&] {
                figure = m_ui.object(QStringLiteral("dashboardFigure"));
                return figure != nullptr && !figure->property("loading").toBool();
            }))
            return fail(QStringLiteral("the records behind the figure did not load"));
        if (!shoot(QStringLiteral("dashboard_figure"))) return 1;
        window->resize(1280, 800);
        if (!shoot(QStringLiteral("dashboard_figure_desktop"))) return 1;
        window->resize(390, 844);
        if (!m_ui.click(QStringLiteral("figureBackButton"))) return fail(m_ui.lastError());
        QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        if (stack == nullptr || !m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
            return fail(QStringLiteral("the page transition did not end"));
        if (!m_ui.waitFor([model] { return model->property("ready").toBool() && !model->property("loading").toBool(); }))
            return fail(QStringLiteral("the dashboard did not load again"));

        window->resize(1280, 800);
        if (!shoot(QStringLiteral("dashboard_desktop"))) return 1;
        window->resize(390, 844);

        // Export, as the dashboard's button opens it for the month shown.
        QQuickItem* exportButton = m_ui.item(QStringLiteral("exportButton"));
        if (exportButton == nullptr) return fail(QStringLiteral("no export button"));
        QMetaObject::invokeMethod(exportButton, "clicked");
        if (!m_ui.waitForShown(QStringLiteral("exportPage"))) return fail(QStringLiteral("no export page"));
        if (!shoot(QStringLiteral("export"))) return 1;
        window->resize(1280, 800);
        if (!shoot(QStringLiteral("export_desktop"))) return 1;
        window->resize(390, 844);
        if (!m_ui.click(QStringLiteral("backButton"))) return fail(m_ui.lastError());
        if (!m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
            return fail(QStringLiteral("the page transition did not end"));
        return 0;
    }

    // The spot-check draws, from the dashboard's button, at phone size: the list (an earlier draw for
    // April, withdrawn with its reason), a new draw for April with two parties' parts filled in,
    // its result, and its verification; then the result and verification at desktop size.
    int draws() {
        bool withdrawn = false;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            fieldcheck::DrawRequest request;
            request.period = "2026-04";
            request.count = 4;
            request.seedParts = {{"纪检组", "582913"}, {"局办公室", "104772"}};
            auto earlier = fieldcheck::runDraw(store, request);
            withdrawn = earlier.ok() &&
                        store.withdrawRecord("spot_check_draw", earlier->id, "局办公室代表未到场，重新抽签").ok();
        });
        if (!withdrawn) return fail(QStringLiteral("cannot make the earlier draw"));
        m_session.notifyManyChanged();

        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });
        QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        if (stack == nullptr) return fail(QStringLiteral("no page stack"));
        auto settled = [stack] { return !stack->property("busy").toBool(); };

        if (!m_ui.click(QStringLiteral("dashboardTab")) || !m_ui.waitForShown(QStringLiteral("drawsButton")) ||
            !m_ui.click(QStringLiteral("drawsButton")))
            return fail(QStringLiteral("no way to the draws from the dashboard: ") + m_ui.lastError());
        QObject* list = nullptr;
        if (!m_ui.waitForShown(QStringLiteral("drawsPage")) || !m_ui.waitFor(settled) || !m_ui.waitFor([&] {
                list = m_ui.object(QStringLiteral("drawList"));
                return list != nullptr && list->property("ready").toBool() && !list->property("loading").toBool() &&
                       !list->property("rows").toList().isEmpty();
            }))
            return fail(QStringLiteral("the draws did not load"));
        if (!shoot(QStringLiteral("draws"))) return 1;

        if (!m_ui.click(QStringLiteral("newDrawButton")) || !m_ui.waitForShown(QStringLiteral("drawFormPage")) || !m_ui.waitFor(settled))
            return fail(QStringLiteral("no new draw page: ") + m_ui.lastError());
        QObject* form = m_ui.object(QStringLiteral("drawForm"));
        if (form == nullptr || !m_ui.waitFor([form] { return form->property("rightsKnown").toBool() && !form->property("loading").toBool(); }))
            return fail(QStringLiteral("the new draw did not open"));
        if (!m_ui.type(QStringLiteral("drawPeriodField"), QStringLiteral("2026-04")) ||
            !m_ui.waitFor([form] { return form->property("candidatesLoaded").toBool() && !form->property("loading").toBool(); }))
            return fail(QStringLiteral("the candidates for 2026-04 did not load"));
        if (!m_ui.type(QStringLiteral("seedParty0"), QStringLiteral("纪检组")) ||
            !m_ui.type(QStringLiteral("seedPart0"), QStringLiteral("361524552613")) ||
            !m_ui.type(QStringLiteral("seedParty1"), QStringLiteral("局办公室")) ||
            !m_ui.type(QStringLiteral("seedPart1"), QStringLiteral("640217839105")) ||
            !m_ui.type(QStringLiteral("drawCountField"), QStringLiteral("5")))
            return fail(m_ui.lastError());
        if (!m_ui.waitFor([form] { return form->property("canRun").toBool(); })) return fail(QStringLiteral("the draw cannot be run"));
        // The seed parts, the count and the button (the candidates and their hash are above).
        scrollTo(QStringLiteral("drawFormFlickable"), QStringLiteral("drawSeedCard"));
        if (!shoot(QStringLiteral("draw_new"))) return 1;

        if (!m_ui.click(QStringLiteral("runDrawButton"))) return fail(m_ui.lastError());
        QObject* detail = nullptr;
        if (!m_ui.waitForShown(QStringLiteral("drawDetailPage")) || !m_ui.waitFor(settled) || !m_ui.waitFor([&] {
                detail = m_ui.object(QStringLiteral("drawDetail"));
                return detail != nullptr && detail->property("readable").toBool() && !detail->property("loading").toBool();
            }))
            return fail(QStringLiteral("the draw was not recorded: ") + form->property("errorMessage").toString() + QLatin1Char(' ') +
                        form->property("errorDetail").toString());
        if (!shoot(QStringLiteral("draw_result"))) return 1;

        if (!m_ui.click(QStringLiteral("verifyDrawButton")) ||
            !m_ui.waitFor([detail] { return detail->property("verified").toBool() && !detail->property("verifying").toBool(); }))
            return fail(QStringLiteral("the draw was not verified"));
        if (!detail->property("verificationOk").toBool()) return fail(QStringLiteral("the tour's draw does not verify"));
        scrollTo(QStringLiteral("drawDetailFlickable"), QStringLiteral("drawVerification"));
        if (!shoot(QStringLiteral("draw_verify"))) return 1;

        // Two columns: what was drawn, and the seed, candidates and verification beside it.
        window->resize(1280, 800);
        scrollTo(QStringLiteral("drawDetailFlickable"), QStringLiteral("drawSummary"));
        if (!shoot(QStringLiteral("draw_desktop"))) return 1;
        window->resize(390, 844);

        // Back to the dashboard, as the user goes.
        for (const char* back : {"drawDetailBackButton", "drawsBackButton"}) {
            if (!m_ui.click(QString::fromLatin1(back)) || !m_ui.waitFor(settled)) return fail(m_ui.lastError());
        }
        return m_ui.waitForShown(QStringLiteral("appShell")) ? 0 : fail(QStringLiteral("no way back to the shell"));
    }

    // The accountability register on its proposals, with the decision dialog filled in (not sent),
    // and petition supervision with the follow-up dialog, each at phone and desktop size.
    int registers() {
        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });
        if (!m_ui.click(QStringLiteral("dashboardTab"))) return fail(m_ui.lastError());
        QQuickItem* dashboard = m_ui.item(QStringLiteral("dashboardPage"));
        QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        if (dashboard == nullptr || stack == nullptr) return fail(QStringLiteral("no dashboard page"));
        const auto shootRegister = [&](const char* kind, const char* filter, const QString& pageName, const QString& shot,
                                       const QString& actionButton, const QString& dialogField, const QString& typed,
                                       const QString& dialogShot) -> int {
            QMetaObject::invokeMethod(dashboard, "openRegister", Q_ARG(QVariant, QString::fromLatin1(kind)),
                                      Q_ARG(QVariant, QString::fromLatin1(filter)));
            if (!m_ui.waitForShown(pageName)) return fail(QStringLiteral("no page ") + pageName);
            QObject* model = m_ui.object(QStringLiteral("registerModel"));
            if (model == nullptr || !m_ui.waitFor([model] {
                    return model->property("ready").toBool() && !model->property("loading").toBool() &&
                           model->property("total").toLongLong() > 0;
                }))
                return fail(QStringLiteral("the register %1 did not load, or is empty").arg(QLatin1String(kind)));
            if (!m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
                return fail(QStringLiteral("the page transition did not end"));
            if (!shoot(shot)) return 1;
            if (!m_ui.click(actionButton)) return fail(m_ui.lastError());
            if (!m_ui.waitForShown(dialogField)) return fail(QStringLiteral("no dialog field ") + dialogField);
            if (!m_ui.type(dialogField, typed)) return fail(m_ui.lastError());
            if (!shoot(dialogShot)) return 1;
            QObject* dialog = m_ui.object(actionButton.startsWith(QLatin1String("assign")) ? QStringLiteral("petitionDialog")
                                                                                          : QStringLiteral("caseDecisionDialog"));
            if (dialog == nullptr) return fail(QStringLiteral("no dialog"));
            QMetaObject::invokeMethod(dialog, "close");  // the tour decides nothing
            if (!m_ui.waitFor([dialog] { return !dialog->property("visible").toBool(); })) return fail(QStringLiteral("the dialog stays"));
            window->resize(1280, 800);
            if (!shoot(shot + QStringLiteral("_desktop"))) return 1;
            window->resize(390, 844);
            if (!m_ui.click(QStringLiteral("registerBackButton"))) return fail(m_ui.lastError());
            if (!m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
                return fail(QStringLiteral("the page transition did not end"));
            return 0;
        };
        if (const int failed = shootRegister("accountability", "proposed", QStringLiteral("accountabilityRegisterPage"),
                                             QStringLiteral("accountability"), QStringLiteral("confirmCase0"),
                                             QStringLiteral("caseDecisionReason"),
                                             QStringLiteral("连续两月未报送月度整改报告，约谈单位负责人"),
                                             QStringLiteral("accountability_decision"));
            failed != 0)
            return failed;
        return shootRegister("petitions", "open", QStringLiteral("petitionSupervisionPage"), QStringLiteral("petitions"),
                             QStringLiteral("assignPetition0"), QStringLiteral("petitionSupervisor"), QStringLiteral("纪检组 王磊"),
                             QStringLiteral("petition_assign"));
    }

    // The Conflicts page on a conflict as the server sends it: a finding of the demo data whose
    // description two people changed (a pulled record carrying an open conflict).
    int conflicts() {
        bool made = false;
        m_session.runAndWait([&](fieldcheck::Store& store) {
            fieldcheck::ListQuery query;
            query.limit = 1;
            query.equals = {{"status", "recorded"}};
            auto findings = store.listRecords("finding", query);
            if (!findings.ok() || findings->empty()) return;
            fieldcheck::replication::PulledChange change;
            change.doc.record = findings->front();
            change.doc.scope = "unit:" + change.doc.record.fields.value("unit_id", std::string());
            const int64_t at = 1'780'000'000'000;  // 2026-05-28
            auto stamp = [at](int64_t minutes, const char* node) {
                return fieldcheck::HlcStamp{at + minutes * 60'000, 0, node}.encode();
            };
            const std::string before = change.doc.record.fields.value("description", std::string());
            change.doc.conflicts = nlohmann::json::array(
                {{{"id", "tour-conflict"},
                  {"field", "description"},
                  {"shown", 0},
                  {"candidates",
                   {{{"value", before}, {"hlc", stamp(0, "d1")}, {"by", "g1m1"}, {"device", "d1"}},
                    {{"value", before + "；经核实涉及三个季度的报表"}, {"hlc", stamp(7, "d2")}, {"by", "g1m2"}, {"device", "d2"}}}}}});
            made = fieldcheck::replication::applyPulledPage(store, {change}, "tour").ok();
        });
        if (!made) return fail(QStringLiteral("cannot make a conflict"));
        m_session.notifyManyChanged();
        QQuickWindow* window = m_ui.window();
        const QSize windowSize = window->size();
        window->resize(390, 844);
        const auto restore = qScopeGuard([&] { window->resize(windowSize); });
        if (!m_ui.click(QStringLiteral("syncTab"))) return fail(m_ui.lastError());
        QQuickItem* shell = m_ui.item(QStringLiteral("syncPage"));
        if (shell == nullptr) return fail(QStringLiteral("no Sync page"));
        QMetaObject::invokeMethod(shell, "conflictsRequested");
        if (!m_ui.waitForShown(QStringLiteral("conflictsPage"))) return fail(QStringLiteral("no Conflicts page"));
        QObject* model = m_ui.object(QStringLiteral("conflictsModel"));
        if (model == nullptr || !m_ui.waitFor([model] { return model->property("count").toInt() > 0; }))
            return fail(QStringLiteral("the conflict is not listed"));
        if (!shoot(QStringLiteral("conflicts"))) return 1;
        if (!m_ui.click(QStringLiteral("conflictsBackButton"))) return fail(m_ui.lastError());
        QQuickItem* stack = m_ui.item(QStringLiteral("mainStack"));
        if (stack == nullptr || !m_ui.waitFor([stack] { return !stack->property("busy").toBool(); }))
            return fail(QStringLiteral("the page transition did not end"));
        return 0;
    }

    int fail(const QString& what) {
        QTextStream(stderr) << "screenshot tour failed: " << what << '\n';
        return 1;
    }

    void enter(const QString& passphrase, const QString& confirmation = {}) {
        m_ui.type(QStringLiteral("passphraseField"), passphrase);
        if (m_ui.isShown(QStringLiteral("confirmationField"))) {
            m_ui.type(QStringLiteral("confirmationField"), confirmation);
        }
        m_ui.click(QStringLiteral("submitButton"));
        m_ui.waitFor([this] { return !m_controller.isBusy(); });
    }

    bool shoot(const QString& name) {
        m_ui.settle();
        // Every screen the tour shows is also checked for controls without an accessible name
        // and touch targets that are too small.
        int controls = 0;
        if (const QStringList problems = m_ui.accessibilityProblems(&controls); !problems.isEmpty()) {
            fail(QStringLiteral("%1: %2").arg(name, problems.join(QStringLiteral("; "))));
            return false;
        }
        // Every screen has controls; none found means the check saw nothing (no accessibility).
        if (controls == 0) {
            fail(QStringLiteral("%1: the accessibility check found no controls").arg(name));
            return false;
        }
        const QString path =
            QDir(m_directory)
                .filePath(name + QLatin1Char('_') + m_language + QStringLiteral(".png"));
        if (!m_ui.grab(path)) {
            fail(m_ui.lastError());
            return false;
        }
        QTextStream(stdout) << "wrote " << path << " (" << controls << " controls with names and 44 px targets)\n";
        return true;
    }

    UiDriver m_ui;
    QQmlApplicationEngine& m_engine;
    Session& m_session;
    UnlockController& m_controller;
    Devices& m_devices;
    QString m_directory;
    QString m_language;
    QString m_unitId;  // the unit units() shows
};

}  // namespace

int runStoreTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, Devices& devices,
                 const QString& directory, const QString& language) {
    return ScreenshotTour(engine, session, controller, devices, directory, language).runOnStore();
}

int runScreenshotTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, Devices& devices,
                      const QString& directory, const QString& language) {
    return ScreenshotTour(engine, session, controller, devices, directory, language).run();
}

}  // namespace fieldcheck::ui
