// `fieldcheck-app --screenshot DIR`: renders the app's pages to PNG for docs/screenshots/.
//
// On a scratch store (main.cpp), in the language the app runs in, it writes
//   create_<lang>.png        unlock page without a store (create mode), empty
//   home_<lang>.png          home page of the new, empty store
// then, with the demo data set (core/demo_data.h) seeded into the store, at phone size 390×844:
//   units_<lang>.png         the Units page: every unit by name
//   units_search_<lang>.png  the same searched for 福利
//   unit_<lang>.png          the Unit page of a unit in rectification (with an escalation)
//   unit_more_<lang>.png     the same scrolled to its reports, escalations and history
// and back at the window's own size:
//   unlock_<lang>.png        unlock page after locking, empty
//   unlock_typed_<lang>.png  the same with a passphrase typed (masked), button enabled
//   unlock_error_<lang>.png  after a wrong passphrase
//   unlock_locked_<lang>.png after repeated wrong passphrases: the delay counting down
// Returns 0, or 1 after printing what failed to stderr. Tooling: run it, then look at the PNGs.
#pragma once

#include <QString>

class QQmlApplicationEngine;

namespace fieldcheck::ui {

class Session;
class UnlockController;

int runScreenshotTour(QQmlApplicationEngine& engine, Session& session, UnlockController& controller,
                      const QString& directory, const QString& language);

}  // namespace fieldcheck::ui
