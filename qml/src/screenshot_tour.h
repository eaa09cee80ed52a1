// `fieldcheck-app --screenshot DIR`: renders the app's pages to PNG for docs/screenshots/.
//
// On a scratch store (main.cpp), in the language the app runs in, it writes
//   create_<lang>.png        unlock page without a store (create mode), empty
//   home_<lang>.png          home page of the new, empty store
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
