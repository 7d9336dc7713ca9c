#include "domain/cases.h"


#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/annotation_anchors.h"
#include "domain/case_lifecycle.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/paging.h"
#include "domain/internal/case_rules.h"
#include "domain/internal/etag.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/rename.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "kompas/v1/kompas.pb.h"
#include "kompas/v1/standard.pb.h"
#include "domain/search_documents.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;
using internal::Contains;

bool Matches(const v1::Case& c, const v1::ListCasesRequest& r) {
  if (r.status() != v1::CASE_STATUS_UNSPECIFIED && c.status() != r.status()) return false;
  if (!r.theme().empty() && !Contains(c.themes(), r.theme())) return false;
  if (!r.law().empty() && !Contains(c.laws(), r.law())) return false;
  if (!r.municipality().empty() &&
      (c.hide_origin() || c.origin_municipality() != r.municipality())) {
    return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<v1::ListCasesResponse> Cases::List(const Call& call,
                                                  const v1::ListCasesRequest& request) const {
  FieldViolations v;
  ASSIGN_OR_RETURN(std::string community_id, internal::ListedCommunity(request, v));
  internal::CheckCaseFilters(v, request);
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(communities_->Load(community_id).status());

  // Drive the scan from the most selective index the request names; the
  // other filters are applied to each record. Ids sort by creation time, so
  // a reverse scan is newest first, and cases created while a client pages
  // land before its cursor: no duplicates, no gaps.
  bool use_index = true;
  std::string prefix;
  if (!request.municipality().empty()) {
    prefix = keys::CaseIndexPrefix(community_id, "municipality", request.municipality());
  } else if (!request.theme().empty()) {
    prefix = keys::CaseIndexPrefix(community_id, "theme", request.theme());
  } else if (!request.law().empty()) {
    prefix = keys::CaseIndexPrefix(community_id, "law", request.law());
  } else if (request.status() != v1::CASE_STATUS_UNSPECIFIED) {
    prefix = keys::CaseIndexPrefix(community_id, "status",
                                   absl::StrCat(static_cast<int>(request.status())));
  } else {
    use_index = false;
    prefix = keys::CasesOf(community_id);
  }

  const std::string caller_name = MemberName(community_id, call.member_id());
  const internal::PageScan scan{.table = use_index ? Table::kCaseIndex : Table::kCases,
                                .prefix = prefix,
                                .newest_first = true,
                                .server_id_cursor = true,
                                .max_page_bytes = options_.max_page_bytes};
  v1::ListCasesResponse response;
  RETURN_IF_ERROR(internal::ListPage<v1::Case>(
      *store_, scan,
      internal::PageRequestOf(request, absl::StrCat(request.parent(), "|",
                                                    static_cast<int>(request.status()), "|",
                                                    request.theme(), "|", request.law(), "|",
                                                    request.municipality())),
      [&](absl::string_view key,
          absl::string_view value) -> absl::StatusOr<std::optional<v1::Case>> {
        v1::Case c;
        if (use_index) {
          auto loaded = Load(community_id, std::string(keys::LastPart(key)));
          // An index entry of a case deleted meanwhile.
          if (absl::IsNotFound(loaded.status())) return std::nullopt;
          RETURN_IF_ERROR(loaded.status());
          c = *std::move(loaded);
        } else {
          ASSIGN_OR_RETURN(c, internal::ParseRecord<v1::Case>(Table::kCases, value));
        }
        const bool visible =
            c.status() != v1::CASE_STATUS_DRAFT || c.author() == caller_name;  // own drafts only
        if (!visible || !Matches(c, request)) return std::nullopt;
        return Output(caller_name, std::move(c));
      },
      [](v1::ListCasesResponse& r, v1::Case&& c) { *r.add_cases() = std::move(c); }, response));
  // A list hands out whole cases, so each returned case is a read on the
  // audit trail under its own name ("who read this case" must see it).
  std::vector<std::string> read;
  for (const v1::Case& c : response.cases()) read.push_back(c.name());
  RETURN_IF_ERROR(call.Read(community_id, read));
  return response;
}

}  // namespace kompas::domain
