// The end-to-end test of issue 12: the real app, offscreen, against a real fieldcheck-server on
// loopback, with the desktop key store in a private Secret Service (tests/platform/
// with_secret_service.sh runs this case; CTest entry "app: end to end …").
//
//   run 1 (fieldcheck-app --e2e record): create the store, enrol, sync, set a PIN, start a visit
//          (check-in with the fake position, two inspectors), record a finding with a photo from
//          the fake camera, type a change that is only in the draft — then SIGKILL;
//   run 2 (fieldcheck-app --e2e resume): unlock with the PIN, the change is back, save it, answer
//          the checklist, sign, submit, sync.
// Then a second device (a discipline inspector) syncs and holds the finding with the change and
// its photo byte for byte, and the visit submitted and signed. Last, the canary scan: nothing
// typed and no photo byte in plaintext anywhere under the app's home, cache, runtime and
// temporary directories.
#include <catch2/catch.hpp>

#include <QProcess>
#include <QProcessEnvironment>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "app_test_support.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

const std::string kDescription = "E2E-消防通道堆放杂物-canary-7f3a";
const std::string kUnsaved = "E2E-unsaved-draft-canary-91c2";
const std::string kSigner = "E2E签字人";
const std::string kPhotoMarker = "fieldcheck-fake-photo-";  // in the fake camera's JPEG comment

// A text field's value, or "" when it is null.
std::string text(const Record& r, const char* field) {
    const auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? v : std::string();
}

// Files under `root` whose bytes contain one of `needles`, with the needle.
std::vector<std::string> plaintextUnder(const std::string& root, const std::vector<std::string>& needles) {
    std::vector<std::string> found;
    std::error_code ec;
    if (root.empty() || !std::filesystem::exists(root, ec)) return found;
    for (auto it = std::filesystem::recursive_directory_iterator(root, std::filesystem::directory_options::skip_permission_denied, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (ec || !it->is_regular_file(ec)) continue;
        std::ifstream in(it->path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const auto& needle : needles) {
            if (bytes.find(needle) != std::string::npos) found.push_back(it->path().string() + " holds '" + needle + "'");
        }
    }
    return found;
}

struct AppRun {
    QProcess process;
    QString output;
    AppRun(const QString& phase, const std::string& db, const std::string& serverUrl, const std::string& tmp) {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        e.insert(QStringLiteral("QT_QUICK_BACKEND"), QStringLiteral("software"));
        e.insert(QStringLiteral("TMPDIR"), QString::fromStdString(tmp));
        process.setProcessEnvironment(e);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(FIELDCHECK_APP_BIN),
                      {QStringLiteral("--db"), QString::fromStdString(db), QStringLiteral("--e2e"), phase,
                       QStringLiteral("--e2e-server"), QString::fromStdString(serverUrl)});
        REQUIRE(process.waitForStarted(10000));
        process.write(QByteArray(kDemoPassword) + '\n');  // the enrolment password, on stdin
        process.closeWriteChannel();
    }
    // Reads output until `marker` appears or the process ends.
    bool waitFor(const QString& marker, int timeoutMs) {
        return waitUntil([&] {
            output += QString::fromUtf8(process.readAll());
            return output.contains(marker) || process.state() == QProcess::NotRunning;
        }, timeoutMs) && output.contains(marker);
    }
};

}  // namespace

TEST_CASE("end to end: the real app records a visit and a finding with a photo offline-first, survives SIGKILL mid-form, "
          "syncs, and leaves no plaintext behind",
          "[.e2e]") {
    const std::string home = env("FIELDCHECK_TEST_HOME");
    REQUIRE_FALSE(home.empty());  // run through with_secret_service.sh, never in the real home
    ServerProcess server;
    server.start();
    const std::string data = home + "/.local/share/fieldcheck-e2e";
    const std::string tmp = home + "/../app-tmp";
    std::filesystem::create_directories(data);
    std::filesystem::create_directories(tmp);
    const std::string db = data + "/device.db";

    {
        AppRun record(QStringLiteral("record"), db, server.url(), tmp);
        INFO(record.output.toStdString());
        REQUIRE(record.waitFor(QStringLiteral("E2E-READY"), 180000));
        record.process.kill();  // SIGKILL, mid-form
        REQUIRE(record.process.waitForFinished(10000));
        CHECK(record.process.exitStatus() == QProcess::CrashExit);
    }
    {
        AppRun resume(QStringLiteral("resume"), db, server.url(), tmp);
        const bool done = resume.waitFor(QStringLiteral("E2E-DONE"), 240000);
        resume.process.waitForFinished(30000);
        resume.output += QString::fromUtf8(resume.process.readAll());
        INFO(resume.output.toStdString());
        REQUIRE(done);
        CHECK(resume.process.exitCode() == 0);
    }

    // What the device holds, read with its passphrase (the self-test's, which the app typed).
    std::string findingId, photoSha, visitId;
    {
        auto device = Store::open(db, SecretBytes::fromString("巡检 correct horse battery"));
        REQUIRE(device.ok());
        ListQuery all;
        for (const Record& f : device.value()->listRecords("finding", all).value()) {
            if (text(f, "description") == kDescription) findingId = f.id;
        }
        REQUIRE_FALSE(findingId.empty());
        const auto photos = device.value()->attachmentsOf("finding", findingId).value();
        REQUIRE(photos.size() == 1);
        photoSha = photos.front().sha256;
        CHECK(replication::unansweredOps(*device.value(), -1).value().empty());
        CHECK(replication::waitingAttachments(*device.value()).value() == 0);
    }

    // A second device sees it all on the server.
    Device office(server.url(), "jijian1");
    syncOk(office);
    const Record finding = office.store().getRecord("finding", findingId).value();
    CHECK(text(finding, "subcategory") == kUnsaved);
    bool photoThere = false;
    for (const auto& a : replication::attachmentSyncStates(office.store(), "finding", findingId).value()) {
        if (a.attachment.sha256 != photoSha || a.state != "downloaded") continue;
        auto bytes = office.store().readAttachment(a.attachment.id);
        photoThere = bytes.ok() && sha256Hex(bytes->data(), bytes->size()) == photoSha;
    }
    CHECK(photoThere);
    bool visitSubmitted = false;
    for (const Record& v : office.store().listRecords("visit", {}).value()) {
        if (text(v, "signed_by") == kSigner) {
            visitSubmitted = text(v, "status") == "submitted" && !text(v, "signature_attachment_id").empty();
        }
    }
    CHECK(visitSubmitted);

    // The canary scan. First, that it finds what it looks for: a planted file.
    const std::vector<std::string> canaries{kDescription, kUnsaved, kSigner, kPhotoMarker};
    {
        const std::string planted = tmp + "/planted.txt";
        std::ofstream(planted) << "x" << kUnsaved << "y";
        REQUIRE(plaintextUnder(tmp, canaries).size() == 1);
        std::filesystem::remove(planted);
    }
    std::vector<std::string> leaks;
    for (const std::string& root : {home, env("XDG_RUNTIME_DIR"), tmp}) {
        for (const auto& leak : plaintextUnder(root, canaries)) leaks.push_back(leak);
    }
    INFO("plaintext found: " << leaks.size());
    for (const auto& leak : leaks) UNSCOPED_INFO(leak);
    CHECK(leaks.empty());
}
