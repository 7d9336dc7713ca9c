// How many WatchSession streams may be open at once, per member and per
// session. A watch holds memory and a slot in the session's fan-out for as
// long as it is open, so one member (or a runaway script) must not open
// hundreds of them. A refused watch gets RESOURCE_EXHAUSTED with the reason
// TOO_MANY_WATCHES and the limit as metadata.
//
//   ASSIGN_OR_RETURN(WatchLimits::Slot slot, limits.Acquire(member, session));
//   ... watch; the slot is given back when `slot` is destroyed ...
#ifndef KOMPAS_API_WATCH_LIMITS_H_
#define KOMPAS_API_WATCH_LIMITS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "api/limit_options.h"

namespace kompas::api {

// Thread-safe.
class WatchLimits {
 public:
  // An open watch; gives its slots back when destroyed. Movable.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept { *this = std::move(other); }
    Slot& operator=(Slot&& other) noexcept;
    ~Slot();

   private:
    friend class WatchLimits;
    Slot(WatchLimits* limits, std::string member, std::string session)
        : limits_(limits), member_(std::move(member)), session_(std::move(session)) {}
    WatchLimits* limits_ = nullptr;
    std::string member_;
    std::string session_;
  };

  explicit WatchLimits(WatchLimitOptions options) : options_(options) {}

  // A slot for `member` watching `session` (its resource name), or
  // RESOURCE_EXHAUSTED saying which limit was reached.
  absl::StatusOr<Slot> Acquire(const std::string& member, const std::string& session);

 private:
  void Release(const std::string& member, const std::string& session);

  const WatchLimitOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, int> by_member_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> by_session_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kompas::api

#endif  // KOMPAS_API_WATCH_LIMITS_H_
