// AdminService's use cases: tokens, members and communities changed while
// the server serves. Administrators only (the RPC table's rule); every call
// is on the audit trail: calls about a community on its trail, token calls
// on the server's own trail (kServerTrail). Token changes, role changes,
// settings and removals are written in the same atomic batch as their
// event; AddMember and CreateCommunity reuse Communities' use cases, which
// write on their own, so their event is committed (synced) right after the
// change: a crash between the two could lose the event, never the change.
// Nothing here is cached: the next call's authentication and membership
// check read what was written.
//
//   Administration admin(store, communities, cases, tokens);
//   ASSIGN_OR_RETURN(v1::IssueTokenResponse issued, admin.IssueToken(caller, request));
#ifndef KOMPAS_DOMAIN_ADMINISTRATION_H_
#define KOMPAS_DOMAIN_ADMINISTRATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "domain/call.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/token_keeper.h"
#include "kompas/v1/admin.pb.h"
#include "store/store.h"

namespace kompas::domain {

// The community id of the server's own audit trail (token calls, refused
// administration): events `communities/_server/auditEvents/{n}`. No
// community can have it ('_' is not allowed in ids), so no privacy officer
// of a community reads it through ListAuditEvents.
inline constexpr char kServerTrail[] = "_server";

// Thread-safe. Owns nothing; everything must outlive it.
// A token's note, as IssueToken and kompas-admin's offline `token issue`
// both check it: one line that says what the token is for ("laptop"),
// never whose (the gate finds no personal data in it). It is listed to
// administrators and kept as long as the token.
void CheckTokenNote(FieldViolations& v, const TextGate& gate, absl::string_view field,
                    absl::string_view note);

class Administration {
 public:
  Administration(store::Store* store, Communities* communities, Cases* cases,
                 TokenKeeper* tokens)
      : store_(store), communities_(communities), cases_(cases), tokens_(tokens) {}

  absl::StatusOr<v1::IssueTokenResponse> IssueToken(const Call& call,
                                                    const v1::IssueTokenRequest& request);
  absl::StatusOr<v1::ListTokensResponse> ListTokens(const Call& call,
                                                    const v1::ListTokensRequest& request);
  absl::StatusOr<v1::Token> RevokeToken(const Call& call,
                                        const v1::RevokeTokenRequest& request);
  absl::StatusOr<v1::Member> AddMember(const Call& call,
                                       const v1::AddMemberRequest& request);
  // Holds every member-naming writer (as RemoveMember does), so a removal
  // and a role change never interleave and a removed member stays removed.
  absl::StatusOr<v1::Member> UpdateMemberRoles(const Call& call,
                                               const v1::UpdateMemberRolesRequest& request);
  // Cases::RemoveMember, then every token of the member is revoked.
  absl::StatusOr<v1::RemoveMemberResponse> RemoveMember(const Call& call,
                                                        const v1::RemoveMemberRequest& request);
  absl::StatusOr<v1::Community> CreateCommunity(const Call& call,
                                                const v1::CreateCommunityRequest& request);
  absl::StatusOr<v1::Community> UpdateCommunitySettings(
      const Call& call, const v1::UpdateCommunitySettingsRequest& request);
  // A consistent copy of the whole store (store/checkpoint.h) in a new
  // directory, described by a manifest there (backups.h); the server keeps
  // serving and writing. Blocks for as long as describing the copy takes.
  absl::StatusOr<v1::Backup> CreateBackup(const Call& call,
                                          const v1::CreateBackupRequest& request);

 private:
  // Returns `result`; a refusal is first put on the server's trail (without
  // client text), so a failed administration attempt is on record too
  // (UNAVAILABLE if it could not be recorded).
  template <typename T>
  static absl::StatusOr<T> Recorded(const Call& call, absl::StatusOr<T> result) {
    if (result.ok()) return result;
    return call.Refuse(kServerTrail, result.status());
  }

  store::Store* store_;
  Communities* communities_;
  Cases* cases_;
  TokenKeeper* tokens_;
  absl::Mutex settings_mu_;  // one settings change at a time (read, change, write)
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_ADMINISTRATION_H_
