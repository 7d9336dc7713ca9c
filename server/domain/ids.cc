#include "domain/ids.h"

#include <atomic>
#include <optional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace kompas::domain {
namespace {

constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";  // Crockford, lowercase
constexpr int kIdLength = 13;  // ceil(64 / 5)
constexpr int kSequenceBits = 20;

// The previous id value; a CAS loop makes each new value
// max(now << 20, last + 1), so ids stay unique and increasing.
std::atomic<uint64_t> last_id{0};

}  // namespace

std::string EncodeServerId(uint64_t value) {
  std::string out(kIdLength, '0');
  for (int i = kIdLength - 1; i >= 0; --i) {
    out[i] = kAlphabet[value & 31];
    value >>= 5;
  }
  return out;
}

namespace {

// The 64-bit value of a valid server id.
uint64_t DecodeServerId(absl::string_view id) {
  uint64_t value = 0;
  for (char c : id) {
    uint64_t digit = 0;
    for (const char* a = kAlphabet; *a; ++a) {
      if (*a == c) digit = static_cast<uint64_t>(a - kAlphabet);
    }
    value = (value << 5) | digit;
  }
  return value;
}

}  // namespace

std::optional<absl::Time> ServerIdTime(absl::string_view id) {
  if (!IsValidServerId(id)) return std::nullopt;
  return absl::FromUnixMillis(static_cast<int64_t>(DecodeServerId(id) >> kSequenceBits));
}

void RaiseServerIdFloor(absl::string_view id) {
  if (!IsValidServerId(id)) return;
  const uint64_t value = DecodeServerId(id);
  uint64_t prev = last_id.load(std::memory_order_relaxed);
  while (prev < value && !last_id.compare_exchange_weak(prev, value, std::memory_order_relaxed)) {
  }
}

std::string NewServerId() {
  std::atomic<uint64_t>& last = last_id;
  uint64_t now = static_cast<uint64_t>(absl::ToUnixMillis(absl::Now())) << kSequenceBits;
  uint64_t prev = last.load(std::memory_order_relaxed);
  uint64_t next;
  do {
    next = now > prev ? now : prev + 1;
  } while (!last.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  return EncodeServerId(next);
}

bool IsValidServerId(absl::string_view id) {
  if (id.size() != kIdLength) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char* at = nullptr;
    for (const char* a = kAlphabet; *a; ++a) {
      if (*a == id[i]) at = a;
    }
    if (at == nullptr) return false;
    // The first character holds only the top 4 bits (65 = 13 * 5).
    if (i == 0 && at - kAlphabet > 15) return false;
  }
  return true;
}

}  // namespace kompas::domain
