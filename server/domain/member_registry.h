// The tables whose records name a member (author, participants, set_by,
// asked_by, ...), each registered by the module that owns it, with the lock
// table its writers take. Removing a member renames them all to one
// pseudonym in one batch, holding every registered lock table whole, so no
// write of any of those tables can run between the scan and the commit and
// be undone by it.
//
//   registry.Register("standards", &locks_, {
//       MemberTable::Of<v1::Standard>(Table::kStandards), ...});
//   MemberRegistry::Exclusive hold(registry);  // every writer waits
//   ASSIGN_OR_RETURN(int n, registry.StageRename(store, community, from, to, batch));
#ifndef KOMPAS_DOMAIN_MEMBER_REGISTRY_H_
#define KOMPAS_DOMAIN_MEMBER_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "domain/internal/lock_table.h"
#include "domain/internal/rename.h"
#include "store/keys.h"
#include "store/store.h"

namespace kompas::domain {

// One table that names members; its records of a community sit under
// keys::Prefix({community}).
struct MemberTable {
  store::Table table;
  // Counts toward RemoveMemberResponse.contributions (what the member wrote,
  // not what they took part in).
  bool contribution = false;
  std::function<absl::StatusOr<int>(const store::Store&, const std::string& community,
                                    const std::string& from, const std::string& to,
                                    store::WriteBatch&)>
      stage_rename;

  template <typename Record>
  static MemberTable Of(store::Table table, bool contribution = false) {
    return MemberTable{table, contribution,
                       [table](const store::Store& store, const std::string& community,
                               const std::string& from, const std::string& to,
                               store::WriteBatch& batch) {
                         return internal::StageRenameIn<Record>(
                             store, table, store::keys::Prefix({community}), from, to, batch);
                       }};
  }
};

// Thread-safe. Registration happens while the server is wired, before it
// serves.
class MemberRegistry {
 public:
  // Adds a module's tables. `locks` is the lock table every writer of those
  // tables takes (null when they take another module's, e.g. sessions write
  // under their case's lock). Modules register in the order they are built;
  // a later module may call into an earlier one while holding its own lock,
  // never the reverse, so Exclusive locks the latest first.
  void Register(std::string owner, internal::LockTable* locks, std::vector<MemberTable> tables) {
    absl::MutexLock l(&mu_);
    modules_.push_back(Module{std::move(owner), locks, std::move(tables)});
  }

  // Holds every stripe of every registered lock table until destroyed.
  class Exclusive {
   public:
    explicit Exclusive(MemberRegistry& registry) {
      std::vector<internal::LockTable*> tables;
      {
        // Not held while waiting for the stripes: a holder of them may need
        // mu_ (StageRename) before it lets go.
        absl::MutexLock l(&registry.mu_);
        for (auto it = registry.modules_.rbegin(); it != registry.modules_.rend(); ++it) {
          if (it->locks != nullptr) tables.push_back(it->locks);
        }
      }
      for (internal::LockTable* t : tables) {
        held_.push_back(std::make_unique<internal::LockTable::All>(*t));
      }
    }
    ~Exclusive() {
      while (!held_.empty()) held_.pop_back();  // release in reverse order
    }
    Exclusive(const Exclusive&) = delete;
    Exclusive& operator=(const Exclusive&) = delete;

   private:
    std::vector<std::unique_ptr<internal::LockTable::All>> held_;
  };

  struct Renamed {
    int records = 0;
    int contributions = 0;
  };
  // Adds to `batch` every record of `community`, in every registered table,
  // that names `from`, naming `to` instead. Call holding an Exclusive.
  absl::StatusOr<Renamed> StageRename(const store::Store& store, const std::string& community,
                                      const std::string& from, const std::string& to,
                                      store::WriteBatch& batch) const {
    absl::MutexLock l(&mu_);
    Renamed renamed;
    for (const Module& m : modules_) {
      for (const MemberTable& t : m.tables) {
        absl::StatusOr<int> n = t.stage_rename(store, community, from, to, batch);
        if (!n.ok()) return n.status();
        renamed.records += *n;
        if (t.contribution) renamed.contributions += *n;
      }
    }
    return renamed;
  }

  // The registered tables, for tests that prove every table naming a member
  // is covered.
  std::vector<store::Table> Tables() const {
    absl::MutexLock l(&mu_);
    std::vector<store::Table> out;
    for (const Module& m : modules_) {
      for (const MemberTable& t : m.tables) out.push_back(t.table);
    }
    return out;
  }

 private:
  struct Module {
    std::string owner;
    internal::LockTable* locks;
    std::vector<MemberTable> tables;
  };
  mutable absl::Mutex mu_;
  std::vector<Module> modules_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_MEMBER_REGISTRY_H_
