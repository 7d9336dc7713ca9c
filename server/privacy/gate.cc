// Placeholder implementation; the detectors are being written.
#include "privacy/gate.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace kompas::privacy {
namespace {

class StubGate final : public Gate {
 public:
  std::vector<Finding> Scan(absl::string_view, const AllowList*) const override { return {}; }
  absl::string_view version() const override { return "stub"; }
};

}  // namespace

absl::string_view KindName(Kind kind) {
  static constexpr absl::string_view kNames[] = {
      "PERSON", "BSN",  "ID_NUMBER", "PHONE",         "EMAIL",  "IBAN",
      "POSTCODE", "ADDRESS", "DATE", "LICENSE_PLATE", "SOCIAL", "INSTITUTION"};
  return kNames[static_cast<int>(kind)];
}

absl::string_view Placeholder(Kind kind) {
  static constexpr absl::string_view kPlaceholders[] = {
      "[NAAM]",     "[BSN]",   "[ID]",    "[TELEFOON]", "[EMAIL]",   "[IBAN]",
      "[POSTCODE]", "[ADRES]", "[DATUM]", "[KENTEKEN]", "[ACCOUNT]", "[INSTELLING]"};
  return kPlaceholders[static_cast<int>(kind)];
}

AllowList::AllowList(const std::vector<std::string>& terms) {
  for (const std::string& t : terms) terms_.push_back(absl::AsciiStrToLower(t));
  std::sort(terms_.begin(), terms_.end());
}

bool AllowList::Allows(absl::string_view finding_text) const {
  return std::binary_search(terms_.begin(), terms_.end(), absl::AsciiStrToLower(finding_text));
}

absl::StatusOr<std::unique_ptr<Gate>> Gate::Create(const GateOptions&) {
  return std::unique_ptr<Gate>(new StubGate());
}

std::string Redact(absl::string_view text, const std::vector<Finding>& findings) {
  std::string out;
  size_t at = 0;
  for (const Finding& f : findings) {
    out.append(text.data() + at, f.start - at);
    out.append(Placeholder(f.kind).data(), Placeholder(f.kind).size());
    at = f.end;
  }
  out.append(text.data() + at, text.size() - at);
  return out;
}

}  // namespace kompas::privacy
