#include "api/watch_limits.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"

namespace kompas::api {
namespace {

absl::Status TooMany(absl::string_view message, absl::string_view scope, int limit) {
  return domain::WithReason(absl::StatusCode::kResourceExhausted, v1::TOO_MANY_WATCHES, message,
                            {{"scope", std::string(scope)}, {"limit", absl::StrCat(limit)}});
}

}  // namespace

WatchLimits::Slot& WatchLimits::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    if (limits_ != nullptr) limits_->Release(member_, session_);
    limits_ = std::exchange(other.limits_, nullptr);
    member_ = std::move(other.member_);
    session_ = std::move(other.session_);
  }
  return *this;
}

WatchLimits::Slot::~Slot() {
  if (limits_ != nullptr) limits_->Release(member_, session_);
}

absl::StatusOr<WatchLimits::Slot> WatchLimits::Acquire(const std::string& member,
                                                       const std::string& session) {
  {
    absl::MutexLock lock(&mu_);
    int& mine = by_member_[member];
    int& watching = by_session_[session];
    if (mine >= options_.per_member) {
      if (watching == 0) by_session_.erase(session);
      return TooMany(absl::StrCat("you already follow ", mine,
                                  " sessions at once (the most allowed); close one first"),
                     "member", options_.per_member);
    }
    if (watching >= options_.per_session) {
      if (mine == 0) by_member_.erase(member);
      return TooMany(absl::StrCat("this session already has ", watching,
                                  " followers (the most allowed); try again later"),
                     "session", options_.per_session);
    }
    ++mine;
    ++watching;
  }
  return Slot(this, member, session);
}

void WatchLimits::Release(const std::string& member, const std::string& session) {
  absl::MutexLock lock(&mu_);
  if (auto it = by_member_.find(member); it != by_member_.end() && --it->second <= 0) {
    by_member_.erase(it);
  }
  if (auto it = by_session_.find(session); it != by_session_.end() && --it->second <= 0) {
    by_session_.erase(it);
  }
}

}  // namespace kompas::api
