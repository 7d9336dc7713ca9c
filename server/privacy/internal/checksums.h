// Checksums that raise the gate's confidence in a number. A failed checksum
// never makes a number pass the gate: a 9-digit number that fails the
// 11-proef is still reported, as an ID_NUMBER.
#ifndef KOMPAS_PRIVACY_INTERNAL_CHECKSUMS_H_
#define KOMPAS_PRIVACY_INTERNAL_CHECKSUMS_H_

#include "absl/strings/string_view.h"

namespace kompas::privacy::internal {

// The BSN "11-proef" on exactly nine ASCII digits: 9*d1 + 8*d2 + … + 2*d8
// - 1*d9 is divisible by 11. 000000000 passes the arithmetic but is not a
// BSN, so it returns false.
bool IsValidBsn(absl::string_view digits);

// ISO 13616 mod-97 on a compact IBAN (no spaces; letters in either case):
// country code, two check digits, 11..30 alphanumerics.
bool IsValidIban(absl::string_view compact);

}  // namespace kompas::privacy::internal

#endif  // KOMPAS_PRIVACY_INTERNAL_CHECKSUMS_H_
