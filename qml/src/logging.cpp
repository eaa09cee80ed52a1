#include "logging.h"

Q_LOGGING_CATEGORY(lcUi, "fieldcheck.ui", QtInfoMsg)
