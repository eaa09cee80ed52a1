#include "app_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>

#include "benchmark_mode.h"

namespace fieldcheck::ui {

QStringList supportedLanguages() {
    return {QStringLiteral("zh_CN"), QStringLiteral("en")};
}

ParsedOptions parseAppOptions(const QStringList& arguments) {
    ParsedOptions parsed;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("FieldCheck (正风巡检): offline-first field inspection app."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QStringLiteral("The store to create or open (default: $FIELDCHECK_DB, else the app data "
                       "directory)."),
        QStringLiteral("path"));
    const QCommandLineOption langOption(QStringLiteral("lang"),
                                        QStringLiteral("User interface language: zh_CN or en."),
                                        QStringLiteral("language"), QStringLiteral("zh_CN"));
    const QCommandLineOption selfTestOption(
        QStringLiteral("self-test"),
        QStringLiteral("Load the UI, unlock a scratch store through it, exit 0 on success."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the unlock and home pages to PNG files in <dir> and exit."),
        QStringLiteral("dir"));
    const QCommandLineOption renderOption(
        QStringLiteral("render"),
        QStringLiteral("Open the store with the passphrase from --passphrase-fd, render its pages to PNG files in <dir> "
                       "and exit (for machines without a display)."),
        QStringLiteral("dir"));
    const QCommandLineOption passphraseFdOption(
        QStringLiteral("passphrase-fd"), QStringLiteral("Read the store's passphrase from file descriptor <n> (with --render)."),
        QStringLiteral("n"));
    QCommandLineOption e2eOption(QStringLiteral("e2e"), QStringLiteral("One run of the end-to-end test (tests only)."),
                                 QStringLiteral("phase"));
    e2eOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption e2eServerOption(QStringLiteral("e2e-server"), QStringLiteral("The end-to-end test's server."),
                                       QStringLiteral("url"));
    e2eServerOption.setFlags(QCommandLineOption::HiddenFromHelp);
    // bench/bench_app's side in the app (benchmark_mode.h): not for users, so not in --help.
    QCommandLineOption benchmarkOption(
        QStringLiteral("benchmark"),
        QStringLiteral("Unlock the store with the passphrase from --passphrase-fd, run <script> and report on stdout."),
        QStringLiteral("script"));
    benchmarkOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption testKdfOption(
        QStringLiteral("test-kdf"),
        QStringLiteral("Create new stores with the minimum Argon2id cost (tests only)."));
    testKdfOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({dbOption, langOption, selfTestOption, screenshotOption, renderOption, passphraseFdOption, e2eOption, e2eServerOption, benchmarkOption,
                       testKdfOption});

    if (!parser.parse(arguments)) {
        parsed.error = parser.errorText();
        return parsed;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        // Parsed before the application object exists, so name the program ourselves.
        QTextStream(stdout) << parser.helpText().replace(QStringLiteral("<executable_name>"),
                                                         QFileInfo(arguments.value(0)).fileName());
        parsed.exitNow = true;
        return parsed;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' '
                            << QCoreApplication::applicationVersion() << '\n';
        parsed.exitNow = true;
        return parsed;
    }
    if (!parser.positionalArguments().isEmpty()) {
        parsed.error =
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return parsed;
    }

    AppOptions& o = parsed.options;
    parsed.options.languageGiven = parser.isSet(langOption);
    QString language = parser.value(langOption);
    if (language == QLatin1String("zh") || language == QLatin1String("zh-CN")) {
        language = QStringLiteral("zh_CN");
    }
    if (!supportedLanguages().contains(language)) {
        parsed.error = QStringLiteral("unsupported language '%1' (use %2)")
                           .arg(language, supportedLanguages().join(QLatin1String(" or ")));
        return parsed;
    }
    o.language = language;
    o.selfTest = parser.isSet(selfTestOption);
    o.screenshotDir = parser.value(screenshotOption);
    if (o.selfTest && !o.screenshotDir.isEmpty()) {
        parsed.error = QStringLiteral("--self-test and --screenshot cannot be combined");
        return parsed;
    }
    o.renderDir = parser.value(renderOption);
    o.benchmarkScript = parser.value(benchmarkOption);
    if (!o.renderDir.isEmpty() && !o.benchmarkScript.isEmpty()) {
        parsed.error = QStringLiteral("--render and --benchmark cannot be combined");
        return parsed;
    }
    if (!o.renderDir.isEmpty() || !o.benchmarkScript.isEmpty()) {
        const QString mode = o.renderDir.isEmpty() ? QStringLiteral("--benchmark") : QStringLiteral("--render");
        bool ok = false;
        o.passphraseFd = parser.value(passphraseFdOption).toInt(&ok);
        if (!ok || o.passphraseFd < 0) {
            parsed.error = mode + QStringLiteral(" needs --passphrase-fd N (the passphrase never goes on the command line)");
            return parsed;
        }
        if (o.usesScratchStore()) {
            parsed.error = mode + QStringLiteral(" cannot be combined with --self-test or --screenshot");
            return parsed;
        }
        if (!o.benchmarkScript.isEmpty()) {
            if (const QString mistake = parseBenchmarkScript(o.benchmarkScript).error; !mistake.isEmpty()) {
                parsed.error = QStringLiteral("--benchmark: ") + mistake;
                return parsed;
            }
        }
    } else if (parser.isSet(passphraseFdOption)) {
        parsed.error = QStringLiteral("--passphrase-fd is only used with --render or --benchmark");
        return parsed;
    }
    o.e2ePhase = parser.value(e2eOption);
    o.e2eServer = parser.value(e2eServerOption);
    if (!o.e2ePhase.isEmpty() && o.e2ePhase != QLatin1String("record") && o.e2ePhase != QLatin1String("resume")) {
        parsed.error = QStringLiteral("--e2e is record or resume");
        return parsed;
    }
    o.testKdf = parser.isSet(testKdfOption) || o.usesScratchStore() || !o.e2ePhase.isEmpty();
    if (o.usesScratchStore()) return parsed;  // never the user's store

    if (parser.isSet(dbOption)) {
        o.storePath = parser.value(dbOption);
    } else if (qEnvironmentVariableIsSet("FIELDCHECK_DB")) {
        o.storePath = qEnvironmentVariable("FIELDCHECK_DB");
    } else {
        o.storePath = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                      QStringLiteral("/fieldcheck.db");
    }
    if (o.storePath.isEmpty()) {
        parsed.error = QStringLiteral("the store path is empty");
        return parsed;
    }
    o.storePath = QDir::cleanPath(QDir::current().absoluteFilePath(o.storePath));
    return parsed;
}

}  // namespace fieldcheck::ui
