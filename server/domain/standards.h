// Professional standards: drafted by stewards from cases and session
// conclusions, endorsed by members, adopted once members from a quorum of
// distinct municipalities endorse them, corrected by errata, and followed or
// explained per municipality (positions, the comply-or-explain register).
//
//   Standards standards(store, &communities, &cases, &sessions, &gate);
//   ASSIGN_OR_RETURN(v1::Standard s, standards.Create(caller, request));
//
// Every text change is a new immutable revision, written in the same atomic
// batch as the standard, its index entries and the audit event.
#ifndef KOMPAS_DOMAIN_STANDARDS_H_
#define KOMPAS_DOMAIN_STANDARDS_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/call.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/internal/lock_table.h"
#include "domain/sessions.h"
#include "domain/text_gate.h"
#include "kompas/v1/standard.pb.h"
#include "search/index.h"
#include "store/store.h"

namespace kompas::domain {

// Thread-safe. Does not own its arguments, which must outlive it.
class Standards {
 public:
  // None may be null.
  Standards(store::Store* store, const Communities* communities, Cases* cases, Sessions* sessions,
            const TextGate* gate)
      : store_(store),
        communities_(communities),
        cases_(cases),
        sessions_(sessions),
        gate_(gate) {
    // Every writer of these tables holds the standard's lock.
    cases_->member_registry().Register(
        "standards", &locks_,
        {MemberTable::Of<v1::Standard>(store::Table::kStandards),
         MemberTable::Of<v1::StandardRevision>(store::Table::kStandardRevisions),
         MemberTable::Of<v1::Erratum>(store::Table::kErrata),
         MemberTable::Of<v1::Position>(store::Table::kPositions)});
  }

  // Municipalities needed for adoption when the community sets none (or
  // all of them when it has fewer).
  static constexpr int kDefaultQuorum = 3;

  absl::StatusOr<v1::Standard> Create(const Call& call,
                                      const v1::CreateStandardRequest& request);
  absl::StatusOr<v1::Standard> Get(const Call& call,
                                   const v1::GetStandardRequest& request) const;
  absl::StatusOr<v1::ListStandardsResponse> List(const Call& call,
                                                 const v1::ListStandardsRequest& request) const;
  absl::StatusOr<v1::Standard> Update(const Call& call,
                                      const v1::UpdateStandardRequest& request);
  absl::StatusOr<v1::ListRevisionsResponse> ListRevisions(
      const Call& call, const v1::ListRevisionsRequest& request) const;
  absl::StatusOr<v1::DiffRevisionsResponse> DiffRevisions(
      const Call& call, const v1::DiffRevisionsRequest& request) const;
  absl::StatusOr<v1::Standard> Propose(const Call& call,
                                       const v1::ProposeStandardRequest& request);
  absl::StatusOr<v1::Standard> Endorse(const Call& call,
                                       const v1::EndorseStandardRequest& request);
  absl::StatusOr<v1::Standard> Withdraw(const Call& call,
                                        const v1::WithdrawEndorsementRequest& request);
  absl::StatusOr<v1::Standard> Adopt(const Call& call,
                                     const v1::AdoptStandardRequest& request);
  absl::StatusOr<v1::Standard> Reject(const Call& call,
                                      const v1::RejectStandardRequest& request);
  absl::StatusOr<v1::Standard> Retire(const Call& call,
                                      const v1::RetireStandardRequest& request);
  absl::StatusOr<v1::Standard> Supersede(const Call& call,
                                         const v1::SupersedeStandardRequest& request);
  absl::StatusOr<v1::Erratum> ReportErratum(const Call& call,
                                            const v1::ReportErratumRequest& request);
  absl::StatusOr<v1::ListErrataResponse> ListErrata(const Call& call,
                                                    const v1::ListErrataRequest& request) const;
  absl::StatusOr<v1::Erratum> ResolveErratum(const Call& call,
                                             const v1::ResolveErratumRequest& request);
  absl::StatusOr<v1::Position> SetPosition(const Call& call,
                                           const v1::SetPositionRequest& request);
  absl::StatusOr<v1::ListPositionsResponse> ListPositions(
      const Call& call, const v1::ListPositionsRequest& request) const;
  absl::StatusOr<v1::RegisterSummary> GetRegisterSummary(
      const Call& call, const v1::GetRegisterSummaryRequest& request) const;

  // Holds the lock every write to this standard takes, until destroyed
  // (annotations anchor under it).
  using StandardLock = internal::HeldLock;
  StandardLock LockStandard(const std::string& community, const std::string& id);

  // The registry of tables that name a member (for modules built on
  // standards, which register their own tables there).
  MemberRegistry& member_registry() const { return cases_->member_registry(); }

  // Plugs in the search index; call before serving. Not owned.
  void set_search_index(search::SearchIndex* index) { search_index_ = index; }

  // Every ADOPTED standard of a community, at its latest revision (for
  // publishing a kompas).
  absl::StatusOr<std::vector<v1::Standard>> Adopted(const std::string& community) const;

 private:
  struct Ref {
    std::string community;
    std::string id;
  };
  absl::StatusOr<v1::Standard> Load(const Ref& ref) const;
  absl::StatusOr<v1::StandardRevision> LoadRevision(const Ref& ref, int revision) const;
  // A status change (no new revision) under the standard's lock: `change`
  // edits the loaded standard and may add records to the batch.
  using Change = std::function<absl::Status(v1::Standard& standard, store::WriteBatch& batch)>;
  absl::StatusOr<v1::Standard> Mutate(const Call& call, const std::string& name,
                                      const Change& change);
  // Adds the standard, with `content` as its next revision by `caller`, to
  // the batch (the standard's revision, update time and etag move on).
  // Also re-anchors the standard's annotations in the same batch.
  [[nodiscard]] absl::Status StageRevision(const Call& call, const Ref& ref,
                                           v1::Standard& standard,
                                           const v1::StandardContent& content,
                                           const std::string& change_note,
                                           store::WriteBatch& batch) const;
  // The quorum of a community: its setting or the default.
  absl::StatusOr<int> Quorum(const std::string& community) const;
  // Fills the endorsement count and quorum of a standard read for output.
  absl::StatusOr<v1::Standard> WithEndorsementCount(v1::Standard s) const;
  absl::Status CheckSources(FieldViolations& v, const std::string& community,
                            const v1::Standard& s) const;

  store::Store* store_;
  const Communities* communities_;
  Cases* cases_;
  Sessions* sessions_;
  const TextGate* gate_;
  // Reject and Retire: a status change from one of `from` to `to` that
  // stores a screened reason.
  absl::StatusOr<v1::Standard> EndWithReason(const Call& call, const std::string& name,
                                             const std::string& reason,
                                             std::initializer_list<v1::StandardStatus> from,
                                             absl::string_view from_words, absl::string_view what,
                                             v1::StandardStatus to);
  // Stages the index change for `s` in `batch`.
  absl::Status StageSearch(const v1::Standard& s, store::WriteBatch& batch) const;

  internal::LockTable locks_;
  search::SearchIndex* search_index_ = nullptr;
};

// Checks every client-settable field of a standard's text; `prefix` is its
// field path in the request, e.g. "standard.content".
void ValidateStandardContent(class FieldViolations& v, const std::string& prefix,
                             const v1::StandardContent& content);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_STANDARDS_H_
