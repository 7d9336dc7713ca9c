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


std::string Sequence(uint64_t sequence) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(sequence & 0xff);
    sequence >>= 8;
  }
  return out;
}

uint64_t ParseSequence(absl::string_view eight_bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < eight_bytes.size() && i < 8; ++i) {
    value = (value << 8) | static_cast<unsigned char>(eight_bytes[i]);
  }
  return value;
}

}  // namespace kompas::store::keys
