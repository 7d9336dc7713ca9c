// The server secret that keys what would otherwise be a plain hash of a
// member id: the key of a session evaluation (which member answered must not
// be listable, yet a second answer must be refused) and the key of a request
// id (scoped to its member). A plain SHA-256 of a member id is reversed by
// hashing every id there is; an HMAC-SHA256 under a secret kept outside the
// store is not, by whoever has the store's files (or a backup of them)
// without the secret.
//
//   ASSIGN_OR_RETURN(KeySecret secret, OpenKeySecret(store, "/var/lib/kompas/db.secret"));
//   keys::Evaluation(community, session, secret.EvaluationTag(member_id));
//
// The secret file holds 32 random bytes as 64 hex digits; kompasd creates it
// (mode 0600) when the store has none yet. The store remembers a check value
// of its secret (table meta), so a store started with another secret, or
// without its file (a restored copy on a new machine), is refused instead
// of silently treating every member as new.
#ifndef KOMPAS_DOMAIN_KEY_SECRET_H_
#define KOMPAS_DOMAIN_KEY_SECRET_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "store/store.h"

namespace kompas::domain {

// Immutable; thread-safe.
class KeySecret {
 public:
  // `bytes`: the secret itself, at least 32 bytes.
  explicit KeySecret(std::string bytes) : bytes_(std::move(bytes)) {}

  // The evaluation key's last part: HMAC over the SHA-256 (hex) of the
  // member id. The hash inside lets a store of the earlier layout, which kept
  // that SHA-256, be migrated without knowing the ids.
  std::string EvaluationTag(absl::string_view member_id) const;
  // The request-id key's last part: HMAC over the member id and the SHA-256
  // (hex) of the client's request id (which may hold anything).
  std::string RequestIdTag(absl::string_view member_id, absl::string_view request_id) const;
  // A value that names this secret without revealing it, kept in the store.
  std::string Check() const;

  // Hex HMAC-SHA256 of `purpose` NUL `data` under the secret.
  std::string Tag(absl::string_view purpose, absl::string_view data) const;

 private:
  std::string bytes_;
};

// A KeySecret of fresh random bytes, kept nowhere: for tests and read-only
// use, where no key is written.
KeySecret RandomKeySecret();

// The default place of the secret file: beside the store directory,
// `<data_dir>.secret` (outside it, so a copy of the store's files carries no
// secret).
std::string DefaultSecretFile(absl::string_view data_dir);

// Reads the secret in `path`, or creates it when the file is missing and the
// store has never been keyed; then keys the store with it: a store of the
// earlier layout (plain SHA-256 keys) has its evaluation and request-id keys
// rewritten once, in one atomic batch with the marker that records it.
// FAILED_PRECONDITION, naming the file, when the store was keyed with a
// different secret or its file is missing.
absl::StatusOr<KeySecret> OpenKeySecret(store::Store& store, const std::string& path);

// The meta key whose value is the Check() of the store's secret.
inline constexpr char kKeySecretMarker[] = "key_secret_check";

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_KEY_SECRET_H_
