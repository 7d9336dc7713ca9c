// Personal bearer tokens: random (256 bits), shown once when issued, stored
// only as their SHA-256 with member, expiry and revocation state.
//
//   ASSIGN_OR_RETURN(IssuedToken t, tokens.Issue("anna-zaanstad", {.ttl = absl::Hours(24 * 90)}));
//   std::cout << t.token;                       // the only time it is shown
//   ASSIGN_OR_RETURN(Principal p, tokens.Verify(t.token));
#ifndef KOMPAS_AUTH_TOKENS_H_
#define KOMPAS_AUTH_TOKENS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/principal.h"
#include "domain/token_keeper.h"
#include "kompas/internal/v1/auth.pb.h"
#include "store/store.h"

namespace kompas::auth {

// The options and the result of Issue are the domain's (token_keeper.h).
using IssueOptions = domain::IssueOptions;
using IssuedToken = domain::IssuedToken;

// Thread-safe. Does not own the store.
class TokenStore : public domain::TokenKeeper {
 public:
  explicit TokenStore(store::Store* store) : store_(store) {}

  absl::StatusOr<IssuedToken> Issue(absl::string_view member_id, const IssueOptions& options);
  absl::StatusOr<IssuedToken> StageIssue(absl::string_view member_id, const IssueOptions& options,
                                         store::WriteBatch& batch) override;
  // The principal a token stands for, or UNAUTHENTICATED saying why
  // (unknown, expired or revoked) without echoing the token.
  absl::StatusOr<domain::Principal> Verify(absl::string_view token) const;
  // All tokens (without secrets), optionally of one member.
  absl::StatusOr<std::vector<internal::v1::TokenRecord>> List(
      absl::string_view member_id) const override;
  // Revokes by the public token id; NOT_FOUND if there is none.
  [[nodiscard]] absl::Status Revoke(absl::string_view token_id);
  absl::StatusOr<internal::v1::TokenRecord> StageRevoke(absl::string_view token_id,
                                                        store::WriteBatch& batch) override;
  // Revokes every token of a member (when a member leaves). Returns how many.
  absl::StatusOr<int> RevokeAllOf(absl::string_view member_id);

 private:
  store::Store* store_;
};

}  // namespace kompas::auth

#endif  // KOMPAS_AUTH_TOKENS_H_
