#include "web/internal/sessions.h"

#include <sys/random.h>

#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"

namespace kompas::web::internal {
namespace {

std::string RandomId() {
  char bytes[32];
  size_t got = 0;
  while (got < sizeof(bytes)) {
    const ssize_t n = getrandom(bytes + got, sizeof(bytes) - got, 0);
    if (n <= 0) std::abort();  // no entropy: never hand out a guessable session
    got += static_cast<size_t>(n);
  }
  return absl::BytesToHexString(absl::string_view(bytes, sizeof(bytes)));
}

}  // namespace

std::string SessionStore::Create(SignedIn who) {
  std::string id = RandomId();
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  DropExpiredLocked(now);
  sessions_[id] = Entry{std::move(who), now};
  return id;
}

std::optional<SignedIn> SessionStore::Use(const std::string& id) {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.who;
}

bool SessionStore::End(const std::string& id) {
  absl::MutexLock lock(&mu_);
  return sessions_.erase(id) > 0;
}

// At most once a minute, so expired sessions (and their tokens) do not stay
// in memory until someone happens to present them.
void SessionStore::DropExpiredLocked(absl::Time now) {
  if (now - last_sweep_ < absl::Minutes(1)) return;
  last_sweep_ = now;
  absl::erase_if(sessions_, [&](const auto& entry) { return now - entry.second.last_used > idle_; });
}

}  // namespace kompas::web::internal
