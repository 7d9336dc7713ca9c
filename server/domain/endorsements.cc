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
using internal::CheckReason;
using internal::Contains;
using internal::Word;
using internal::WrongStatus;

}  // namespace

absl::StatusOr<v1::Standard> Standards::Mutate(const Call& call, const std::string& name,
                                               const Change& change) {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(name, kStandards, "name"));
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id})});
  ASSIGN_OR_RETURN(v1::Standard s, Load({ref.community, ref.id}));
  store::WriteBatch batch;
  RETURN_IF_ERROR(change(s, batch));
  *s.mutable_update_time() = internal::Now();
  s.set_etag(internal::NextEtag(s.etag()));
  batch.Put(Table::kStandards, keys::Join({ref.community, ref.id}), s.SerializeAsString());
  RETURN_IF_ERROR(StageSearch(s, batch));
  RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, s.name()));
  return WithEndorsementCount(std::move(s));
}

absl::StatusOr<v1::Standard> Standards::Propose(const Call& call,
                                                const v1::ProposeStandardRequest& request) {
  return Mutate(call, request.name(), [&](v1::Standard& s, store::WriteBatch&) {
    if (s.status() != v1::STANDARD_STATUS_DRAFT) return WrongStatus(s, "DRAFT", "proposing");
    s.set_status(v1::STANDARD_STATUS_PROPOSED);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Endorse(const Call& call,
                                                const v1::EndorseStandardRequest& request) {
  return Mutate(call, request.name(), [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (s.status() != v1::STANDARD_STATUS_PROPOSED) return WrongStatus(s, "PROPOSED", "endorsing");
    ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
    const std::string me = MemberName(ref.community, call.member_id());
    if (Contains(s.endorsements(), me)) {
      return WithReason(
          absl::StatusCode::kAlreadyExists, v1::ALREADY_ENDORSED,
          absl::StrCat("you already endorse ", s.name(), "; one endorsement per member"));
    }
    s.add_endorsements(me);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Withdraw(const Call& call,
                                                 const v1::WithdrawEndorsementRequest& request) {
  return Mutate(call, request.name(), [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (s.status() != v1::STANDARD_STATUS_PROPOSED) {
      return WrongStatus(s, "PROPOSED", "withdrawing an endorsement");
    }
    ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
    const std::string me = MemberName(ref.community, call.member_id());
    auto* list = s.mutable_endorsements();
    auto it = std::find(list->begin(), list->end(), me);
    if (it == list->end()) {
      return FailedPrecondition(v1::ENDORSEMENT, s.name(),
                                absl::StrCat("you do not endorse ", s.name()));
    }
    list->erase(it);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Adopt(const Call& call,
                                              const v1::AdoptStandardRequest& request) {
  return Mutate(call, request.name(), [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (s.status() != v1::STANDARD_STATUS_PROPOSED) return WrongStatus(s, "PROPOSED", "adopting");
    ASSIGN_OR_RETURN(v1::Standard counted, WithEndorsementCount(s));
    const int have = counted.endorsing_municipalities(), need = counted.quorum();
    if (have < need) {
      return FailedPrecondition(
          v1::QUORUM, s.name(),
          absl::StrCat(s.name(), " is endorsed from ", have, " municipalit",
                       have == 1 ? "y" : "ies", "; adoption needs ", need, ": ", need - have,
                       " more municipalit", need - have == 1 ? "y" : "ies", " needed"),
          {{"municipalities_endorsing", absl::StrCat(have)},
           {"municipalities_required", absl::StrCat(need)},
           {"municipalities_needed", absl::StrCat(need - have)}});
    }
    s.set_status(v1::STANDARD_STATUS_ADOPTED);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::EndWithReason(
    const Call& call, const std::string& name, const std::string& reason,
    std::initializer_list<v1::StandardStatus> from, absl::string_view from_words,
    absl::string_view what, v1::StandardStatus to) {
  FieldViolations v;
  CheckReason(v, "reason", reason, /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  return Mutate(call, name, [&](v1::Standard& s, store::WriteBatch&) -> absl::Status {
    if (std::find(from.begin(), from.end(), s.status()) == from.end()) {
      return WrongStatus(s, from_words, what);
    }
    // The reason is stored with the standard: it passes the gate too.
    v1::RejectStandardRequest screened;
    screened.set_reason(reason);
    ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(s.name(), kStandards, "name"));
    ASSIGN_OR_RETURN(v1::Community community, communities_->Load(ref.community));
    RETURN_IF_ERROR(gate_->Screen(screened, "", v1::PRIVACY_MODE_REJECT, false,
                                  AllowListOf(community.pii_allow_list()))
                        .status());
    s.set_status(to);
    s.set_status_reason(screened.reason());
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Standard> Standards::Reject(const Call& call,
                                               const v1::RejectStandardRequest& request) {
  return EndWithReason(call, request.name(), request.reason(),
                       {v1::STANDARD_STATUS_DRAFT, v1::STANDARD_STATUS_PROPOSED},
                       "DRAFT or PROPOSED", "rejecting", v1::STANDARD_STATUS_REJECTED);
}

absl::StatusOr<v1::Standard> Standards::Retire(const Call& call,
                                               const v1::RetireStandardRequest& request) {
  return EndWithReason(call, request.name(), request.reason(), {v1::STANDARD_STATUS_ADOPTED},
                       "ADOPTED", "retiring", v1::STANDARD_STATUS_RETIRED);
}

absl::StatusOr<v1::Standard> Standards::Supersede(const Call& call,
                                                  const v1::SupersedeStandardRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild ref, ParseChildName(request.name(), kStandards, "name"));
  ASSIGN_OR_RETURN(CommunityChild successor,
                   ParseChildName(request.successor(), kStandards, "successor"));
  FieldViolations v;
  if (successor.community != ref.community) v.Add("successor", "must be in the same community");
  if (successor.id == ref.id) v.Add("successor", "must be another standard");
  RETURN_IF_ERROR(v.ToStatus());
  internal::LockTable::Scoped lock(locks_, {keys::Join({ref.community, ref.id}),
                                            keys::Join({successor.community, successor.id})});
  ASSIGN_OR_RETURN(v1::Standard old, Load({ref.community, ref.id}));
  ASSIGN_OR_RETURN(v1::Standard next, Load({successor.community, successor.id}));
  if (old.status() != v1::STANDARD_STATUS_ADOPTED) return WrongStatus(old, "ADOPTED", "superseding");
  if (next.status() != v1::STANDARD_STATUS_ADOPTED) {
    return FailedPrecondition(v1::STANDARD_STATUS, next.name(),
                              absl::StrCat("the successor ", next.name(), " is ",
                                           Word(next.status()), "; adopt it first"),
                              {{"status", std::string(Word(next.status()))},
                               {"allowed", "ADOPTED"},
                               {"standard", next.name()}});
  }
  old.set_status(v1::STANDARD_STATUS_SUPERSEDED);
  old.set_superseded_by(next.name());
  next.set_supersedes(old.name());
  for (v1::Standard* s : {&old, &next}) {
    *s->mutable_update_time() = internal::Now();
    s->set_etag(internal::NextEtag(s->etag()));
  }
  store::WriteBatch batch;
  batch.Put(Table::kStandards, keys::Join({ref.community, ref.id}), old.SerializeAsString());
  batch.Put(Table::kStandards, keys::Join({successor.community, successor.id}),
            next.SerializeAsString());
  RETURN_IF_ERROR(StageSearch(old, batch));
  RETURN_IF_ERROR(StageSearch(next, batch));
  RETURN_IF_ERROR(call.Commit(*store_, batch, ref.community, old.name()));
  return WithEndorsementCount(std::move(old));
}

}  // namespace kompas::domain
