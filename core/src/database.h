// Core's name for the SQLCipher layer (fieldcheck/core/sqlite.h), used throughout core/src.
#pragma once

#include "fieldcheck/core/sqlite.h"

namespace fieldcheck::detail {
using sqlite::Database;
using sqlite::forEachRow;
using sqlite::ReadSnapshot;
using sqlite::sqliteError;
using sqlite::Statement;
using sqlite::Transaction;
using sqlite::TransactionState;
}  // namespace fieldcheck::detail
