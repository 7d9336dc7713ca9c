#include "domain/standards.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "domain/annotation_anchors.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/paging.h"
#include "domain/internal/standard_rules.h"
#include "domain/internal/etag.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/internal/screened_text.h"
#include "domain/names.h"
#include "domain/search_documents.h"
#include "domain/text_diff.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "store/keys.h"

namespace kompas::domain {
using store::Table;
namespace keys = store::keys;

absl::StatusOr<v1::Erratum> Standards::ReportErratum(const Call& call,
                                                     const v1::ReportErratumRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.parent(), kStandards, "parent"));
  ASSIGN_OR_RETURN(v1::Erratum e,
                   internal::ScreenedText(*gate_, *communities_, ref.community, request, "erratum",
                                          request.erratum(), "description"));
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id})});
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.id}));
  if (s.status() != v1::STANDARD_STATUS_ADOPTED) {
    return internal::WrongStatus(s, "ADOPTED", "an erratum (errors in drafts are edited away)");
  }
  const std::string id = NewServerId();
  e.set_name(FormatChildOfStandard(s.name(), kErrata, id));
  e.set_revision(s.revision());
  e.set_state(v1::ERRATUM_STATE_REPORTED);
  e.set_reporter(MemberName(ref.community, call.member_id()));
  *e.mutable_create_time() = internal::Now();
  store::WriteBatch batch;
  batch.Put(Table::kErrata, keys::Join({ref.community, ref.id, id}), e.SerializeAsString());
  RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, e.name()));
  return e;
}

absl::StatusOr<v1::ListErrataResponse> Standards::ListErrata(
    const Call& /*call*/, const v1::ListErrataRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.parent(), kStandards, "parent"));
  FieldViolations v;
  CheckPageSize(v, request.page_size());
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(Load({ref.community, ref.id}).status());
  const internal::PageScan scan{.table = Table::kErrata,
                                .prefix = keys::Prefix({ref.community, ref.id})};
  v1::ListErrataResponse response;
  RETURN_IF_ERROR(internal::ListRecords<v1::Erratum>(
      *store_, scan,
      internal::PageRequestOf(request,
                              absl::StrCat(request.parent(), "|", static_cast<int>(request.state()))),
      [&](const v1::Erratum& e) {
        return request.state() == v1::ERRATUM_STATE_UNSPECIFIED || e.state() == request.state();
      },
      [](v1::ListErrataResponse& r, v1::Erratum&& e) { *r.add_errata() = std::move(e); },
      response));
  return response;
}

absl::StatusOr<v1::Erratum> Standards::ResolveErratum(const Call& call,
                                                      const v1::ResolveErratumRequest& request) {
  ASSIGN_OR_RETURN(ChildOfStandard ref,
                   ParseChildOfStandard(request.name(), kErrata, "name", "{erratum}"));
  FieldViolations v;
  const bool accept = request.resolution() == v1::ERRATUM_STATE_ACCEPTED;
  if (!accept && request.resolution() != v1::ERRATUM_STATE_REJECTED) {
    v.Add("resolution", "must be ACCEPTED or REJECTED");
  }
  internal::CheckReason(v, "reason", request.reason(), /*required=*/!accept);
  if (accept) {
    if (!request.has_corrected_content()) {
      v.Add("corrected_content", "is required when accepting: the corrected text, complete");
    } else {
      ValidateStandardContent(v, "corrected_content", request.corrected_content());
    }
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
  v1::ResolveErratumRequest screened;
  screened.set_reason(request.reason());
  if (accept) *screened.mutable_corrected_content() = request.corrected_content();
  screened.mutable_corrected_content()->DiscardUnknownFields();
  RETURN_IF_ERROR(gate_->ScreenWrite(screened, "", request, community).status());

  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.standard_id})});
  const std::string erratum_key = keys::Join({ref.community, ref.standard_id, ref.id});
  ASSIGN_OR_RETURN(auto e, internal::LoadRecord<v1::Erratum>(*store_, Table::kErrata, erratum_key));
  if (!e.has_value()) return NotFound(request.name());
  if (e->state() != v1::ERRATUM_STATE_REPORTED) {
    return FailedPrecondition(v1::ERRATUM_STATE, e->name(),
                              absl::StrCat(e->name(), " is already resolved"));
  }
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.standard_id}));
  store::WriteBatch batch;
  e->set_resolution(screened.reason());
  if (accept) {
    if (s.status() != v1::STANDARD_STATUS_ADOPTED) {
      return internal::WrongStatus(s, "ADOPTED", "correcting by an erratum");
    }
    if (google::protobuf::util::MessageDifferencer::Equals(screened.corrected_content(),
                                                           s.content())) {
      v.Add("corrected_content",
            absl::StrCat("is the same as revision ", s.revision(),
                         "; accept with the corrected text, or reject the erratum"));
      return v.ToStatus();
    }
    RETURN_IF_ERROR(StageRevision(call, {ref.community, ref.standard_id}, s,
                                  screened.corrected_content(),
                                  absl::StrCat("Erratum: ", internal::Utf8Prefix(e->description(), 200)),
                                  batch));
    batch.Put(Table::kStandards, keys::Join({ref.community, ref.standard_id}),
              s.SerializeAsString());
    RETURN_IF_ERROR(StageSearch(s, batch));
    e->set_state(v1::ERRATUM_STATE_ACCEPTED);
    e->set_corrected_revision(s.revision());
  } else {
    e->set_state(v1::ERRATUM_STATE_REJECTED);
  }
  batch.Put(Table::kErrata, erratum_key, e->SerializeAsString());
  RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, e->name()));
  return *std::move(e);
}

}  // namespace kompas::domain
