// Online backups and their restore: what a backup's manifest says of the
// store it copied, computed the same way when the backup is made
// (Administration::CreateBackup) and when it is restored (kompas-admin
// restore), so the two can be compared field by field.
//
//   ASSIGN_OR_RETURN(v1::Backup now, DescribeStore(*restored));
//   if (now.audit_head() != manifest.audit_head()) ...
#ifndef KOMPAS_DOMAIN_BACKUPS_H_
#define KOMPAS_DOMAIN_BACKUPS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "kompas/v1/admin.pb.h"
#include "store/store.h"

namespace kompas::domain {

// The manifest's file name inside a backup directory (JSON of v1::Backup).
inline constexpr char kBackupManifest[] = "kompas-backup.json";

// Record counts per table, and the audit trail's length and head, of
// `store`; the whole chain is verified on the way (DATA_LOSS naming the
// first damaged event if it is broken). Reads every record: seconds for a
// municipality's store, minutes for a very large one.
absl::StatusOr<v1::Backup> DescribeStore(const store::Store& store);

// When the newest backup of this store was made (CreateBackup, scheduled or
// asked for), from the meta key below; nullopt when none was.
absl::StatusOr<std::optional<absl::Time>> LastBackupTime(const store::Store& store);
// Meta key: the start of the newest backup, in Unix seconds (decimal).
inline constexpr char kLastBackupKey[] = "last_backup_time";

// The file `kompas-admin restore` leaves in the data directory it restored
// into: the backup's manifest, for kompasd's first start to check.
inline constexpr char kRestoredMarker[] = "kompas-restored.json";

// Every way `described` (DescribeStore of a store) differs from
// `manifest`: audit events and head, and each table's record count.
// FAILED_PRECONDITION listing them; OK when they agree.
[[nodiscard]] absl::Status CompareWithManifest(const v1::Backup& described,
                                               const v1::Backup& manifest);

// kompasd's first start on a restored store: when `data_dir` holds
// kRestoredMarker, opens the store read-only, verifies its audit chain,
// compares it with the manifest in the marker and checks the search index;
// when all passes, removes the marker and returns true. False, with nothing
// done, when there is no marker. FAILED_PRECONDITION (or DATA_LOSS) saying
// what failed otherwise; the marker then stays, so every start checks again.
// Reads every record once.
absl::StatusOr<bool> VerifyRestoredStore(const std::string& data_dir);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_BACKUPS_H_
