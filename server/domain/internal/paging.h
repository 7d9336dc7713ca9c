// The one way a List use case pages: a key-ordered scan of one table prefix,
// resumed after an opaque page token (page_token.h: it carries the key part
// of the last entry examined and a fingerprint of the request's filters),
// filtered per entry, and bounded three ways: page_size items, a byte
// budget (so a response stays under the gRPC message limit), and
// kMaxScannedPerPage entries examined (so a selective filter returns a short
// page with a token instead of scanning without bound).
//
//   internal::PageScan scan{.table = Table::kErrata, .prefix = prefix};
//   v1::ListErrataResponse response;
//   RETURN_IF_ERROR(internal::ListPage<v1::Erratum>(
//       *store_, scan, internal::PageRequestOf(request, request.parent()),
//       [&](absl::string_view, absl::string_view value) -> absl::StatusOr<std::optional<v1::Erratum>> {
//         ASSIGN_OR_RETURN(v1::Erratum e, internal::ParseRecord<v1::Erratum>(Table::kErrata, value));
//         if (!Wanted(e)) return std::nullopt;
//         return e;
//       },
//       [](v1::ListErrataResponse& r, v1::Erratum&& e) { *r.add_errata() = std::move(e); },
//       response));
#ifndef KOMPAS_DOMAIN_INTERNAL_PAGING_H_
#define KOMPAS_DOMAIN_INTERNAL_PAGING_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/page_token.h"
#include "domain/names.h"
#include "domain/validation.h"
#include "store/store.h"

namespace kompas::domain::internal {

// Most entries one List call examines before it returns a shorter page (with
// a token to continue), so one call never scans an unbounded range.
inline constexpr int kMaxScannedPerPage = 5000;

// Default byte budget of one page: 2 MiB, half the default 4 MiB gRPC
// message limit, leaving room for framing. A page stops early (with a
// next_page_token) rather than exceed it; a single larger item still comes
// alone.
inline constexpr size_t kDefaultMaxPageBytes = 2u << 20;

// Where a listing reads.
struct PageScan {
  store::Table table;
  // Every key of the listing starts with it; the page cursor is the rest.
  std::string prefix;
  // Newest first: a reverse scan (server ids sort by creation time).
  bool newest_first = false;
  // The cursor is a server id (domain/ids.h); a token holding anything else
  // is refused.
  bool server_id_cursor = false;
  size_t max_page_bytes = kDefaultMaxPageBytes;
};

// What the client asked: the page size and token, and `parameters`, every
// filter that must stay the same across pages (the token's fingerprint).
struct PageRequest {
  int page_size = 0;
  std::string page_token;
  std::string parameters;
};
template <typename Request>
PageRequest PageRequestOf(const Request& request, std::string parameters) {
  return PageRequest{request.page_size(), request.page_token(), std::move(parameters)};
}

// The start of a List in one community: the id of the community that
// request.parent() names (INVALID_ARGUMENT when it names none), with
// request.page_size() checked into `v`, where the caller adds its filters'.
//
//   FieldViolations v;
//   ASSIGN_OR_RETURN(std::string community_id, internal::ListedCommunity(request, v));
template <typename Request>
absl::StatusOr<std::string> ListedCommunity(const Request& request, FieldViolations& v) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  CheckPageSize(v, request.page_size());
  return community_id;
}

// The record in `value`, DATA_LOSS when unparsable.
template <typename T>
absl::StatusOr<T> ParseRecord(store::Table table, absl::string_view value) {
  T record;
  if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError(
        absl::StrCat("stored ", store::TableName(table), " record cannot be parsed"));
  }
  return record;
}

// Lists one page into `response`. `offer(key, value)` returns the item an
// entry contributes (nullopt: filtered out, or an error that ends the call);
// `add(response, item)` appends it. Sets response.next_page_token when more
// may follow.
template <typename Item, typename Response, typename Offer, typename Add>
absl::Status ListPage(const store::Store& store, const PageScan& scan, const PageRequest& request,
                      Offer offer, Add add, Response& response) {
  FieldViolations v;
  const int page_size = CheckPageSize(v, request.page_size);
  RETURN_IF_ERROR(v.ToStatus());
  const uint64_t fingerprint = Fingerprint(request.parameters);
  ASSIGN_OR_RETURN(std::string cursor, DecodePageToken(request.page_token, fingerprint));
  if (scan.server_id_cursor && !cursor.empty() && !IsValidServerId(cursor)) {
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }
  store::ScanOptions options{.reverse = scan.newest_first};
  if (!cursor.empty()) options.after = scan.prefix + cursor;
  int added = 0;
  int scanned = 0;
  size_t page_bytes = 0;
  std::string last;  // cursor of the last entry examined
  std::string next;
  absl::Status inner;
  RETURN_IF_ERROR(store.Scan(
      scan.table, scan.prefix, options, [&](absl::string_view key, absl::string_view value) {
        if (++scanned > kMaxScannedPerPage) {
          next = last;  // a short page; the client continues
          return false;
        }
        absl::StatusOr<std::optional<Item>> item = offer(key, value);
        if (!item.ok()) {
          inner = item.status();
          return false;
        }
        if (item->has_value()) {
          const size_t size = (*item)->ByteSizeLong();
          if (added == page_size ||
              (added > 0 && page_bytes + size > scan.max_page_bytes)) {
            next = last;  // there is at least one more
            return false;
          }
          page_bytes += size;
          add(response, std::move(**item));
          ++added;
        }
        last = std::string(key.substr(scan.prefix.size()));
        return true;
      }));
  RETURN_IF_ERROR(inner);
  if (!next.empty()) response.set_next_page_token(EncodePageToken(fingerprint, next));
  return absl::OkStatus();
}

// The common case: every record of the prefix, parsed, those `keep` accepts.
template <typename Record, typename Response, typename Keep, typename Add>
absl::Status ListRecords(const store::Store& store, const PageScan& scan,
                         const PageRequest& request, Keep keep, Add add, Response& response) {
  return ListPage<Record>(
      store, scan, request,
      [&](absl::string_view, absl::string_view value) -> absl::StatusOr<std::optional<Record>> {
        ASSIGN_OR_RETURN(Record r, ParseRecord<Record>(scan.table, value));
        if (!keep(r)) return std::optional<Record>();
        return std::optional<Record>(std::move(r));
      },
      add, response);
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_PAGING_H_
