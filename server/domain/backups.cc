// Administration::CreateBackup, an online backup of the whole store
// (administration.h), and what its manifest says (backups.h).
#include "domain/backups.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "search/index.h"
#include "absl/time/clock.h"
#include "audit/audit_log.h"
#include "common/status_macros.h"
#include "domain/administration.h"
#include "domain/errors.h"
#include "domain/internal/proto_time.h"
#include "google/protobuf/util/json_util.h"
#include "store/checkpoint.h"
#include "store/keys.h"

namespace kompas::domain {

absl::StatusOr<v1::Backup> DescribeStore(const store::Store& store) {
  v1::Backup backup;
  for (int t = 0; t < store::kTableCount; ++t) {
    const auto table = static_cast<store::Table>(t);
    int64_t count = 0;
    RETURN_IF_ERROR(store.Scan(table, "", {}, [&](absl::string_view, absl::string_view) {
      ++count;
      return true;
    }));
    (*backup.mutable_record_counts())[store::TableName(table)] = count;
  }
  ASSIGN_OR_RETURN(audit::VerifyReport report, audit::AuditLog::Verify(store));
  if (report.first_damaged != 0) {
    return absl::DataLossError(absl::StrCat("the audit trail is damaged at event ",
                                            report.first_damaged, ": ", report.problem));
  }
  backup.set_audit_events(report.events);
  if (report.events > 0) {
    ASSIGN_OR_RETURN(std::optional<std::string> raw,
                     store.Get(store::Table::kAudit,
                               store::keys::Sequence(static_cast<uint64_t>(report.events))));
    v1::AuditEvent head;
    if (!raw.has_value() || !head.ParseFromString(*raw)) {
      return absl::DataLossError("the newest audit event cannot be read");
    }
    backup.set_audit_head(head.hash());
  }
  return backup;
}

absl::StatusOr<std::optional<absl::Time>> LastBackupTime(const store::Store& store) {
  ASSIGN_OR_RETURN(std::optional<std::string> raw, store.Get(store::Table::kMeta, kLastBackupKey));
  int64_t seconds = 0;
  if (!raw.has_value() || !absl::SimpleAtoi(*raw, &seconds)) return std::nullopt;
  return absl::FromUnixSeconds(seconds);
}

absl::Status CompareWithManifest(const v1::Backup& described, const v1::Backup& manifest) {
  std::vector<std::string> differences;
  if (described.audit_events() != manifest.audit_events() ||
      described.audit_head() != manifest.audit_head()) {
    differences.push_back(absl::StrCat("the audit trail has ", described.audit_events(),
                                       " events, head ", described.audit_head(),
                                       "; the manifest says ", manifest.audit_events(),
                                       " events, head ", manifest.audit_head()));
  }
  for (const auto& [table, count] : manifest.record_counts()) {
    auto it = described.record_counts().find(table);
    const int64_t found = it == described.record_counts().end() ? 0 : it->second;
    if (found != count) {
      differences.push_back(absl::StrCat("table ", table, " has ", found,
                                         " records; the manifest says ", count));
    }
  }
  if (differences.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrJoin(differences, "; "));
}

absl::StatusOr<bool> VerifyRestoredStore(const std::string& data_dir) {
  const std::filesystem::path marker = std::filesystem::path(data_dir) / kRestoredMarker;
  std::error_code error;
  if (!std::filesystem::exists(marker, error)) return false;
  std::ifstream in(marker);
  std::stringstream text;
  text << in.rdbuf();
  v1::Backup manifest;
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;
  if (!in || !google::protobuf::util::JsonStringToMessage(text.str(), &manifest, lenient).ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(marker.string(), " (left by kompas-admin restore) cannot be read"));
  }
  auto fail = [&](absl::string_view what) {
    return absl::FailedPreconditionError(absl::StrCat(
        "this store was restored from a backup and does not pass its first-start check: ", what,
        ". Restore the backup again into a new directory (kompas-admin restore), or use "
        "another backup"));
  };
  {
    ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                     store::Store::Open({.data_dir = data_dir, .read_only = true}));
    absl::StatusOr<v1::Backup> described = DescribeStore(*store);
    if (!described.ok()) return fail(described.status().message());
    if (absl::Status same = CompareWithManifest(*described, manifest); !same.ok()) {
      return fail(same.message());
    }
    search::SearchIndex index(store.get());
    ASSIGN_OR_RETURN(std::vector<std::string> problems, index.Check());
    if (!problems.empty()) {
      return fail(absl::StrCat("the search index has ", problems.size(), " problem",
                               problems.size() == 1 ? "" : "s", ", the first: ", problems[0]));
    }
    RETURN_IF_ERROR(store->Close());
  }
  std::filesystem::remove(marker, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the restored store passed its check, but ", marker.string(), " cannot be removed: ",
        error.message()));
  }
  return true;
}

absl::StatusOr<v1::Backup> Administration::CreateBackup(const Call& call,
                                                        const v1::CreateBackupRequest& request) {
  auto backup = [&]() -> absl::StatusOr<v1::Backup> {
    const std::filesystem::path dir(request.directory());
    std::error_code error;
    FieldViolations v;
    if (!dir.is_absolute()) {
      v.Add("directory", "must be an absolute path on the server's machine");
    } else if (std::filesystem::exists(dir, error)) {
      v.Add("directory", "must not exist yet: every backup goes into a new directory");
    } else if (!std::filesystem::is_directory(dir.parent_path(), error)) {
      v.Add("directory", "must be in an existing directory");
    }
    RETURN_IF_ERROR(v.ToStatus());
    const absl::Time started = absl::Now();
    ASSIGN_OR_RETURN(uint64_t sequence, store::CreateCheckpoint(*store_, dir.string()));
    // What the copy holds, read from the copy itself.
    v1::Backup described;
    {
      ASSIGN_OR_RETURN(std::unique_ptr<store::Store> copy,
                       store::Store::Open({.data_dir = dir.string(), .read_only = true}));
      ASSIGN_OR_RETURN(described, DescribeStore(*copy));
      RETURN_IF_ERROR(copy->Close());
    }
    described.set_directory(dir.string());
    *described.mutable_create_time() = internal::ToProto(started);
    described.set_store_sequence(static_cast<int64_t>(sequence));
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.always_print_primitive_fields = true;
    if (!google::protobuf::util::MessageToJsonString(described, &json, options).ok()) {
      return absl::InternalError("the backup manifest could not be written");
    }
    {
      std::ofstream out(dir / kBackupManifest);
      out << json;
      out.flush();
      if (!out) return absl::InternalError("the backup manifest could not be written");
    }
    store::WriteBatch done;
    done.Put(store::Table::kMeta, kLastBackupKey, absl::StrCat(absl::ToUnixSeconds(started)));
    RETURN_IF_ERROR(call.Commit(*store_, done, kServerTrail, "backups"));
    return described;
  };
  return Recorded(call, backup());
}

}  // namespace kompas::domain
