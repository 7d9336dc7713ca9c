#include "store/keys.h"

namespace kompas::store::keys {

std::string Join(std::initializer_list<absl::string_view> parts) {
  std::string out;
  bool first = true;
  for (absl::string_view p : parts) {
    if (!first) out.push_back('\0');
    out.append(p.data(), p.size());
    first = false;
  }
  return out;
}

std::string Prefix(std::initializer_list<absl::string_view> parts) {
  std::string out = Join(parts);
  out.push_back('\0');
  return out;
}

absl::string_view LastPart(absl::string_view key) {
  size_t pos = key.rfind('\0');
  return pos == absl::string_view::npos ? key : key.substr(pos + 1);
}

}  // namespace kompas::store::keys
