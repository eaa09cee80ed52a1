// A what-if for the bulk benchmark: Store::createRecord without the Transaction it wraps itself in.
//
// Inside Store::transaction(), createRecord's own detail::Transaction is nested, so it issues
// SAVEPOINT/RELEASE around every record. SQLite copies each page a savepoint is about to change
// into the sub-journal, and SQLCipher encrypts those copies (fresh random IV + HMAC per page) even
// though the sub-journal never reaches the disk (temp_store=MEMORY). The store does not let us
// switch that off, so this file repeats createRecord's body — the same core functions, on the
// store's own connection — minus the Transaction, and BulkTransaction opens the one outer
// transaction by hand. Nothing else differs, so the difference in time is the savepoints' cost.
//
// Keep in step with Store::createRecord (core/src/store.cpp); it leaves out only
// checkCallerFields, which rejects computed fields set by a caller and writes nothing.
// Benchmarks only: a failed record inside BulkTransaction is not rolled back on its own.
#pragma once

#include <string>

#include "fieldcheck/core/store.h"

namespace fieldcheck::bench {

// BEGIN IMMEDIATE on the store's connection; commit() or destruction (ROLLBACK) ends it. While it
// is open, the store sees a transaction depth of 1, as inside Store::transaction().
class BulkTransaction {
public:
    explicit BulkTransaction(Store& store);  // throws BenchError
    ~BulkTransaction();
    BulkTransaction(const BulkTransaction&) = delete;
    BulkTransaction& operator=(const BulkTransaction&) = delete;
    void commit();  // throws BenchError

private:
    Store& m_store;
    bool m_open = false;
};

// Store::createRecord(type, fields) minus its own Transaction; call inside a BulkTransaction.
Result<Record> createRecordUnwrapped(Store& store, const std::string& type, const nlohmann::json& fields);

// PRAGMA cache_size on the store's connection (SQLite's default, which the store keeps, is 2 MB).
void setPageCacheMiB(Store& store, int mib);

}  // namespace fieldcheck::bench
