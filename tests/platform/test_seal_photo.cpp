// A photo from the camera into the encrypted vault: the exact bytes and their SHA-256 are kept,
// the plaintext is wiped from memory afterwards, and no file but the store's own ever holds it.
#include <catch2/catch.hpp>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <memory>
#include <string>

#include "fake_camera.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/store.h"
#include "signal_wait.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using platform::CapturedPhoto;
using platform::FakeCamera;

namespace {

// A scratch store with the least KDF cost, in `dir`.
std::unique_ptr<Store> createScratchStore(const QString& path) {
    StoreOptions options;
    options.actor = "tester";
    auto store =
        Store::create(path.toStdString(), SecretBytes::fromString("正风巡检-platform-test"),
                      KdfParams::minimumForTests(), options);
    if (!store.ok()) FAIL("create store: " << store.error().toString());
    return std::move(store).value();
}

// A finding (on a unit) to hang photos on, as the inspector's first record of a visit.
std::string createFinding(Store& store) {
    auto unit = store.createRecord(
        "unit", {{"code", "MZ001"}, {"name", "区社会福利院"}, {"unit_type", "elderly_home"}});
    if (!unit.ok()) FAIL("create unit: " << unit.error().toString());
    auto finding = store.createRecord("finding", {{"unit_id", unit->id},
                                                  {"category", "safety"},
                                                  {"source", "visit"},
                                                  {"description", "消防通道堆放杂物"}});
    if (!finding.ok()) FAIL("create finding: " << finding.error().toString());
    return finding->id;
}

CapturedPhoto takePhoto(FakeCamera& camera) {
    QSignalSpy captured(&camera, &platform::Camera::captured);
    camera.capture();
    if (!waitForSignals(captured, 1)) FAIL("the fake camera gave no photo");
    return captured.at(0).at(0).value<CapturedPhoto>();
}

struct DirScan {
    QStringList files;          // every regular file, relative to the directory
    QStringList holdingMarker;  // those whose bytes contain the marker
};

DirScan scan(const QString& dir, const QByteArray& marker) {
    DirScan result;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(dir).relativeFilePath(path);
        result.files << relative;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(marker))
            result.holdingMarker << relative;
    }
    return result;
}

bool allZero(const QByteArray& bytes) {
    return std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return c == '\0'; });
}

}  // namespace

TEST_CASE(
    "a sealed photo reads back byte for byte with its SHA-256, is wiped from memory, and sits in "
    "no file but the store's",
    "[platform][camera][store]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString storePath = dir.filePath("store.db");
    auto store = createScratchStore(storePath);
    const std::string findingId = createFinding(*store);

    FakeCamera camera;
    CapturedPhoto photo = takePhoto(camera);
    const QByteArray marker = FakeCamera::markerOf(1);
    REQUIRE(photo.bytes.contains(marker));
    const std::string original(photo.bytes.constData(),
                               static_cast<size_t>(photo.bytes.size()));  // a deep copy
    const QByteArray sharedCopy =
        photo.bytes;  // shares the buffer, as a queued signal's argument does
    const qsizetype size = photo.bytes.size();

    auto sealed = platform::sealPhoto(*store, "finding", findingId, photo);
    REQUIRE(sealed.ok());
    CHECK(sealed->recordType == "finding");
    CHECK(sealed->recordId == findingId);
    CHECK(sealed->mediaType == "image/jpeg");
    CHECK(sealed->fileName == photo.fileName.toStdString());
    CHECK(sealed->sizeBytes == static_cast<int64_t>(original.size()));
    CHECK(sealed->sha256 == sha256Hex(original));

    // The plaintext is gone from the photo and from the buffer its copies shared.
    CHECK(photo.bytes.isEmpty());
    REQUIRE(sharedCopy.size() == size);
    CHECK(allZero(sharedCopy));

    auto readBack = store->readAttachment(sealed->id);
    REQUIRE(readBack.ok());
    // (( )): Catch compares without printing both sides, so a failure dumps no JPEG into the log.
    CHECK((std::string(readBack->begin(), readBack->end()) == original));
    CHECK(sha256Hex(std::string(readBack->begin(), readBack->end())) == sealed->sha256);

    // Only the store's own files (the database, its keyring, its journal, the vault), none holding
    // the photo's plaintext — while the store is open and after it is closed.
    for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) store.reset();
        const DirScan found = scan(dir.path(), marker);
        INFO("pass " << pass << ", files: " << found.files.join(", ").toStdString());
        CHECK_FALSE(found.files.isEmpty());
        for (const QString& file : found.files) CHECK(file.startsWith("store.db"));
        CHECK(found.holdingMarker.isEmpty());
    }
}

TEST_CASE("a photo that cannot be sealed keeps its bytes for another try",
          "[platform][camera][store]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    auto store = createScratchStore(dir.filePath("store.db"));
    createFinding(*store);
    FakeCamera camera;
    CapturedPhoto photo = takePhoto(camera);
    const QByteArray before(photo.bytes.constData(), photo.bytes.size());

    SECTION("no such record") {
        auto sealed = platform::sealPhoto(*store, "finding", "no-such-finding", photo);
        REQUIRE_FALSE(sealed.ok());
        INFO(sealed.error().toString());
        CHECK(sealed.error().code == ErrorCode::NotFound);
        CHECK((photo.bytes == before));
    }
    SECTION("no such record type") {
        auto sealed = platform::sealPhoto(*store, "no-such-type", "x", photo);
        REQUIRE_FALSE(sealed.ok());
        CHECK((photo.bytes == before));
    }
    SECTION("an empty photo is refused") {
        CapturedPhoto empty;
        empty.mediaType = "image/jpeg";
        auto sealed = platform::sealPhoto(*store, "finding", "x", empty);
        REQUIRE_FALSE(sealed.ok());
        CHECK(sealed.error().code == ErrorCode::InvalidArgument);
    }
}

TEST_CASE("wiping a photo's bytes leaves raw data that Qt does not own alone",
          "[platform][camera]") {
    static const char kLiteral[] = "not Qt's to overwrite";
    QByteArray raw = QByteArray::fromRawData(kLiteral, sizeof kLiteral - 1);
    platform::wipePhotoBytes(raw);
    CHECK(raw.isEmpty());
    CHECK(std::string(kLiteral) == "not Qt's to overwrite");

    QByteArray owned("photo bytes");
    const QByteArray copy = owned;
    platform::wipePhotoBytes(owned);
    CHECK(owned.isEmpty());
    CHECK(copy.size() == 11);
    CHECK(allZero(copy));
}
