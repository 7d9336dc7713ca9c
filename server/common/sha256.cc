#include "common/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "absl/strings/escaping.h"

namespace kompas {
namespace {

// OpenSSL 3's one-shot SHA256() looks the algorithm up in its provider
// store on every call, which was half of what a hash cost (every call hashes
// its token, every audit event its chain link). Fetched once, kept for the
// process's life.
const EVP_MD* Algorithm() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();  // no default provider: nothing could be hashed
    return fetched;
  }();
  return md;
}

}  // namespace

std::string Sha256(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, Algorithm(), nullptr) != 1) {
    std::abort();  // only fails when out of memory
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string Sha256Hex(absl::string_view bytes) { return absl::BytesToHexString(Sha256(bytes)); }

}  // namespace kompas
