#include "compact.h"

#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "store/store.h"

namespace kompas::bench {
namespace {

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

}  // namespace

absl::StatusOr<CompactReport> CompactStore(const std::string& data_dir) {
  CompactReport report;
  report.wal_bytes_before = WalBytes(data_dir);
  auto store = store::Store::Open({.data_dir = data_dir, .sync_writes = false});
  if (!store.ok()) return store.status();
  for (int t = 0; t < store::kTableCount; ++t) {
    const auto table = static_cast<store::Table>(t);
    report.tables.push_back({store::TableName(table), (*store)->TableBytes(table), 0});
  }
  absl::Status result = (*store)->Compact();
  for (int t = 0; t < store::kTableCount; ++t) {
    report.tables[t].after = (*store)->TableBytes(static_cast<store::Table>(t));
  }
  if (absl::Status closed = (*store)->Close(); result.ok()) result = closed;
  if (!result.ok()) return result;
  report.wal_bytes_after = WalBytes(data_dir);
  return report;
}

}  // namespace kompas::bench
