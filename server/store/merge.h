// Values changed by merge rather than by read-modify-write: a writer adds an
// operand to its batch and RocksDB folds the operands into the value when it
// is read or compacted. Two writers changing the same value (two cases that
// hold one term, or the counters of a community) then never overwrite each
// other's change, without a lock across them.
//
// Two rules, one per table that uses merge (see MergeRuleOf):
//
//   entry sets (search_postings): a value is a set of 8-byte entries, sorted
//   by their 4-byte big-endian id, each id at most once; the other 4 bytes
//   are the entry's payload. An operand sets (adds or replaces) or erases one
//   entry.
//
//     batch.Merge(Table::kSearchPostings, key, SetEntry({id, payload}));
//     batch.Merge(Table::kSearchPostings, key, EraseEntry(id));
//
//   counters (search_counts, case_counts): a value is a row of signed 64-bit counts
//   (little-endian); an operand is a row of increments, added field by field.
//
//     batch.Merge(Table::kSearchCounts, key, Increments({1, 120}));
#ifndef KOMPAS_STORE_MERGE_H_
#define KOMPAS_STORE_MERGE_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "store/store.h"

namespace kompas::store {

enum class MergeRule { kNone, kEntrySet, kCounters };
MergeRule MergeRuleOf(Table table);

struct Entry {
  uint32_t id = 0;
  uint32_t payload = 0;
};
inline constexpr size_t kEntryBytes = 8;

std::string SetEntry(const Entry& entry);
std::string EraseEntry(uint32_t id);
// The entries of a stored entry-set value, in id order; false when the value
// is malformed.
bool DecodeEntries(absl::string_view value, std::vector<Entry>* entries);
// Calls visit(entry) for each entry of a stored entry-set value, in id
// order, without copying them; false when the value is malformed. For the
// hot loops that read whole posting lists.
template <typename Visit>
bool ForEachEntry(absl::string_view value, Visit visit) {
  if (value.size() % kEntryBytes != 0) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(value.data());
  for (size_t i = 0; i < value.size(); i += kEntryBytes, p += kEntryBytes) {
    visit(Entry{(uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3],
                (uint32_t{p[4]} << 24) | (uint32_t{p[5]} << 16) | (uint32_t{p[6]} << 8) | p[7]});
  }
  return true;
}
// The entries of `value` after applying `operands` in order (the merge rule
// itself, also used by RocksDB); false when any input is malformed.
bool ApplyEntryOperands(absl::string_view value, const std::vector<absl::string_view>& operands,
                        std::string* merged);

// Whether `operand` is well formed for `rule`: Store::Write refuses a batch
// with one that is not, since RocksDB would fail every later read (and
// compaction) of that value.
bool ValidOperand(MergeRule rule, absl::string_view operand);

std::string Increments(std::initializer_list<int64_t> increments);
// The counts of a stored counters value; missing fields read as 0.
std::vector<int64_t> DecodeCounts(absl::string_view value, size_t fields);
// The sum of two rows of counts, as stored.
std::string AddCounts(absl::string_view a, absl::string_view b);

}  // namespace kompas::store

#endif  // KOMPAS_STORE_MERGE_H_
