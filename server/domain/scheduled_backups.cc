#include "domain/scheduled_backups.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "domain/backups.h"

namespace kompas::domain {
namespace {

namespace fs = std::filesystem;

// Scheduled backups are named so that their names sort by time.
constexpr char kPrefix[] = "kompas-";

// On the server's trail, the schedule is kompasd itself making the call an
// administrator could make.
constexpr char kSchedulerMember[] = "kompasd";
constexpr char kCreateBackupMethod[] = "/kompas.v1.AdminService/CreateBackup";

}  // namespace

absl::Status ValidateBackupSchedule(const BackupScheduleOptions& options) {
  std::error_code error;
  const fs::path dir(options.directory);
  if (!dir.is_absolute() || !fs::is_directory(dir, error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--backup_dir must be an existing directory, as an absolute path: ", options.directory));
  }
  if (options.every < absl::Seconds(1)) {
    return absl::InvalidArgumentError("--backup_every must be at least 1s (e.g. 6h)");
  }
  if (options.keep < 1) {
    return absl::InvalidArgumentError("--backups_to_keep must be at least 1");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<BackupSchedule>> BackupSchedule::Start(
    const BackupScheduleOptions& options, Administration* administration,
    const Auditor* auditor, const store::Store* store) {
  if (absl::Status valid = ValidateBackupSchedule(options); !valid.ok()) return valid;
  std::unique_ptr<BackupSchedule> schedule(new BackupSchedule(options, administration, auditor, store));
  schedule->thread_ = std::thread([s = schedule.get()] { s->Run(); });
  log::Info("backup_schedule_started",
            {{"dir", options.directory},
             {"every_s", absl::StrCat(absl::ToInt64Seconds(options.every))},
             {"keep", absl::StrCat(options.keep)}});
  return schedule;
}

BackupSchedule::~BackupSchedule() { Stop(); }

void BackupSchedule::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void BackupSchedule::Run() {
  absl::Time next = absl::Now();
  if (auto last = LastBackupTime(*store_); last.ok() && last->has_value()) {
    next = std::max(next, **last + options_.every);
  }
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      // Wakes at `next`, or at once when Stop is called.
      mu_.AwaitWithDeadline(absl::Condition(&stopping_), next);
      if (stopping_) return;
    }
    BackupOnce();
    next = absl::Now() + options_.every;
  }
}

void BackupSchedule::BackupOnce() {
  const std::string name =
      absl::StrCat(kPrefix, absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(), absl::UTCTimeZone()));
  fs::path dir = fs::path(options_.directory) / name;
  std::error_code error;
  for (int n = 2; fs::exists(dir, error); ++n) {  // two within one second
    dir = fs::path(options_.directory) / absl::StrCat(name, "-", n);
  }
  v1::CreateBackupRequest request;
  request.set_directory(dir.string());
  const absl::Time started = absl::Now();
  Call call = auditor_->Begin({.member_id = kSchedulerMember, .admin = true}, kCreateBackupMethod);
  call.Scope("", "", /*audited=*/true);  // CreateBackup names the server's trail
  absl::StatusOr<v1::Backup> made = administration_->CreateBackup(call, request);
  if (!made.ok()) {
    // A failed backup may leave a partial directory; it has no manifest, so
    // it is never counted as a backup, and it is not removed either (an
    // operator may want to look). The next period tries again.
    log::Error("scheduled_backup_failed",
               {{"dir", dir.string()}, {"error", std::string(made.status().message())}});
    return;
  }
  log::Info("scheduled_backup_made",
            {{"dir", dir.string()},
             {"audit_events", absl::StrCat(made->audit_events())},
             {"ms", absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - started))}});
  RemoveOldest();
}

void BackupSchedule::RemoveOldest() {
  std::vector<fs::path> backups;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(options_.directory, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory(error) && absl::StartsWith(name, kPrefix) &&
        fs::exists(entry.path() / kBackupManifest, error)) {
      backups.push_back(entry.path());
    }
  }
  if (static_cast<int>(backups.size()) <= options_.keep) return;
  std::sort(backups.begin(), backups.end());
  for (size_t i = 0; i + options_.keep < backups.size(); ++i) {
    fs::remove_all(backups[i], error);
    if (error) {
      log::Warn("old_backup_not_removed", {{"dir", backups[i].string()}, {"error", error.message()}});
    } else {
      log::Info("old_backup_removed", {{"dir", backups[i].string()}});
    }
  }
}

}  // namespace kompas::domain
