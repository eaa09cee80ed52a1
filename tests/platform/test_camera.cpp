// The camera: the fake's photos and every one of its fault switches, and the Qt Multimedia camera
// on a machine without a camera (this build machine has none: /dev/video* is absent).
#include <catch2/catch.hpp>

#include <QCameraDevice>
#include <QDateTime>
#include <QImage>
#include <QMediaDevices>
#include <QRegularExpression>

#include "fake_camera.h"
#include "qt_camera.h"
#include "signal_wait.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using platform::CapturedPhoto;
using platform::FakeCamera;

namespace {

CapturedPhoto photoAt(const QSignalSpy& spy, int index) {
    return spy.at(index).at(0).value<CapturedPhoto>();
}

bool isJpeg(const QByteArray& bytes) {
    return bytes.startsWith("\xFF\xD8\xFF") && bytes.endsWith("\xFF\xD9");
}

}  // namespace

TEST_CASE("the camera fake delivers JPEG photos from the event loop, each with bytes of its own",
          "[platform][camera]") {
    FakeCamera camera;
    QSignalSpy captured(&camera, &platform::Camera::captured);
    QSignalSpy failed(&camera, &platform::Camera::failed);
    REQUIRE(camera.isAvailable());
    CHECK(camera.unavailableReason().isEmpty());

    camera.capture();
    CHECK(captured.count() == 0);  // asynchronous: nothing inside capture()
    REQUIRE(waitForSignals(captured, 1));
    const CapturedPhoto first = photoAt(captured, 0);
    CHECK(isJpeg(first.bytes));
    CHECK(first.mediaType == "image/jpeg");
    CHECK(QRegularExpression("^IMG_\\d{8}_\\d{6}\\.jpg$").match(first.fileName).hasMatch());
    CHECK(std::abs(first.capturedMs - QDateTime::currentMSecsSinceEpoch()) < 60000);
    CHECK(first.bytes.contains(FakeCamera::markerOf(1)));
    const QImage decoded = QImage::fromData(first.bytes, "JPEG");
    CHECK(decoded.size() == QSize(640, 480));

    camera.capture();
    REQUIRE(waitForSignals(captured, 2));
    const CapturedPhoto second = photoAt(captured, 1);
    CHECK(isJpeg(second.bytes));
    CHECK(second.bytes.contains(FakeCamera::markerOf(2)));
    CHECK_FALSE(second.bytes.contains(FakeCamera::markerOf(1)));
    CHECK((second.bytes != first.bytes));
    CHECK(failed.count() == 0);
    CHECK(camera.captureCalls() == 2);
    CHECK(camera.photosTaken() == 2);
}

TEST_CASE("the camera fake fails in each of the ways a real camera does", "[platform][camera]") {
    FakeCamera camera;
    QSignalSpy captured(&camera, &platform::Camera::captured);
    QSignalSpy failed(&camera, &platform::Camera::failed);

    SECTION(
        "no camera: unavailable with a reason that says what to do, and a capture fails with it") {
        camera.setFaults({.unavailable = true});
        CHECK_FALSE(camera.isAvailable());
        CHECK(camera.unavailableReason() == platform::Camera::noCameraReason());
        CHECK(camera.unavailableReason().contains("choose a photo file"));
        camera.capture();
        CHECK(failed.count() == 0);  // asynchronous, as a real camera
        REQUIRE(waitForSignals(failed, 1));
        CHECK(failed.at(0).at(0).toString() == platform::Camera::noCameraReason());
        runEventLoopFor(50);
        CHECK(captured.count() == 0);
        CHECK(camera.captureCalls() == 1);
        CHECK(camera.photosTaken() == 0);
    }
    SECTION("a failed capture: that capture fails, the next one succeeds") {
        camera.setFaults({.failNextCapture = true});
        camera.capture();
        REQUIRE(waitForSignals(failed, 1));
        CHECK(failed.at(0).at(0).toString() == FakeCamera::injectedFailureMessage());
        CHECK(captured.count() == 0);
        camera.capture();
        REQUIRE(waitForSignals(captured, 1));
        CHECK(failed.count() == 1);
        CHECK(photoAt(captured, 0).bytes.contains(FakeCamera::markerOf(1)));
        CHECK(camera.captureCalls() == 2);
    }
    SECTION("a fixed capture time is every photo's time and names its file") {
        const qint64 fixedMs = QDateTime(QDate(2026, 12, 7), QTime(14, 30, 12)).toMSecsSinceEpoch();
        camera.setFixedCaptureTime(fixedMs);
        camera.capture();
        camera.capture();
        REQUIRE(waitForSignals(captured, 2));
        CHECK(photoAt(captured, 0).capturedMs == fixedMs);
        CHECK(photoAt(captured, 1).capturedMs == fixedMs);
        CHECK(photoAt(captured, 0).fileName == "IMG_20261207_143012.jpg");
        camera.setFixedCaptureTime(std::nullopt);
        camera.capture();
        REQUIRE(waitForSignals(captured, 3));
        CHECK(std::abs(photoAt(captured, 2).capturedMs - QDateTime::currentMSecsSinceEpoch()) <
              60000);
    }
}

TEST_CASE(
    "the Qt camera without any camera says so, and a capture fails with the reason instead of "
    "crashing",
    "[platform][camera]") {
    platform::QtCamera camera;
    const bool cameraPresent = !QMediaDevices::videoInputs().isEmpty();
    CHECK(camera.isAvailable() == cameraPresent);
    if (cameraPresent) {
        // A machine with a camera: what follows needs one that is absent (this build machine).
        CHECK(camera.unavailableReason().isEmpty());
        return;
    }
    CHECK(camera.unavailableReason() == platform::Camera::noCameraReason());
    QSignalSpy captured(&camera, &platform::Camera::captured);
    QSignalSpy failed(&camera, &platform::Camera::failed);
    camera.setVideoOutput(nullptr);  // a page without viewfinder: nothing to open
    camera.capture();
    CHECK(failed.count() == 0);
    REQUIRE(waitForSignals(failed, 1));
    CHECK(failed.at(0).at(0).toString() == platform::Camera::noCameraReason());
    camera.capture();  // and again: still an answer, not a stuck capture
    REQUIRE(waitForSignals(failed, 2));
    CHECK(captured.count() == 0);
}
