#include "compact.h"

#include <filesystem>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/convenience.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/options.h"
#include "rocksdb/utilities/options_util.h"

namespace kompas::bench {
namespace {

absl::Status FromRocks(const rocksdb::Status& s, const char* what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("rocksdb ", what, ": ", s.ToString()));
}

int64_t WalBytes(const std::string& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (absl::EndsWith(entry.path().string(), ".log")) {
      total += static_cast<int64_t>(entry.file_size(ec));
    }
  }
  return total;
}

std::vector<TableShape> Shape(rocksdb::DB& db,
                              const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  std::vector<TableShape> out;
  for (rocksdb::ColumnFamilyHandle* h : handles) {
    rocksdb::ColumnFamilyMetaData meta;
    db.GetColumnFamilyMetaData(h, &meta);
    TableShape shape;
    shape.name = meta.name;
    shape.sst_bytes = static_cast<int64_t>(meta.size);
    shape.files = static_cast<int64_t>(meta.file_count);
    if (!meta.levels.empty()) shape.level0_files = static_cast<int64_t>(meta.levels[0].files.size());
    out.push_back(std::move(shape));
  }
  return out;
}

}  // namespace

absl::StatusOr<CompactReport> CompactStore(const std::string& data_dir) {
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  rocksdb::ConfigOptions config;
  config.env = rocksdb::Env::Default();
  config.ignore_unknown_options = false;
  if (absl::Status s = FromRocks(
          rocksdb::LoadLatestOptions(config, data_dir, &db_options, &descriptors), "load options");
      !s.ok()) {
    return s;
  }
  db_options.create_if_missing = false;
  CompactReport report;
  report.wal_bytes_before = WalBytes(data_dir);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (absl::Status s = FromRocks(rocksdb::DB::Open(db_options, data_dir, descriptors, &handles, &raw),
                                 "open");
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  report.before = Shape(*db, handles);
  absl::Status result = FromRocks(db->Flush(rocksdb::FlushOptions(), handles), "flush");
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  compact.change_level = false;
  for (rocksdb::ColumnFamilyHandle* h : handles) {
    if (!result.ok()) break;
    result = FromRocks(db->CompactRange(compact, h, nullptr, nullptr), "compact");
  }
  if (result.ok()) report.after = Shape(*db, handles);
  for (rocksdb::ColumnFamilyHandle* h : handles) (void)db->DestroyColumnFamilyHandle(h);
  if (absl::Status s = FromRocks(db->Close(), "close"); result.ok()) result = s;
  db.reset();
  if (!result.ok()) return result;
  report.wal_bytes_after = WalBytes(data_dir);
  return report;
}

}  // namespace kompas::bench
