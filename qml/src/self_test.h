// `fieldcheck-app --self-test`: proves that the app is wired, from main() to the pages.
//
// Runs against the loaded UI on a scratch store (main.cpp makes it, minimum Argon2id cost) and
// drives it through UiDriver exactly as a user would, so it exercises the same QML handlers and
// UnlockController calls as a tap:
//   1. the window loads in the requested language (translations embedded and installed);
//   2. with no store, the unlock page is in create mode; a too-short and a mismatched passphrase
//      are refused with a message and create nothing;
//   3. a valid passphrase creates the store; the fields are cleared; the home page appears with
//      the store's identity, zero records of every type and the empty state;
//   4. the lock button closes the store and returns to the unlock page (unlock mode now);
//   5. a wrong passphrase shows the wrong-passphrase message and keeps the store locked; after
//      four wrong ones the core's delay is counted down and the unlock button is disabled, and an
//      attempt during the delay is answered with the "locked" message;
//   6. after the delay the right passphrase opens the home page again;
//   7. a PIN set in Settings opens the store;
//   8. on the demo data: a unit's page starts a visit, which checks in with the fake position,
//      takes its inspectors, answers and a note (kept as a draft), is refused submission while
//      unsigned, is signed on the signature pad and is submitted.
// Prints one line per step to stdout; returns 0, or 1 after printing the failed check to stderr.
#pragma once

#include <QString>

class QQmlApplicationEngine;

namespace fieldcheck::ui {

class AppEnvironment;
class AppSettings;
class Devices;
class Session;
class UnlockController;

int runSelfTest(QQmlApplicationEngine& engine, const AppEnvironment& environment, AppSettings& settings, Session& session,
                UnlockController& controller, Devices& devices);

// `fieldcheck-app --db STORE --e2e record|resume --e2e-server URL` (tests/app/test_end_to_end.cpp):
// one of the end-to-end test's two runs on a real store, enrolled with a real server; the
// enrolment password is `password` (the test's demo password, read from stdin by main()).
int runEndToEnd(QQmlApplicationEngine& engine, const AppEnvironment& environment, AppSettings& settings, Session& session,
                UnlockController& controller, Devices& devices, const QString& phase, const QString& serverUrl,
                const QString& password);

}  // namespace fieldcheck::ui
