// What the domain needs of the keeper of access tokens (auth::TokenStore
// implements it): auth depends on domain, so administration reaches the
// tokens through this interface rather than an include. Every change is
// staged into a batch the caller commits, so a token and the audit event of
// the call that made or revoked it are one atomic write.
#ifndef KOMPAS_DOMAIN_TOKEN_KEEPER_H_
#define KOMPAS_DOMAIN_TOKEN_KEEPER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "kompas/internal/v1/auth.pb.h"
#include "store/store.h"

namespace kompas::domain {

struct IssueOptions {
  // How long the token is valid. Default 90 days: long enough not to nag,
  // short enough that a forgotten token dies.
  absl::Duration ttl = absl::Hours(24 * 90);
  // Server-wide administrator rights.
  bool admin = false;
  // What the token is for, e.g. "laptop" (no personal data).
  std::string note;
};

struct IssuedToken {
  std::string token;  // the secret: show once, never store
  kompas::internal::v1::TokenRecord record;
};

// Thread-safe.
class TokenKeeper {
 public:
  virtual ~TokenKeeper() = default;
  // A new token for `member_id`, its record added to `batch`.
  virtual absl::StatusOr<IssuedToken> StageIssue(absl::string_view member_id,
                                                 const IssueOptions& options,
                                                 store::WriteBatch& batch) = 0;
  // All tokens (without secrets), optionally of one member.
  virtual absl::StatusOr<std::vector<kompas::internal::v1::TokenRecord>> List(
      absl::string_view member_id) const = 0;
  // The token with this public id marked revoked in `batch`; NOT_FOUND if
  // there is none.
  virtual absl::StatusOr<kompas::internal::v1::TokenRecord> StageRevoke(
      absl::string_view token_id, store::WriteBatch& batch) = 0;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_TOKEN_KEEPER_H_
