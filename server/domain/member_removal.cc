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

}  // namespace

absl::StatusOr<v1::RemoveMemberResponse> Cases::RemoveMember(
    const Call& call, const v1::RemoveMemberRequest& request) {
  ASSIGN_OR_RETURN(MemberRef ref, ParseMemberName(request.name(), "name"));
  ASSIGN_OR_RETURN(auto member, communities_->FindMember(ref.community, ref.member));
  if (!member.has_value()) return NotFound(request.name());
  // A random pseudonym, not derived from the member id: a hash of a
  // guessable id could be reversed by trying ids.
  // The '~' makes it a name no member id can ever have (ids are a-z0-9-),
  // so nobody can later be added under it and inherit the contributions.
  absl::BitGen random;
  const std::string pseudonym =
      MemberName(ref.community, absl::StrFormat("~oud-lid-%016x", absl::Uniform<uint64_t>(random)));
  const std::string old_name = MemberName(ref.community, ref.member);

  // Every stripe of every lock table whose writers write a table that names
  // members: no such write runs between the scan and the commit, so none is
  // undone by it (nor escapes the rename).
  MemberRegistry::Exclusive everything(members_);
  store::WriteBatch batch;
  batch.Delete(Table::kMembers, keys::Member(ref.community, ref.member));
  ASSIGN_OR_RETURN(MemberRegistry::Renamed renamed,
                   members_.StageRename(*store_, ref.community, old_name, pseudonym, batch));
  const int contributions = renamed.contributions;
  RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, request.name()));
  v1::RemoveMemberResponse response;
  response.set_pseudonym(pseudonym);
  response.set_contributions(contributions);
  return response;
}

}  // namespace kompas::domain
