#include "domain/key_secret.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/files.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;

constexpr size_t kSecretBytes = 32;

std::string Hex(const unsigned char* bytes, size_t size) {
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes), size));
}

// The secret in `path`; NOT_FOUND when there is no such file.
absl::StatusOr<std::string> ReadSecret(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("no secret file ", path));
    return absl::PermissionDeniedError(
        absl::StrCat("cannot read the secret file ", path, ": ", std::strerror(errno)));
  }
  if ((st.st_mode & 077) != 0) {
    log::Warn("secret_file_readable_by_others", {{"path", path}, {"fix", "chmod 600"}});
  }
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) {
    return absl::PermissionDeniedError(absl::StrCat("cannot read the secret file ", path));
  }
  const std::string hex(absl::StripAsciiWhitespace(*content));
  const bool all_hex = std::all_of(hex.begin(), hex.end(),
                                   [](char c) { return absl::ascii_isxdigit(c); });
  if (!all_hex || hex.size() % 2 != 0 || hex.size() < 2 * kSecretBytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the secret file ", path, " does not hold a secret (at least 64 hex digits)"));
  }
  return absl::HexStringToBytes(hex);
}

// A new random secret, written to `path` with mode 0600 (never over an
// existing file).
absl::StatusOr<std::string> CreateSecret(const std::string& path) {
  unsigned char bytes[kSecretBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return absl::InternalError("no random bytes for a new secret");
  }
  const std::string content = Hex(bytes, sizeof bytes) + "\n";
  if (absl::Status created = CreatePrivateFile(path, content); !created.ok()) {
    return absl::Status(created.code(), absl::StrCat("the secret file: ", created.message()));
  }
  log::Info("secret_file_created", {{"path", path}});
  return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// Rewrites the keys of the earlier layout: evaluations ended in the member's
// plain SHA-256, request ids held the member id in clear. One batch with the
// marker, so a crash leaves either the old layout or the new, never a mix.
absl::Status MigrateKeys(store::Store& store, const KeySecret& secret) {
  store::WriteBatch batch;
  int64_t evaluations = 0, request_ids = 0, skipped = 0;
  RETURN_IF_ERROR(store.Scan(
      Table::kEvaluations, "", {}, [&](absl::string_view key, absl::string_view value) {
        const size_t cut = key.rfind('\0');
        if (cut == absl::string_view::npos) {
          ++skipped;
          return true;
        }
        const std::string tag = secret.Tag("evaluation", key.substr(cut + 1));
        batch.Delete(Table::kEvaluations, key);
        batch.Put(Table::kEvaluations, absl::StrCat(key.substr(0, cut + 1), tag), value);
        ++evaluations;
        return true;
      }));
  RETURN_IF_ERROR(store.Scan(
      Table::kRequestIds, "", {}, [&](absl::string_view key, absl::string_view value) {
        // <kind> 0 <parent> 0 <member> 0 sha256(<request id>)
        std::vector<absl::string_view> parts = absl::StrSplit(key, '\0');
        if (parts.size() != 4) {
          ++skipped;
          return true;
        }
        const std::string tag =
            secret.Tag("request_id", absl::StrCat(parts[2], absl::string_view("\0", 1), parts[3]));
        batch.Delete(Table::kRequestIds, key);
        batch.Put(Table::kRequestIds, keys::RequestId(parts[0], parts[1], tag), value);
        ++request_ids;
        return true;
      }));
  batch.Put(Table::kMeta, kKeySecretMarker, secret.Check());
  RETURN_IF_ERROR(store.Write(batch));
  log::Info("keys_keyed_with_secret", {{"evaluations", absl::StrCat(evaluations)},
                                       {"request_ids", absl::StrCat(request_ids)},
                                       {"skipped", absl::StrCat(skipped)}});
  return absl::OkStatus();
}

}  // namespace

std::string KeySecret::Tag(absl::string_view purpose, absl::string_view data) const {
  std::string message = absl::StrCat(purpose, absl::string_view("\0", 1), data);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), bytes_.data(), static_cast<int>(bytes_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  return Hex(mac, size);
}

std::string KeySecret::EvaluationTag(absl::string_view member_id) const {
  return Tag("evaluation", Sha256Hex(member_id));
}

std::string KeySecret::RequestIdTag(absl::string_view member_id,
                                    absl::string_view request_id) const {
  return Tag("request_id",
             absl::StrCat(member_id, absl::string_view("\0", 1), Sha256Hex(request_id)));
}

std::string KeySecret::Check() const { return Tag("check", "kompas key secret"); }

KeySecret RandomKeySecret() {
  unsigned char bytes[kSecretBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // no randomness: nothing is safe
  return KeySecret(std::string(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string DefaultSecretFile(absl::string_view data_dir) {
  absl::string_view dir = data_dir;
  while (dir.size() > 1 && absl::EndsWith(dir, "/")) dir.remove_suffix(1);
  return absl::StrCat(dir, ".secret");
}

absl::StatusOr<KeySecret> OpenKeySecret(store::Store& store, const std::string& path) {
  ASSIGN_OR_RETURN(std::optional<std::string> marker, store.Get(Table::kMeta, kKeySecretMarker));
  absl::StatusOr<std::string> bytes = ReadSecret(path);
  if (absl::IsNotFound(bytes.status())) {
    if (marker.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the secret file ", path,
          " is missing, and this store was keyed with a secret: copy the secret file of the "
          "server that wrote the store (beside its data directory, <data_dir>.secret) to ",
          path, ", or name it with --secret_file"));
    }
    bytes = CreateSecret(path);
  }
  if (!bytes.ok()) return bytes.status();
  KeySecret secret(*std::move(bytes));
  if (!marker.has_value()) {
    RETURN_IF_ERROR(MigrateKeys(store, secret));
  } else if (*marker != secret.Check()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the secret in ", path,
        " is not the one this store was keyed with: use the secret file of the server that "
        "wrote the store (--secret_file)"));
  }
  return secret;
}

}  // namespace kompas::domain
