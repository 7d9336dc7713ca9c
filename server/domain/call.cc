#include "domain/call.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "domain/auditor.h"
#include "domain/communities.h"
#include "domain/errors.h"
#include "domain/names.h"

namespace kompas::domain {

absl::StatusOr<std::optional<v1::Member>> Call::Membership(const std::string& community) const {
  if (membership_loaded_ && community == community_) return membership_;
  if (communities_ == nullptr) return std::nullopt;
  return communities_->FindMember(community, who_.member_id);
}

absl::StatusOr<v1::Member> Call::RequireMember(const std::string& community) const {
  ASSIGN_OR_RETURN(std::optional<v1::Member> member, Membership(community));
  if (!member.has_value()) {
    return WithReason(absl::StatusCode::kPermissionDenied, v1::NOT_A_MEMBER,
                      absl::StrCat(who_.member_id, " is not a member of ",
                                   CommunityName(community), "; only members write there"),
                      {{"community", CommunityName(community)}});
  }
  return *std::move(member);
}

absl::Status Call::Commit(store::Store& store, store::WriteBatch& batch,
                          const std::string& community, const std::string& resource) const {
  if (!audited()) return store.Write(batch);
  RETURN_IF_ERROR(auditor_->Commit(batch, {community, who_.member_id, method_, resource, "OK"}));
  recorded_ = true;
  return absl::OkStatus();
}

absl::Status Call::Read(const std::string& community,
                        const std::vector<std::string>& names) const {
  if (!audited() || names.empty()) return absl::OkStatus();
  std::vector<audit::Entry> reads;
  reads.reserve(names.size());
  for (const std::string& name : names) {
    reads.push_back({community, who_.member_id, method_, name, "OK"});
  }
  RETURN_IF_ERROR(auditor_->RecordMany(reads));
  recorded_ = true;
  return absl::OkStatus();
}

absl::Status Call::Refuse(const std::string& community, const absl::Status& status) const {
  if (!audited()) return status;
  absl::Status recorded = auditor_->Record(
      {community, who_.member_id, method_, "", absl::StatusCodeToString(status.code())});
  recorded_ = true;
  // A refusal keeps its own reason even when its event could not be
  // written: nothing was handed out, and the reason tells more.
  if (!recorded.ok()) log::Error("audit_failed", {{"method", method_}});
  return status;
}

}  // namespace kompas::domain
