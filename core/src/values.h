// Field values: parsing and checking input, binding to SQL, reading back, and the canonical hash
// of a record that the audit chain records.
#pragma once

#include "database.h"
#include "fieldcheck/core/records.h"

namespace fieldcheck::detail {

// Checks `input` (a JSON object) against the type: unknown fields, wrong kinds, bad dates and
// amounts are InvalidArgument errors naming the field. With `forCreate`, required fields must be
// present and non-null. Returns the normalised values (see FieldKind for the representation).
Result<nlohmann::json> normalizeFields(const RecordTypeSpec& spec, const nlohmann::json& input, bool forCreate);
Result<nlohmann::json> normalizeValue(const FieldSpec& field, const nlohmann::json& value);

void bindField(Statement& st, int index, const FieldSpec& field, const nlohmann::json& value);
nlohmann::json columnToJson(const FieldSpec& field, const Statement& st, int col);

// SHA-256 of the record's canonical content: its fields and its withdrawal state.
// `schemaVersion` selects the fields that existed then (FieldSpec::since): an audit entry written at
// version v is compared with the record's hash at v.
std::string recordHash(const Record& r, int schemaVersion);

// "1234.5" → 123450 fen; errors on more than two decimals, signs or junk.
Result<int64_t> parseMoneyFen(const std::string& text);
std::string formatMoneyFen(int64_t fen);
bool isValidDate(const std::string& text);
bool isValidMonth(const std::string& text);

}  // namespace fieldcheck::detail
