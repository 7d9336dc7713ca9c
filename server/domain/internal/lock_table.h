// Striped mutexes that serialize read-modify-write sequences on the same
// resource (etag check then write, request-id check then create) without
// one global lock, so writes to different cases still group-commit in
// RocksDB. Two resources may share a stripe; that only costs some waiting.
#ifndef KOMPAS_DOMAIN_INTERNAL_LOCK_TABLE_H_
#define KOMPAS_DOMAIN_INTERNAL_LOCK_TABLE_H_

#include <algorithm>
#include <array>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace kompas::domain::internal {

class LockTable {
 public:
  // Holds the stripes of several keys at once; locks distinct stripes in
  // address order so two holders never deadlock, and a stripe shared by two
  // keys only once (absl::Mutex is not reentrant).
  class Scoped {
   public:
    Scoped(LockTable& table, std::initializer_list<absl::string_view> keys) {
      for (absl::string_view k : keys) held_.push_back(&table.For(k));
      std::sort(held_.begin(), held_.end());
      held_.erase(std::unique(held_.begin(), held_.end()), held_.end());
      for (absl::Mutex* m : held_) m->Lock();
    }
    ~Scoped() {
      for (auto it = held_.rbegin(); it != held_.rend(); ++it) (*it)->Unlock();
    }
    Scoped(const Scoped&) = delete;
    Scoped& operator=(const Scoped&) = delete;

   private:
    std::vector<absl::Mutex*> held_;
  };

  // Holds every stripe, in order: excludes all keyed holders (rare,
  // whole-community operations only).
  class All {
   public:
    explicit All(LockTable& table) : table_(table) {
      for (absl::Mutex& m : table_.stripes_) m.Lock();
    }
    ~All() {
      for (auto it = table_.stripes_.rbegin(); it != table_.stripes_.rend(); ++it) it->Unlock();
    }
    All(const All&) = delete;
    All& operator=(const All&) = delete;

   private:
    LockTable& table_;
  };

  absl::Mutex& For(absl::string_view key) {
    return stripes_[std::hash<std::string_view>()(std::string_view(key.data(), key.size())) %
                    stripes_.size()];
  }

 private:
  std::array<absl::Mutex, 256> stripes_;
};

// Holds one resource's lock (Scoped) until destroyed; what LockCase and
// LockStandard hand out.
using HeldLock = std::unique_ptr<LockTable::Scoped>;

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_LOCK_TABLE_H_
