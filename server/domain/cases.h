// Cases (dilemmas) and the reflections on them: the rules for writing,
// listing, editing and deleting, and how they are stored and indexed.
//
//   Cases cases(store, &communities);
//   ASSIGN_OR_RETURN(v1::Case c, cases.Create(caller, request));
//
// Every write is one atomic store batch holding the record, all of its
// index entries and its idempotency key, so a crash never leaves an index
// pointing at nothing or a case without its index entries.
#ifndef KOMPAS_DOMAIN_CASES_H_
#define KOMPAS_DOMAIN_CASES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/call.h"
#include "domain/communities.h"
#include "domain/internal/lock_table.h"
#include "domain/key_secret.h"
#include "domain/member_registry.h"
#include "domain/text_gate.h"
#include "kompas/v1/case.pb.h"
#include "search/index.h"
#include "store/store.h"

namespace kompas::domain {

// What Cases needs from intervisie sessions, implemented by Sessions
// (which depends on Cases, so Cases sees sessions only through this).
// Called with the case's lock held — every session change takes that same
// lock — so a session and the writes to its case happen one at a time.
class SessionHooks {
 public:
  virtual ~SessionHooks() = default;
  // A reflection on a case that is IN_SESSION: checks the current phase's
  // rules for `reflection` by `caller`, sets its session and phase, and adds
  // the session's record and event to `batch`. Returns what to run once the
  // batch is committed (telling the session's watchers).
  virtual absl::StatusOr<std::function<void()>> AdmitReflection(const Call& call,
                                                                const v1::Case& c,
                                                                v1::Reflection& reflection,
                                                                store::WriteBatch& batch) = 0;
  // How many sessions (active or closed) were about case `case_name`.
  virtual absl::StatusOr<int> SessionsAbout(const std::string& community,
                                            const std::string& case_name) const = 0;
};

// Who and what the audit trail names for a case retention removed: not a
// member ('_' is not allowed in member ids) and not an RPC.
inline constexpr char kRetentionMember[] = "_retention";
inline constexpr char kExpireCaseMethod[] = "/kompas.internal.Retention/ExpireCase";

struct CasesOptions {
  // Largest total size of the cases in one List page, in bytes. A page stops
  // early (with a next_page_token) rather than exceed it, so a response
  // stays under the server's max message size. Default 2 MiB: half the
  // default 4 MiB message limit, leaving room for framing.
  size_t max_page_bytes = 2u << 20;
};

// Thread-safe. Does not own its arguments, which must outlive it.
class Cases {
 public:
  // None may be null.
  Cases(store::Store* store, const Communities* communities, const TextGate* gate,
        CasesOptions options = {})
      : store_(store), communities_(communities), gate_(gate), options_(options) {
    members_.Register("cases", &locks_,
                      {MemberTable::Of<v1::Case>(store::Table::kCases, /*contribution=*/true),
                       MemberTable::Of<v1::Reflection>(store::Table::kReflections,
                                                       /*contribution=*/true)});
  }

  // Makes new ids sort after every stored case id, even if the clock went
  // back since the last run, so "newest first" stays true. Call once at
  // start-up, before serving.
  [[nodiscard]] absl::Status RaiseIdFloor() const;

  absl::StatusOr<v1::Case> Create(const Call& call, const v1::CreateCaseRequest& request);
  absl::StatusOr<v1::Case> Get(const Call& call, const v1::GetCaseRequest& request) const;
  absl::StatusOr<v1::ListCasesResponse> List(const Call& call,
                                             const v1::ListCasesRequest& request) const;
  absl::StatusOr<v1::Case> Update(const Call& call, const v1::UpdateCaseRequest& request);
  [[nodiscard]] absl::Status Delete(const Call& call, const v1::DeleteCaseRequest& request);

  // Retention (domain/retention.h): removes the case as Delete does (its
  // reflections, index entries, search documents and annotations) if it is
  // ARCHIVED, was last changed before `archived_before`, and was never
  // discussed in a session; `call`'s event (kExpireCaseMethod by
  // kRetentionMember) goes in the same batch. Whether it was removed.
  absl::StatusOr<bool> ExpireArchived(const Call& call, const std::string& community,
                                      const std::string& case_id, absl::Time archived_before);

  absl::StatusOr<v1::Reflection> CreateReflection(const Call& call,
                                                  const v1::CreateReflectionRequest& request);
  // A member leaves the community: the member record is erased and every
  // record that names them, in every table of member_registry(), is
  // re-attributed to one fresh pseudonym, in one atomic batch (with the
  // audit event), while every writer of those tables waits. contributions
  // counts the cases and reflections they wrote. (Here rather than in
  // Communities so the api's call stays the same.)
  absl::StatusOr<v1::RemoveMemberResponse> RemoveMember(const Call& call,
                                                        const v1::RemoveMemberRequest& request);

  absl::StatusOr<v1::ListReflectionsResponse> ListReflections(
      const Call& call, const v1::ListReflectionsRequest& request) const;

  // --- For Sessions, which move cases into and out of IN_SESSION. ---

  // The tables that name a member; every module registers its own here
  // while the server is wired (Cases is built first).
  MemberRegistry& member_registry() { return members_; }

  // Plugs in the sessions; call before serving. Not owned.
  void set_session_hooks(SessionHooks* hooks) { session_hooks_ = hooks; }
  // Plugs in the search index every write keeps current; call before
  // serving. Not owned; without one (tools) nothing is indexed.
  void set_search_index(search::SearchIndex* index) { search_index_ = index; }
  // Plugs in the server secret that keys request ids and evaluations (for
  // Cases and, through key_secret(), Sessions and Standards); required before
  // the first create. Not owned.
  void set_key_secret(const KeySecret* secret) { key_secret_ = secret; }
  const KeySecret& key_secret() const { return *key_secret_; }
  // Holds the lock every write to this case takes, until destroyed.
  using CaseLock = internal::HeldLock;
  CaseLock LockCase(const std::string& community, const std::string& case_id);
  // The stored case, or NOT_FOUND.
  absl::StatusOr<v1::Case> Find(const std::string& community, const std::string& case_id) const {
    return Load(community, case_id);
  }
  // Adds to `batch` the case moved to status `to` (checked against the
  // lifecycle) with `active_session` set, and its index changes; returns the
  // moved case. The caller holds the case's lock and commits the batch.
  absl::StatusOr<v1::Case> StageSessionMove(const v1::Case& current, v1::CaseStatus to,
                                            const std::string& active_session,
                                            store::WriteBatch& batch) const;

 private:
  absl::StatusOr<v1::Case> Load(const std::string& community, const std::string& case_id) const;
  // Adds the removal of a stored case and everything hanging off it to `batch`.
  [[nodiscard]] absl::Status StageRemoval(const std::string& community,
                                          const std::string& case_id, const v1::Case& current,
                                          store::WriteBatch& batch) const;
  // A stored case as `caller_name` may see it, with its reflection_count:
  // every case handed to a client goes through here (case_counts.cc).
  absl::StatusOr<v1::Case> Output(const std::string& caller_name, v1::Case c) const;
  // A fresh server id not yet used under prefix in table.
  absl::StatusOr<std::string> UnusedId(store::Table table, const std::string& prefix) const;

  store::Store* store_;
  const Communities* communities_;
  const TextGate* gate_;
  const CasesOptions options_;
  internal::LockTable locks_;
  MemberRegistry members_;
  SessionHooks* session_hooks_ = nullptr;
  search::SearchIndex* search_index_ = nullptr;
  const KeySecret* key_secret_ = nullptr;
};

// The case_index entries of a case (store/keys.h). A hidden origin is not
// indexed, so a municipality filter cannot reveal it. Exposed for tools that
// write cases in bulk (kompas-bench).
std::set<std::string> CaseIndexKeys(const std::string& community, const v1::Case& c,
                                    const std::string& case_id);

// Adds to `batch` one more reflection on a case, as a merge (store/merge.h),
// so concurrent reflectors never lose each other's increment. Every batch
// that writes a new reflection holds one. Exposed for tools that write
// reflections in bulk (kompas-bench).
void StageReflectionCounted(const std::string& community, const std::string& case_id,
                            store::WriteBatch& batch);
// How many reflections a case has (0 for one without any, or unknown).
absl::StatusOr<int64_t> ReflectionCount(const store::Store& store, const std::string& community,
                                        const std::string& case_id);
// Counts every case's reflections once, in a store written before
// case_counts existed, and records that it did; does nothing on later
// starts. At start-up, before serving: nothing may write reflections
// meanwhile.
[[nodiscard]] absl::Status UpgradeCaseCounts(store::Store& store);

// Checks every client-settable field of a case; `prefix` is the field path
// of the case in the request, e.g. "case". Exposed for tests.
void ValidateCaseFields(class FieldViolations& v, const std::string& prefix, const v1::Case& c);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_CASES_H_
