#include "store/merge.h"

#include <algorithm>

namespace kompas::store {
namespace {

constexpr char kSet = '+';
constexpr char kErase = '-';

void AppendU32(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

uint32_t ReadU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

void AppendI64(std::string& out, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(u >> (8 * i)));
}

int64_t ReadI64(const char* p) {
  uint64_t u = 0;
  for (int i = 7; i >= 0; --i) u = (u << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<int64_t>(u);
}

}  // namespace

MergeRule MergeRuleOf(Table table) {
  switch (table) {
    case Table::kSearchPostings: return MergeRule::kEntrySet;
    case Table::kSearchCounts:
    case Table::kCaseCounts: return MergeRule::kCounters;
    default: return MergeRule::kNone;
  }
}

std::string SetEntry(const Entry& entry) {
  std::string out(1, kSet);
  AppendU32(out, entry.id);
  AppendU32(out, entry.payload);
  return out;
}

std::string EraseEntry(uint32_t id) {
  std::string out(1, kErase);
  AppendU32(out, id);
  AppendU32(out, 0);
  return out;
}

bool DecodeEntries(absl::string_view value, std::vector<Entry>* entries) {
  entries->clear();
  if (value.size() % kEntryBytes != 0) return false;
  entries->reserve(value.size() / kEntryBytes);
  for (size_t i = 0; i < value.size(); i += kEntryBytes) {
    entries->push_back({ReadU32(value.data() + i), ReadU32(value.data() + i + 4)});
  }
  return true;
}

bool ApplyEntryOperands(absl::string_view value, const std::vector<absl::string_view>& operands,
                        std::string* merged) {
  std::vector<Entry> entries;
  if (!DecodeEntries(value, &entries)) return false;
  auto by_id = [](const Entry& e, uint32_t id) { return e.id < id; };
  // An operand is one change, or several folded together by a partial merge.
  constexpr size_t kChangeBytes = 1 + kEntryBytes;
  for (absl::string_view operand : operands) {
    if (operand.empty() || operand.size() % kChangeBytes != 0) return false;
    for (size_t at = 0; at < operand.size(); at += kChangeBytes) {
      const char op = operand[at];
      if (op != kSet && op != kErase) return false;
      const Entry entry{ReadU32(operand.data() + at + 1), ReadU32(operand.data() + at + 5)};
      auto it = std::lower_bound(entries.begin(), entries.end(), entry.id, by_id);
      const bool present = it != entries.end() && it->id == entry.id;
      if (op == kSet && present) {
        it->payload = entry.payload;
      } else if (op == kSet) {
        entries.insert(it, entry);
      } else if (present) {
        entries.erase(it);
      }
    }
  }
  merged->clear();
  merged->reserve(entries.size() * kEntryBytes);
  for (const Entry& e : entries) {
    AppendU32(*merged, e.id);
    AppendU32(*merged, e.payload);
  }
  return true;
}

bool ValidOperand(MergeRule rule, absl::string_view operand) {
  switch (rule) {
    case MergeRule::kNone: return false;
    case MergeRule::kCounters: return !operand.empty() && operand.size() % 8 == 0;
    case MergeRule::kEntrySet: {
      constexpr size_t kChangeBytes = 1 + kEntryBytes;
      if (operand.empty() || operand.size() % kChangeBytes != 0) return false;
      for (size_t at = 0; at < operand.size(); at += kChangeBytes) {
        if (operand[at] != kSet && operand[at] != kErase) return false;
      }
      return true;
    }
  }
  return false;
}

std::string Increments(std::initializer_list<int64_t> increments) {
  std::string out;
  for (int64_t v : increments) AppendI64(out, v);
  return out;
}

std::vector<int64_t> DecodeCounts(absl::string_view value, size_t fields) {
  std::vector<int64_t> counts(fields, 0);
  for (size_t i = 0; i < fields && (i + 1) * 8 <= value.size(); ++i) {
    counts[i] = ReadI64(value.data() + 8 * i);
  }
  return counts;
}

std::string AddCounts(absl::string_view a, absl::string_view b) {
  const size_t fields = std::max(a.size(), b.size()) / 8;
  const std::vector<int64_t> x = DecodeCounts(a, fields), y = DecodeCounts(b, fields);
  std::string out;
  for (size_t i = 0; i < fields; ++i) {
    AppendI64(out, static_cast<int64_t>(static_cast<uint64_t>(x[i]) + static_cast<uint64_t>(y[i])));
  }
  return out;
}

}  // namespace kompas::store
