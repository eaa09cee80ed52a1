#include "position_source.h"

namespace fieldcheck::platform {

QString PositionSource::noSourceMessage() {
    return tr(
        "This device has no location service. Record the finding without a position, or describe "
        "the place in "
        "the finding.");
}

QString PositionSource::accessDeniedMessage() {
    return tr(
        "FieldCheck may not use the location. Allow location access for FieldCheck in the system "
        "settings, then "
        "try again.");
}

QString PositionSource::timeoutMessage(int timeoutMs) {
    return tr(
        "No position was found within %n second(s). Go outdoors or near a window and try again, or "
        "record the "
        "finding without a position.",
        nullptr, (timeoutMs + 999) / 1000);
}

QString PositionSource::closedMessage() {
    return tr(
        "The location service stopped (it was switched off or disconnected). Switch location on "
        "and try again.");
}

QString PositionSource::unknownErrorMessage() {
    return tr("The location service failed. Try again, or record the finding without a position.");
}

}  // namespace fieldcheck::platform
