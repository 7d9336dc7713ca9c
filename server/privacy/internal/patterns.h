// The gate's regular expressions (RE2: linear time, no backtracking), compiled
// once in Gate::Create. Shape only: checksums, valid day/month and context
// are checked in C++ after a match.
#ifndef KOMPAS_PRIVACY_INTERNAL_PATTERNS_H_
#define KOMPAS_PRIVACY_INTERNAL_PATTERNS_H_

#include <memory>

#include "absl/status/statusor.h"
#include <re2/re2.h>

namespace kompas::privacy::internal {

class Patterns {
 public:
  static absl::StatusOr<std::unique_ptr<Patterns>> Compile();

  RE2 email;
  RE2 social_url;
  RE2 handle;
  RE2 iban;
  RE2 numeric_date;
  RE2 written_date;
  RE2 postcode;
  RE2 plate;
  RE2 code_id;      // WMO-23-07781, LP/2024/0388, 2024-018832
  RE2 document_id;  // NPK4R71F2: passport / identity card numbers
  RE2 month_date;   // 12-dec-2019, 3.feb.1987
  RE2 spaced_date;  // 3 4 2019
  RE2 website;      // www.jansenfamilie.nl

 private:
  Patterns();
};

}  // namespace kompas::privacy::internal

#endif  // KOMPAS_PRIVACY_INTERNAL_PATTERNS_H_
