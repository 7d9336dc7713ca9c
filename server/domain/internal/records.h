// Reading stored records: parse-on-load and the forward page listing that
// communities, members, municipalities and reflections share.
#ifndef KOMPAS_DOMAIN_INTERNAL_RECORDS_H_
#define KOMPAS_DOMAIN_INTERNAL_RECORDS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/internal/page_token.h"
#include "domain/validation.h"
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

// Lists one table's prefix in key order from a page token; `add` parses
// and appends one record to the response. `parameters` identifies the
// request for the page token's fingerprint.
template <typename Response, typename AddFn>
absl::StatusOr<Response> ListPage(const store::Store& store, store::Table table,
                                  const std::string& prefix, absl::string_view parameters,
                                  int requested_page_size, absl::string_view page_token,
                                  AddFn add) {
  FieldViolations v;
  int page_size = CheckPageSize(v, requested_page_size);
  RETURN_IF_ERROR(v.ToStatus());
  uint64_t fp = internal::Fingerprint(parameters);
  ASSIGN_OR_RETURN(std::string cursor, internal::DecodePageToken(page_token, fp));
  Response response;
  store::ScanOptions options;
  if (!cursor.empty()) options.after = prefix + cursor;
  int count = 0;
  std::string last;
  bool more = false;
  absl::Status parse_status;
  RETURN_IF_ERROR(store.Scan(table, prefix, options, [&](absl::string_view k, absl::string_view val) {
    if (count == page_size) {
      more = true;
      return false;
    }
    parse_status = add(response, val);
    if (!parse_status.ok()) return false;
    last = std::string(k.substr(prefix.size()));
    ++count;
    return true;
  }));
  RETURN_IF_ERROR(parse_status);
  if (more) response.set_next_page_token(internal::EncodePageToken(fp, last));
  return response;
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_RECORDS_H_
