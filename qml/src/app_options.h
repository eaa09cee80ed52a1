// The command line of fieldcheck-app and where the store lives.
//
//   fieldcheck-app [--db PATH] [--lang zh_CN|en]
//   fieldcheck-app --self-test [--lang …]          (CTest: scratch store, checks, exit code)
//   fieldcheck-app --screenshot DIR [--lang …]     (renders the pages to DIR/*.png)
//   fieldcheck-app [--db PATH] --render DIR --passphrase-fd N [--lang …]
//                                                   (renders a real store's pages; no display needed)
//   fieldcheck-app [--db PATH] --benchmark SCRIPT --passphrase-fd N [--lang …]
//                                                   (bench/bench_app: unlocks, runs SCRIPT, reports
//                                                   on stdout; hidden from --help; benchmark_mode.h)
//
// The store path is, in order: --db PATH, the FIELDCHECK_DB environment variable, or
// QStandardPaths::AppDataLocation + "/fieldcheck.db". The self-test and the screenshot tour never
// touch that path: they work on a scratch store in a temporary directory (main.cpp) with the
// minimum Argon2id cost (`--test-kdf`, implied by both, hidden from --help).
#pragma once

#include <QString>
#include <QStringList>

namespace fieldcheck::ui {

struct AppOptions {
    QString storePath;  // resolved, see above; empty when a scratch store is used
    QString language;   // "zh_CN" (default) or "en"
    bool languageGiven = false;  // --lang was given: it wins over the language saved in Settings
    bool selfTest = false;
    QString screenshotDir;  // non-empty: render screenshots into it and exit
    QString renderDir;      // non-empty: open the store with the passphrase on passphraseFd, render its pages, exit
    QString benchmarkScript;  // non-empty: benchmark mode (benchmark_mode.h), with passphraseFd
    int passphraseFd = -1;
    QString e2ePhase;   // "record" or "resume": one run of the end-to-end test (hidden; fake devices)
    QString e2eServer;  // the server the end-to-end test enrols with
    bool testKdf = false;   // KdfParams::minimumForTests() for new stores; tests only

    bool usesScratchStore() const { return selfTest || !screenshotDir.isEmpty(); }
};

struct ParsedOptions {
    AppOptions options;
    QString error;         // non-empty: print it and exit with status 2
    bool exitNow = false;  // --help or --version was printed: exit with status 0
};

// Parses `arguments` (argv, program name first). Never exits the process itself.
ParsedOptions parseAppOptions(const QStringList& arguments);

// The languages the app ships: "zh_CN" first.
QStringList supportedLanguages();

}  // namespace fieldcheck::ui
