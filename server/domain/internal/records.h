// Reading stored records: parse-on-load. (Listing pages: paging.h.)
#ifndef KOMPAS_DOMAIN_INTERNAL_RECORDS_H_
#define KOMPAS_DOMAIN_INTERNAL_RECORDS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "store/store.h"

namespace kompas::domain::internal {

// The record under key, nullopt when absent, DATA_LOSS when unparsable.
template <typename T>
absl::StatusOr<std::optional<T>> LoadRecord(const store::Store& store, store::Table table,
                                            const std::string& key) {
  ASSIGN_OR_RETURN(std::optional<std::string> raw, store.Get(table, key));
  if (!raw.has_value()) return std::optional<T>();
  T record;
  if (!record.ParseFromString(*raw)) {
    return absl::DataLossError(absl::StrCat("stored ", store::TableName(table),
                                            " record cannot be parsed"));
  }
  return std::optional<T>(std::move(record));
}

// Scans `table` under `prefix` in key order, handing each record, parsed as
// T, to `visit(key, record)`; a visit that fails stops the scan with its
// status, and a record that does not parse stops it with DATA_LOSS
// `unparsable` (which names the kind of record).
template <typename T, typename Visit>
[[nodiscard]] absl::Status ScanRecords(const store::Store& store, store::Table table,
                                       const std::string& prefix, absl::string_view unparsable,
                                       Visit visit) {
  absl::Status inner;
  RETURN_IF_ERROR(store.Scan(table, prefix, {}, [&](absl::string_view key, absl::string_view value) {
    T record;
    if (!record.ParseFromString(std::string(value))) {
      inner = absl::DataLossError(unparsable);
      return false;
    }
    inner = visit(key, std::move(record));
    return inner.ok();
  }));
  return inner;
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_RECORDS_H_
