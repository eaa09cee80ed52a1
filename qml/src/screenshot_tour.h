// `fieldcheck-app --screenshot DIR`: renders the app's pages to PNG for docs/screenshots/.
//
// On a scratch store (main.cpp), in the language the app runs in, it writes
//   create_<lang>.png             unlock page without a store (create mode), empty
//   today_empty_<lang>.png        Today of the new, empty store
//   sync_not_enrolled_<lang>.png  the Sync page with the enrolment form
//   settings_<lang>.png           Settings
// then, with the demo data set (core/demo_data.h) seeded into the store, at phone size 390×844:
//   units_<lang>.png, units_search_<lang>.png (searched for 福利), unit_<lang>.png and
//   unit_more_<lang>.png (a unit in rectification, scrolled), today_<lang>.png (Today on the demo
//   data), conflicts_<lang>.png (a conflict as the server sends it), today_offline_<lang>.png,
//   visit_checkin_<lang>.png (a visit started from a unit's page, checked in with the fake
//   position: simulated, far from the unit, both warnings), visit_checklist_<lang>.png (partly
//   answered, a note and a photo), visit_signature_<lang>.png (the representative's signature),
//   record_self_inspection_<lang>.png, record_monthly_report_<lang>.png and
//   record_monthly_report_more_<lang>.png (the generic record form, RecordFormPage.qml)
// and back at the window's own size the unlock page: unlock_, unlock_typed_, unlock_error_,
// unlock_locked_<lang>.png. Every screen is checked for accessible names and 44 px targets
// (UiDriver::accessibilityProblems) before it is written.
//
// `fieldcheck-app --db STORE --render DIR --passphrase-fd N`: the same for a real store (the one
// scripts/run.sh enrols with the demo server), opened with the passphrase read from fd N:
// store_today_, store_units_, store_unit_, store_sync_, store_settings_<lang>.png. For machines
// without a display.
//
// Both return 0, or 1 after printing what failed to stderr.
#pragma once

#include <QString>

class QQmlApplicationEngine;

namespace fieldcheck::ui {

class Devices;
class Session;
class UnlockController;

// `devices` holds the fakes main() made for the tour (the position is set near the unit visited).
int runScreenshotTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, Devices& devices,
                      const QString& directory, const QString& language);
// `session` is unlocked already.
int runStoreTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, Devices& devices,
                 const QString& directory, const QString& language);

}  // namespace fieldcheck::ui
