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
#include "domain/internal/standard_rules.h"
#include "domain/internal/etag.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/paging.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "domain/search_documents.h"
#include "domain/text_diff.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "store/keys.h"


namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;

}  // namespace

absl::StatusOr<v1::StandardRevision> Standards::LoadRevision(const Ref& ref, int revision) const {
  ASSIGN_OR_RETURN(auto r, internal::LoadRecord<v1::StandardRevision>(
                               *store_, Table::kStandardRevisions,
                               keys::Join({ref.community, ref.id, keys::Sequence(revision)})));
  if (!r.has_value()) {
    return NotFound(FormatChildOfStandard(FormatChild(ref.community, kStandards, ref.id),
                                          kRevisions, absl::StrCat(revision)));
  }
  return *std::move(r);
}

absl::Status Standards::StageRevision(const Call& call, const Ref& ref,
                                      v1::Standard& standard, const v1::StandardContent& content,
                                      const std::string& change_note,
                                      store::WriteBatch& batch) const {
  const int revision = standard.revision() + 1;
  *standard.mutable_content() = content;
  standard.set_revision(revision);
  *standard.mutable_update_time() = internal::Now();
  if (standard.create_time().seconds() == 0) *standard.mutable_create_time() = standard.update_time();
  standard.set_etag(internal::NextEtag(standard.etag()));
  v1::StandardRevision r;
  r.set_name(FormatChildOfStandard(standard.name(), kRevisions, absl::StrCat(revision)));
  r.set_revision(revision);
  *r.mutable_content() = content;
  r.set_author(MemberName(ref.community, call.member_id()));
  r.set_change_note(change_note);
  *r.mutable_create_time() = standard.update_time();
  batch.Put(Table::kStandardRevisions, keys::Join({ref.community, ref.id, keys::Sequence(revision)}),
            r.SerializeAsString());
  return StageReanchoring(*store_, ref.community, standard.name(), standard,
                          absl::StrCat(revision), batch);
}

absl::StatusOr<v1::ListRevisionsResponse> Standards::ListRevisions(
    const Call& /*call*/, const v1::ListRevisionsRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.parent(), kStandards, "parent"));
  RETURN_IF_ERROR(Load({ref.community, ref.id}).status());
  v1::ListRevisionsResponse response;
  RETURN_IF_ERROR(internal::ListRecords<v1::StandardRevision>(
      *store_, internal::PageScan{.table = Table::kStandardRevisions, .prefix = keys::Prefix({ref.community, ref.id})},
      internal::PageRequestOf(request, request.parent()), [](const v1::StandardRevision&) { return true; },
      [](v1::ListRevisionsResponse& r, v1::StandardRevision&& x) { *r.add_revisions() = std::move(x); }, response));
  return response;
}

absl::StatusOr<v1::DiffRevisionsResponse> Standards::DiffRevisions(
    const Call& /*call*/, const v1::DiffRevisionsRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.name(), kStandards, "name"));
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.id}));
  const int to = request.to_revision() == 0 ? s.revision() : request.to_revision();
  FieldViolations v;
  if (request.from_revision() < 1 || request.from_revision() > s.revision()) {
    v.Add("from_revision", absl::StrCat("must be a revision of ", s.name(), ": 1-", s.revision()));
  }
  if (to < 1 || to > s.revision()) {
    v.Add("to_revision", absl::StrCat("must be a revision of ", s.name(), ": 1-", s.revision(),
                                      ", or 0 for the latest"));
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::StandardRevision from, LoadRevision({ref.community, ref.id}, request.from_revision()));
  ASSIGN_OR_RETURN(v1::StandardRevision until, LoadRevision({ref.community, ref.id}, to));
  v1::DiffRevisionsResponse response;
  response.set_from_revision(from.revision());
  response.set_to_revision(until.revision());
  for (v1::FieldDiff& d : DiffContent(from.content(), until.content())) {
    *response.add_fields() = std::move(d);
  }
  return response;
}

}  // namespace kompas::domain
