// Helpers for the app's model tests: a Session on a scratch store of many units, waiting for the
// store thread's results, and the Qt warnings the models' checkers print.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fieldcheck/core/store.h"
#include "nlohmann/json.hpp"
#include "session.h"
#include "test_support.h"

// Failed checks on QStrings print the text, not "{?}".
namespace Catch {
template <>
struct StringMaker<QString> {
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
template <>
struct StringMaker<QStringList> {
    static std::string convert(const QStringList& l) { return "[" + l.join(QStringLiteral(" | ")).toStdString() + "]"; }
};
}  // namespace Catch

namespace fieldcheck::test {

// Spins the event loop until `condition` holds; false after `timeoutMs`.
bool waitUntil(const std::function<bool()>& condition, int timeoutMs = 30000);

// Waits until every job posted to the session before this call has run and its result has been
// delivered (results come back in the order the jobs were posted).
void settle(ui::Session& session);

// Runs `job` on the session's store thread (the way the app writes) and waits for it.
void onStoreThread(ui::Session& session, const std::function<void(Store&)>& job);

// A unit of the scratch store.
struct UnitSeed {
    std::string id, code, name;
};

// A Session holding a fresh store of `count` units named "第NNNN号社区服务站" (code "SQ-NNNN") plus
// those in `extra` (code, name), created in one transaction.
struct UnitStore {
    TempDir dir;
    ui::Session session{QString::fromStdString(dir.file("units.db"))};
    std::vector<UnitSeed> units;  // in the order created

    UnitStore(int count, const std::vector<std::pair<std::string, std::string>>& extra = {},
              const Clock* clock = nullptr);
    // The units' names in the order the list shows them (SQLite compares text by bytes).
    std::vector<std::string> namesInListOrder() const;
    const UnitSeed& named(const std::string& name) const;
};

// Runs a tool (pdftotext, unzip, …) and returns its standard output; fails the test when it does
// not start (scripts/setup.sh installs it) or exits with an error.
QString runTool(const QString& program, const QStringList& args);
// The text of a PDF (all pages, or page `page`), laid out as on the page (pdftotext -layout).
QString pdfText(const std::string& pdf, int page = 0);
// The integers a pattern's groups caught, in order; fails the test when it does not match.
std::vector<int64_t> capturedIntegers(const QString& text, const QString& pattern);

// The record, or the test fails with the error.
Record must(Result<Record> r);
// A string field of `r`, or "" when absent or not a string.
std::string str(const Record& r, const char* field);

// A Session on a scratch store holding the demo data set (core seedDemoData); not enrolled until
// setRole(). The accessors read on the store thread, the way the app does.
struct DemoStore {
    TempDir dir;
    ui::Session session{QString::fromStdString(dir.file("demo.db"))};

    DemoStore();
    // Enrols the device as `role`, as a sync would: the store applies the permission table.
    void setRole(const std::string& role);
    Record get(const std::string& type, const std::string& id);
    // The first record of `type` for which `pick` holds.
    Record find(const std::string& type, const std::function<bool(Store&, const Record&)>& pick);
    std::vector<Record> where(const std::string& type, const std::string& field, const std::string& value);
    // The content of the form draft of `kind` and `key`, if one is kept.
    std::optional<nlohmann::json> draft(const std::string& kind, const std::string& key);
};

// Collects what Qt logs in the qt.modeltest category (QAbstractItemModelTester's findings) while
// alive.
class ModelTestWarnings {
public:
    ModelTestWarnings();
    ~ModelTestWarnings();
    ModelTestWarnings(const ModelTestWarnings&) = delete;
    ModelTestWarnings& operator=(const ModelTestWarnings&) = delete;
    QStringList messages() const;
};

}  // namespace fieldcheck::test
