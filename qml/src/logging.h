// The logging category of the Qt Quick app (`fieldcheck.ui`).
//
// Everything the UI layer logs goes through it, so `QT_LOGGING_RULES="fieldcheck.ui.debug=true"`
// turns on its debug output. Never log a passphrase or any record content: error codes, store
// paths and core error messages (which carry neither) only.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)
