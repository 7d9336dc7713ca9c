// One call of a use case: who makes it, which RPC it serves, the caller's
// membership of the request's community (loaded once, by the api's
// admission step), and what the call did, reported to the one Auditor that
// keeps the audit trail (auditor.h). A use case never decides whether it is
// audited: it says what it changed or handed out, and the call's rule (the
// RPC table's `audited`) decides whether that becomes an event.
//
//   // In a use case such as Cases::Create(const Call& call, ...):
//   ASSIGN_OR_RETURN(v1::Member member, call.RequireMember(community));
//   ...
//   RETURN_IF_ERROR(call.Commit(*store_, batch, community, c.name()));  // change + event
//   RETURN_IF_ERROR(call.Read(community, names));  // one event per case handed out
//
// Calls made inside the server (seeding, tools, tests) are built from a
// Principal alone: they are not on the trail and read a membership when a
// use case asks for it.
//
// A Call is used by one thread at a time (the call it serves); it does not
// own the Auditor or the Communities it points to.
#ifndef KOMPAS_DOMAIN_CALL_H_
#define KOMPAS_DOMAIN_CALL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/principal.h"
#include "kompas/v1/community.pb.h"
#include "store/store.h"

namespace kompas::domain {

class Auditor;
class Communities;

class Call {
 public:
  // A call from inside the server: not on the trail. `communities` (may be
  // null: then RequireMember refuses) answers RequireMember.
  explicit Call(Principal who, const Communities* communities = nullptr)
      : who_(std::move(who)), communities_(communities) {}
  // A call the api admitted, made by Auditor::Begin.
  Call(Principal who, std::string method, const Auditor* auditor, const Communities* communities)
      : who_(std::move(who)),
        method_(std::move(method)),
        auditor_(auditor),
        communities_(communities) {}

  // Who is calling.
  const Principal& who() const { return who_; }
  const std::string& member_id() const { return who_.member_id; }
  bool admin() const { return who_.admin; }
  // The full gRPC method served ("" inside the server).
  const std::string& method() const { return method_; }

  // --- Set by the api's admission step, in this order. ---

  // The community the request names ("" when none) and its well-formed
  // resource name ("" when it was not well-formed); whether the RPC's rule
  // puts the call on the trail.
  void Scope(std::string community, std::string resource, bool audited) {
    community_ = std::move(community);
    resource_ = std::move(resource);
    audited_ = audited;
  }
  // The caller's record in community() (nullopt: not a member), as read
  // once for the policy check; use cases reuse it.
  void Admit(std::optional<v1::Member> membership) {
    membership_ = std::move(membership);
    membership_loaded_ = true;
  }
  const std::string& community() const { return community_; }
  const std::string& resource() const { return resource_; }
  bool audited() const { return audited_ && auditor_ != nullptr; }

  // --- For use cases. ---

  // The caller's record in `community`, or nullopt; the one the api loaded
  // when it is that community, else read now.
  absl::StatusOr<std::optional<v1::Member>> Membership(const std::string& community) const;
  // The caller's record in `community`, or PERMISSION_DENIED (NOT_A_MEMBER).
  absl::StatusOr<v1::Member> RequireMember(const std::string& community) const;

  // Writes `batch` to `store`; for an audited call with this call's event
  // on `community`'s trail naming `resource`, in the same atomic write (an
  // empty batch writes the event alone). The trail never misses a change
  // and never records one that did not happen.
  [[nodiscard]] absl::Status Commit(store::Store& store, store::WriteBatch& batch,
                                    const std::string& community,
                                    const std::string& resource) const;
  // The call handed out the case material `names` of `community`: for an
  // audited call, one event per name ("who read this case" sees each). No
  // names: nothing (the call's own event names what was asked for).
  [[nodiscard]] absl::Status Read(const std::string& community,
                                  const std::vector<std::string>& names) const;
  // The use case refused the call with `status`: for an audited call, the
  // refusal goes on `community`'s trail without a resource (on a refusal it
  // is client text). Returns `status`, also when the event could not be
  // written (that is logged).
  [[nodiscard]] absl::Status Refuse(const std::string& community,
                                    const absl::Status& status) const;

  // Whether an event of this call is written (by Commit, Read, Refuse or
  // the Auditor's Finish): the Auditor writes no second one.
  bool recorded() const { return recorded_; }

 private:
  friend class Auditor;

  Principal who_;
  std::string method_;
  const Auditor* auditor_ = nullptr;
  const Communities* communities_ = nullptr;
  std::string community_;
  std::string resource_;
  bool audited_ = false;
  std::optional<v1::Member> membership_;
  bool membership_loaded_ = false;
  // What the call did so far (Commit, Read and Refuse are const: a use case
  // reports through the call it was handed).
  mutable bool recorded_ = false;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_CALL_H_
