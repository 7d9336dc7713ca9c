// SHA-256, the one way the server hashes bytes: the audit chain, stored token
// hashes, request fingerprints, keyed ids and checkpoints.
//
//   std::string hex = Sha256Hex("abc");  // "ba7816bf…", 64 lowercase hex digits
//   std::string raw = Sha256("abc");     // the same 32 bytes, unencoded
#ifndef KOMPAS_COMMON_SHA256_H_
#define KOMPAS_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace kompas {

// The 32-byte digest of `bytes`.
std::string Sha256(absl::string_view bytes);

// The digest as 64 lowercase hexadecimal digits.
std::string Sha256Hex(absl::string_view bytes);

}  // namespace kompas

#endif  // KOMPAS_COMMON_SHA256_H_
