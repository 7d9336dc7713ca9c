// kompas-admin restore: a backup made by `kompas-admin backup` (kompasd's
// AdminService.CreateBackup) becomes a new data directory, checked against
// its manifest.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "domain/backups.h"
#include "google/protobuf/util/json_util.h"
#include "store/store.h"

namespace kompas::admin {
namespace {

int Refuse(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return kFailed;
}

}  // namespace

int Restore(const std::string& from, const std::string& data_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path source(from), target(data_dir);
  std::ifstream in(source / domain::kBackupManifest);
  if (!in) {
    return Refuse(absl::StrCat("no backup in ", from, ": it has no ", domain::kBackupManifest,
                               "; pass the directory `kompas-admin backup --out` wrote"));
  }
  std::stringstream text;
  text << in.rdbuf();
  v1::Backup manifest;
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(text.str(), &manifest, lenient).ok()) {
    return Refuse(absl::StrCat(domain::kBackupManifest, " in ", from, " cannot be read"));
  }
  if (fs::exists(target, error) && !fs::is_empty(target, error)) {
    return Refuse(absl::StrCat(data_dir, " is not empty; restore into a new directory and "
                                         "point kompasd's --data_dir at it"));
  }
  fs::create_directories(target, error);
  if (error) return Refuse(absl::StrCat("cannot create ", data_dir, ": ", error.message()));
  // The store's files are copied, never linked: the restored store must not
  // share a file with the backup it came from.
  for (const fs::directory_entry& entry : fs::directory_iterator(source, error)) {
    if (!entry.is_regular_file() || entry.path().filename() == domain::kBackupManifest) continue;
    fs::copy_file(entry.path(), target / entry.path().filename(), error);
    if (error) {
      return Refuse(absl::StrCat("cannot copy ", entry.path().string(), ": ", error.message()));
    }
  }
  if (error) return Refuse(absl::StrCat("cannot read ", from, ": ", error.message()));

  // Opening it for writing replays the copied write-ahead log once, as
  // kompasd's first start would; then the store must be what the manifest
  // says, to the record and to the audit head.
  auto store = store::Store::Open({.data_dir = data_dir});
  if (!store.ok()) return Refuse(absl::StrCat("the restored store does not open: ",
                                              store.status().message()));
  auto described = domain::DescribeStore(**store);
  absl::Status closed = (*store)->Close();
  if (!described.ok()) {
    return Refuse(absl::StrCat("the restored store is damaged: ", described.status().message()));
  }
  if (!closed.ok()) return Refuse(absl::StrCat("cannot close the restored store: ",
                                               closed.message()));
  int mismatches = 0;
  if (described->audit_events() != manifest.audit_events() ||
      described->audit_head() != manifest.audit_head()) {
    std::cout << "audit trail: " << described->audit_events() << " events, head "
              << described->audit_head() << "; the manifest says " << manifest.audit_events()
              << " events, head " << manifest.audit_head() << "\n";
    ++mismatches;
  }
  for (const auto& [table, count] : manifest.record_counts()) {
    auto it = described->record_counts().find(table);
    const int64_t found = it == described->record_counts().end() ? 0 : it->second;
    if (found != count) {
      std::cout << "table " << table << ": " << found << " records; the manifest says " << count
                << "\n";
      ++mismatches;
    }
  }
  if (mismatches > 0) {
    std::cout << "restored store in " << data_dir << " does NOT match the backup's manifest\n";
    return kFailed;
  }
  // kompasd checks the store against the manifest once more on its first
  // start, and removes this marker when it passes.
  {
    std::ofstream marker(target / domain::kRestoredMarker);
    marker << text.str();
    marker.flush();
    if (!marker) {
      return Refuse(absl::StrCat("cannot write ", (target / domain::kRestoredMarker).string()));
    }
  }
  std::cout << "restored " << from << " into " << data_dir << ": audit trail verified, "
            << described->audit_events() << " events, head " << described->audit_head()
            << ", every table's record count as in the manifest; start kompasd with --data_dir="
            << data_dir << "\n";
  return kOk;
}

}  // namespace kompas::admin
