// Communities, their members and the municipalities the server knows.
//
//   Communities communities(store);
//   ASSIGN_OR_RETURN(v1::Community c, communities.Create(request));
#ifndef KOMPAS_DOMAIN_COMMUNITIES_H_
#define KOMPAS_DOMAIN_COMMUNITIES_H_

#include <functional>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "domain/call.h"
#include "domain/internal/lock_table.h"
#include "domain/text_gate.h"
#include "kompas/v1/community.pb.h"
#include "store/store.h"

namespace kompas::domain {

// Thread-safe. Does not own the store, which must outlive it.
class Communities {
 public:
  // Neither argument is owned; both must outlive this object.
  Communities(store::Store* store, const TextGate* gate) : store_(store), gate_(gate) {}

  // The PII gate every text of the community's members goes through.
  const TextGate& gate() const { return *gate_; }

  absl::StatusOr<v1::Community> Get(const v1::GetCommunityRequest& request) const;
  // Administrators see every community, members the ones they belong to.
  absl::StatusOr<v1::ListCommunitiesResponse> List(
      const Call& call, const v1::ListCommunitiesRequest& request) const;
  absl::StatusOr<v1::Community> Create(const v1::CreateCommunityRequest& request);
  absl::StatusOr<v1::ListMembersResponse> ListMembers(const v1::ListMembersRequest& request) const;
  absl::StatusOr<v1::Member> AddMember(const v1::AddMemberRequest& request);
  absl::StatusOr<v1::ListMunicipalitiesResponse> ListMunicipalities(
      const v1::ListMunicipalitiesRequest& request) const;
  // The caller with their membership in every community, in name order.
  absl::StatusOr<v1::Caller> GetCaller(const Call& call) const;

  // Every community, whoever asks (start-up code and tools).
  absl::StatusOr<v1::ListCommunitiesResponse> ListAll(
      const v1::ListCommunitiesRequest& request) const;
  // Calls `visit` with every community and its id, page by page; stops at
  // the first error and returns it (start-up code and background work).
  [[nodiscard]] absl::Status ForEach(
      absl::FunctionRef<absl::Status(const v1::Community&, const std::string& id)> visit) const;

  // Adds or replaces reference municipalities (start-up data, not an RPC).
  [[nodiscard]] absl::Status UpsertMunicipalities(const std::vector<v1::Municipality>& list);

  // The community by id, or NOT_FOUND naming it.
  absl::StatusOr<v1::Community> Load(absl::string_view community_id) const;
  // The member of a community, or nullopt when the principal is not one.
  absl::StatusOr<std::optional<v1::Member>> FindMember(absl::string_view community_id,
                                                       absl::string_view member_id) const;

 private:
  // Calls `visit` for each community `member_id` belongs to, in name order,
  // with their member record there.
  [[nodiscard]] absl::Status ForEachMembership(
      absl::string_view member_id,
      const std::function<void(v1::Community, const v1::Member&)>& visit) const;

  store::Store* store_;
  const TextGate* gate_;
  internal::LockTable locks_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_COMMUNITIES_H_
