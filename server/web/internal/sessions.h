// Browser sessions: a random 256-bit id, handed to the browser in an
// HttpOnly cookie, maps to who signed in: the member's token, or the member
// id of the client certificate she signed in with. It stays in this
// process's memory only (never on disk, never sent back). A session ends
// after `idle` without use, at sign-out, or when kompasd stops. Thread-safe.
//
//   SessionStore sessions(absl::Minutes(30));
//   std::string id = sessions.Create({.token = token});
//   std::optional<SignedIn> who = sessions.Use(id);   // touches it
#ifndef KOMPAS_WEB_INTERNAL_SESSIONS_H_
#define KOMPAS_WEB_INTERNAL_SESSIONS_H_

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace kompas::web::internal {

// Who a session is: exactly one of the two is set.
struct SignedIn {
  // The bearer token she signed in with.
  std::string token;
  // The subject CN of the verified client certificate she signed in with.
  std::string certificate_member;
};

class SessionStore {
 public:
  explicit SessionStore(absl::Duration idle) : idle_(idle) {}

  // A new session for `who`; its id (64 hex digits from the kernel's CSPRNG).
  std::string Create(SignedIn who);
  // Who a live session is, restarting its idle time; nullopt when the id is
  // unknown or the session expired (then it is dropped).
  std::optional<SignedIn> Use(const std::string& id);
  // Ends the session; false when there was none.
  bool End(const std::string& id);

 private:
  struct Entry {
    SignedIn who;
    absl::Time last_used;
  };
  void DropExpiredLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const absl::Duration idle_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> sessions_ ABSL_GUARDED_BY(mu_);
  absl::Time last_sweep_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace kompas::web::internal

#endif  // KOMPAS_WEB_INTERNAL_SESSIONS_H_
