#include "privacy/internal/checksums.h"

#include "absl/strings/ascii.h"

namespace kompas::privacy::internal {

bool IsValidBsn(absl::string_view digits) {
  if (digits.size() != 9) return false;
  int sum = 0;
  bool all_zero = true;
  for (int i = 0; i < 9; ++i) {
    char c = digits[i];
    if (c < '0' || c > '9') return false;
    int d = c - '0';
    if (d != 0) all_zero = false;
    sum += (i == 8 ? -1 : 9 - i) * d;
  }
  return !all_zero && sum % 11 == 0;
}

bool IsValidIban(absl::string_view compact) {
  if (compact.size() < 15 || compact.size() > 34) return false;
  if (!absl::ascii_isalpha(compact[0]) || !absl::ascii_isalpha(compact[1]) ||
      !absl::ascii_isdigit(compact[2]) || !absl::ascii_isdigit(compact[3])) {
    return false;
  }
  int rem = 0;
  auto feed = [&rem](char c) -> bool {
    if (absl::ascii_isdigit(c)) {
      rem = (rem * 10 + (c - '0')) % 97;
    } else if (absl::ascii_isalpha(c)) {
      int v = absl::ascii_toupper(c) - 'A' + 10;
      rem = (rem * 100 + v) % 97;
    } else {
      return false;
    }
    return true;
  };
  for (size_t i = 4; i < compact.size(); ++i) {
    if (!feed(compact[i])) return false;
  }
  for (size_t i = 0; i < 4; ++i) feed(compact[i]);
  return rem == 1;
}

}  // namespace kompas::privacy::internal
