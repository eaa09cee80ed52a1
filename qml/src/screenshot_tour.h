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
//   data), conflicts_<lang>.png (a conflict as the server sends it)
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

class Session;
class UnlockController;

int runScreenshotTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller,
                      const QString& directory, const QString& language);
// `session` is unlocked already.
int runStoreTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller, const QString& directory,
                 const QString& language);

}  // namespace fieldcheck::ui
