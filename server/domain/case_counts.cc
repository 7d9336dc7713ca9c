// How many reflections each case has: a counter per case in case_counts,
// changed by merge (store/merge.h) in the same batch as the reflection, so
// concurrent reflectors never lose each other's increment and the count is
// never ahead of or behind the records.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "domain/cases.h"
#include "domain/internal/case_rules.h"
#include "domain/names.h"
#include "store/keys.h"
#include "store/merge.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;

// The counters' fields, in stored order.
constexpr size_t kReflectionsField = 0;
constexpr size_t kCountFields = 1;

// Meta key recording that every case's counter is in place.
constexpr absl::string_view kCountsDoneKey = "case_counts";

std::string CountsRow(int64_t reflections) { return store::Increments({reflections}); }

}  // namespace

void StageReflectionCounted(const std::string& community, const std::string& case_id,
                            store::WriteBatch& batch) {
  batch.Merge(Table::kCaseCounts, keys::Case(community, case_id), CountsRow(1));
}

absl::StatusOr<int64_t> ReflectionCount(const store::Store& store, const std::string& community,
                                        const std::string& case_id) {
  ASSIGN_OR_RETURN(std::optional<std::string> row,
                   store.Get(Table::kCaseCounts, keys::Case(community, case_id)));
  if (!row.has_value()) return 0;
  return store::DecodeCounts(*row, kCountFields)[kReflectionsField];
}

absl::Status UpgradeCaseCounts(store::Store& store) {
  ASSIGN_OR_RETURN(std::optional<std::string> done, store.Get(Table::kMeta, kCountsDoneKey));
  if (done.has_value()) return absl::OkStatus();
  // Reflection keys are <community> 0 <case> 0 <reflection>: the part before
  // the last NUL is the case's key. Only keys are needed, values are not
  // parsed.
  std::map<std::string, int64_t> reflections;
  RETURN_IF_ERROR(store.Scan(Table::kReflections, "", {},
                             [&](absl::string_view key, absl::string_view) {
                               ++reflections[std::string(key.substr(0, key.rfind('\0')))];
                               return true;
                             }));
  // Puts of exact counts: an interrupted run is simply repeated next start.
  store::WriteBatch batch;
  int pending = 0;
  for (const auto& [case_key, count] : reflections) {
    batch.Put(Table::kCaseCounts, case_key, CountsRow(count));
    if (++pending == 10000) {
      RETURN_IF_ERROR(store.Write(batch));
      batch = store::WriteBatch();
      pending = 0;
    }
  }
  batch.Put(Table::kMeta, kCountsDoneKey, "1");
  RETURN_IF_ERROR(store.Write(batch));
  log::Info("case_counts_built", {{"cases", absl::StrCat(reflections.size())}});
  return absl::OkStatus();
}

absl::StatusOr<v1::Case> Cases::Output(const std::string& caller_name, v1::Case c) const {
  ASSIGN_OR_RETURN(int64_t count,
                   ReflectionCount(*store_, std::string(CommunityOfName(c.name())),
                                   std::string(IdOfName(c.name()))));
  c.set_reflection_count(static_cast<int32_t>(
      std::clamp<int64_t>(count, 0, std::numeric_limits<int32_t>::max())));
  return internal::ViewFor(caller_name, std::move(c));
}

}  // namespace kompas::domain
