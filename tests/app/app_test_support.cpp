#include "app_test_support.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <exception>

#include "drafts.h"
#include "fieldcheck/core/demo_data.h"
#include "fieldcheck/core/replication.h"

namespace fieldcheck::test {

bool waitUntil(const std::function<bool()>& condition, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired()) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QThread::msleep(2);
    }
    return true;
}

void settle(ui::Session& session) {
    QObject context;
    bool done = false;
    session.run<int>(&context, [](Store&) { return 0; }, [&done](int) { done = true; });
    REQUIRE(waitUntil([&] { return done; }));
}

void onStoreThread(ui::Session& session, const std::function<void(Store&)>& job) {
    // A failed REQUIRE throws: carry it back to the test's thread instead of through Qt's event
    // dispatch on the store thread.
    std::exception_ptr failure;
    bool ran = false;
    session.runAndWait([&](Store& store) {
        ran = true;
        try {
            job(store);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    if (failure) std::rethrow_exception(failure);
    REQUIRE(ran);  // no store: the session is locked
}

UnitStore::UnitStore(int count, const std::vector<std::pair<std::string, std::string>>& extra, const Clock* clock) {
    auto store = createTestStore(dir.file("units.db"), clock);
    Status st = store->transaction([&]() -> Status {
        auto add = [&](const std::string& code, const std::string& name) -> Status {
            FC_ASSIGN_OR_RETURN(Record r, store->createRecord("unit", {{"code", code}, {"name", name}, {"unit_type", "community_service"},
                                                                        {"address", "幸福路" + code.substr(code.size() - 2) + "号"}}));
            units.push_back({r.id, code, name});
            return {};
        };
        for (int i = 0; i < count; ++i) {
            char n[8];
            std::snprintf(n, sizeof n, "%04d", (i * 7919) % 10000);  // created out of name order
            FC_TRY(add(std::string("SQ-") + n, std::string("第") + n + "号社区服务站"));
        }
        for (const auto& [code, name] : extra) FC_TRY(add(code, name));
        return {};
    });
    REQUIRE(st.ok());
    session.adopt(std::move(store));
}

std::vector<std::string> UnitStore::namesInListOrder() const {
    std::vector<std::string> names;
    for (const auto& u : units) names.push_back(u.name);
    std::stable_sort(names.begin(), names.end());
    return names;
}

const UnitSeed& UnitStore::named(const std::string& name) const {
    for (const auto& u : units) {
        if (u.name == name) return u;
    }
    FAIL("no unit named " << name);
    return units.front();
}

namespace {

QMutex g_mutex;
QStringList g_messages;
QtMessageHandler g_previous = nullptr;

void collect(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (context.category != nullptr && QLatin1String(context.category) == QLatin1String("qt.modeltest")) {
        QMutexLocker lock(&g_mutex);
        g_messages << message;
        return;
    }
    if (g_previous != nullptr) g_previous(type, context, message);
}

}  // namespace

ModelTestWarnings::ModelTestWarnings() {
    QMutexLocker lock(&g_mutex);
    g_messages.clear();
    g_previous = qInstallMessageHandler(collect);
}

ModelTestWarnings::~ModelTestWarnings() { qInstallMessageHandler(g_previous); }

QStringList ModelTestWarnings::messages() const {
    QMutexLocker lock(&g_mutex);
    return g_messages;
}

QString runTool(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    {
        INFO(program.toStdString() << " does not start: scripts/setup.sh installs it");
        REQUIRE(p.waitForStarted(10000));
    }
    REQUIRE(p.waitForFinished(60000));
    INFO(program.toStdString() << ": " << p.readAllStandardError().toStdString());
    REQUIRE(p.exitCode() == 0);
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString pdfText(const std::string& pdf, int page) {
    QStringList args{QStringLiteral("-layout"), QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (page > 0) args << QStringLiteral("-f") << QString::number(page) << QStringLiteral("-l") << QString::number(page);
    return runTool(QStringLiteral("pdftotext"), args << QString::fromStdString(pdf) << QStringLiteral("-"));
}

std::vector<int64_t> capturedIntegers(const QString& text, const QString& pattern) {
    const QRegularExpressionMatch m = QRegularExpression(pattern).match(text);
    INFO("pattern: " << pattern.toStdString());
    REQUIRE(m.hasMatch());
    std::vector<int64_t> out;
    for (int i = 1; i <= m.lastCapturedIndex(); ++i) out.push_back(m.captured(i).toLongLong());
    return out;
}

Record must(Result<Record> r) {
    if (!r.ok()) FAIL(r.error().toString());
    return r.value();
}

std::string str(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

DemoStore::DemoStore() {
    auto store = createTestStore(dir.file("demo.db"));
    REQUIRE(seedDemoData(*store).ok());
    session.adopt(std::move(store));
}

void DemoStore::setRole(const std::string& role) {
    onStoreThread(session, [&](Store& s) { REQUIRE(replication::setSyncState(s, "role", role).ok()); });
}

Record DemoStore::get(const std::string& type, const std::string& id) {
    Record out;
    onStoreThread(session, [&](Store& s) { out = must(s.getRecord(type, id)); });
    return out;
}

Record DemoStore::find(const std::string& type, const std::function<bool(Store&, const Record&)>& pick) {
    std::optional<Record> out;
    onStoreThread(session, [&](Store& s) {
        auto all = s.listRecords(type);
        REQUIRE(all.ok());
        for (const Record& r : all.value()) {
            if (pick(s, r)) {
                out = r;
                return;
            }
        }
    });
    REQUIRE(out.has_value());
    return *out;
}

std::vector<Record> DemoStore::where(const std::string& type, const std::string& field, const std::string& value) {
    std::vector<Record> out;
    onStoreThread(session, [&](Store& s) {
        ListQuery q;
        q.equals = {{field, value}};
        auto found = s.listRecords(type, q);
        REQUIRE(found.ok());
        out = found.value();
    });
    return out;
}

std::optional<nlohmann::json> DemoStore::draft(const std::string& kind, const std::string& key) {
    std::optional<nlohmann::json> out;
    onStoreThread(session, [&](Store& s) {
        auto d = ui::drafts::load(s, kind, key);
        REQUIRE(d.ok());
        if (d.value()) out = d.value()->content;
    });
    return out;
}

}  // namespace fieldcheck::test
