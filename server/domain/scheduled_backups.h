// kompasd's own backups on a schedule (--backup_dir, --backup_every,
// --backups_to_keep): every period a new online backup (Administration::
// CreateBackup, the same as `kompas-admin backup`) into a new directory
// under one folder, and the oldest of them removed beyond a count.
//
//   ASSIGN_OR_RETURN(auto schedule,
//                    BackupSchedule::Start(options, &administration, &auditor, &store));
//   ... serve ...
//   schedule->Stop();  // before the store closes; waits for a backup under way
#ifndef KOMPAS_DOMAIN_SCHEDULED_BACKUPS_H_
#define KOMPAS_DOMAIN_SCHEDULED_BACKUPS_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "domain/administration.h"
#include "domain/auditor.h"
#include "store/store.h"

namespace kompas::domain {

struct BackupScheduleOptions {
  // An existing folder on the server's machine (absolute path); each backup
  // goes into a new subdirectory `kompas-YYYYMMDDTHHMMSSZ` (UTC). Keep it
  // on the store's file system for hard links, and copy it elsewhere.
  // Required.
  std::string directory;
  // Time between backups. Default 6 h: at most six hours of work to redo
  // after losing the machine. The first backup is made once `every` has
  // passed since the newest backup of the store (at once when there is
  // none), so a restart does not postpone it.
  absl::Duration every = absl::Hours(6);
  // How many of the scheduled backups in `directory` are kept; the oldest
  // beyond that are removed after each new one. Default 8 (two days at the
  // default period). Only this schedule's subdirectories are ever removed.
  int keep = 8;
};

// INVALID_ARGUMENT naming the flag: an absolute, existing directory, a
// period of at least a second and at least one backup kept.
[[nodiscard]] absl::Status ValidateBackupSchedule(const BackupScheduleOptions& options);

// Thread-safe. Owns one thread.
class BackupSchedule {
 public:
  // Validates and starts the thread. `administration`, `auditor` (which
  // puts each backup on the server's trail) and `store` are not owned and
  // must outlive Stop.
  static absl::StatusOr<std::unique_ptr<BackupSchedule>> Start(
      const BackupScheduleOptions& options, Administration* administration,
      const Auditor* auditor, const store::Store* store);
  ~BackupSchedule();

  // Ends the schedule: returns at once between backups, after the backup
  // under way otherwise. Idempotent.
  void Stop();

 private:
  BackupSchedule(const BackupScheduleOptions& options, Administration* administration,
                 const Auditor* auditor, const store::Store* store)
      : options_(options), administration_(administration), auditor_(auditor), store_(store) {}
  void Run();
  void BackupOnce();
  void RemoveOldest();

  const BackupScheduleOptions options_;
  Administration* administration_;
  const Auditor* auditor_;
  const store::Store* store_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_SCHEDULED_BACKUPS_H_
