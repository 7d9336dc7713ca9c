// Small files kompasd keeps beside its store: reading one whole, and
// creating one that holds a secret (a signing key, the key secret, demo
// tokens) readable by kompasd's user only.
//
//   ASSIGN_OR_RETURN(std::string pem, ReadFile(path));
//   RETURN_IF_ERROR(CreatePrivateFile(path, secret_hex));  // 0600, synced
#ifndef KOMPAS_COMMON_FILES_H_
#define KOMPAS_COMMON_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kompas {

// The whole file, or NOT_FOUND "cannot read PATH".
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Creates `path` with mode 0600 from the first byte and writes `content`,
// synced before it returns. Never over an existing file (O_EXCL): a secret
// someone already keeps there is not lost. On failure nothing is left
// behind and the message names the path and the system's reason.
[[nodiscard]] absl::Status CreatePrivateFile(const std::string& path, absl::string_view content);

}  // namespace kompas

#endif  // KOMPAS_COMMON_FILES_H_
