// The PII gate: normalization, the detectors, overlap resolution and
// redaction. See gate.h for the contract and internal/ for the detectors.
#include "privacy/gate.h"

#include <algorithm>
#include <map>
#include <utility>

#include "privacy/internal/gazetteer.h"
#include "privacy/internal/normalize.h"
#include "privacy/internal/patterns.h"
#include "privacy/internal/scan_context.h"

namespace kompas::privacy {
namespace {

using internal::Candidate;

// 2026.12-1: Unicode digits and invisibles, double surnames. 2026.12-2 (issue
// 15): name structure, word-names in context, lists, named organisations,
// personal websites, street abbreviations, lower-case postcodes, more dates
// and identifiers.
constexpr absl::string_view kVersion = "2026.12-2";

// Keeps the best candidates that do not overlap: higher priority first, then
// the longer span, then the earlier one.
std::vector<Candidate> Resolve(std::vector<Candidate> candidates) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.end - a.start != b.end - b.start) return a.end - a.start > b.end - b.start;
    return a.start < b.start;
  });
  std::map<uint32_t, uint32_t> taken;  // start -> end
  std::vector<Candidate> kept;
  for (const Candidate& c : candidates) {
    auto next = taken.lower_bound(c.start);
    if (next != taken.end() && next->first < c.end) continue;
    if (next != taken.begin() && std::prev(next)->second > c.start) continue;
    taken.emplace(c.start, c.end);
    kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return a.start < b.start; });
  return kept;
}

class GateImpl final : public Gate {
 public:
  GateImpl(std::unique_ptr<internal::Gazetteer> gazetteer, std::unique_ptr<internal::Patterns> patterns)
      : gazetteer_(std::move(gazetteer)), patterns_(std::move(patterns)) {}

  std::vector<Finding> Scan(absl::string_view text, const AllowList* allow) const override {
    internal::NormalizedText norm;
    internal::Normalize(text, &norm);
    internal::ScanContext ctx(norm.text(), *gazetteer_);
    internal::DetectPatterns(*patterns_, &ctx);
    internal::DetectNumbers(&ctx);
    internal::DetectIdCues(&ctx);
    internal::DetectAddresses(&ctx);
    internal::DetectInstitutions(&ctx);
    internal::DetectPersons(&ctx);

    std::vector<Finding> findings;
    for (const Candidate& c : Resolve(std::move(ctx.candidates()))) {
      auto [start, end] = norm.ToOriginal(c.start, c.end);
      if (!findings.empty() && start < findings.back().end) start = findings.back().end;
      if (start >= end) continue;
      if (allow != nullptr && !allow->empty() && allow->Allows(text.substr(start, end - start))) continue;
      findings.push_back(Finding{c.kind, c.kind == Kind::kInstitution ? Severity::kWarn : Severity::kBlock,
                                 start, end, c.confidence});
    }
    return findings;
  }

  absl::string_view version() const override { return kVersion; }

 private:
  std::unique_ptr<internal::Gazetteer> gazetteer_;
  std::unique_ptr<internal::Patterns> patterns_;
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
  std::string folded;
  for (const std::string& t : terms) {
    internal::FoldCase(t, &folded);
    terms_.push_back(folded);
  }
  std::sort(terms_.begin(), terms_.end());
  terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
}

bool AllowList::Allows(absl::string_view finding_text) const {
  std::string folded;
  internal::FoldCase(finding_text, &folded);
  return std::binary_search(terms_.begin(), terms_.end(), folded);
}

absl::StatusOr<std::unique_ptr<Gate>> Gate::Create(const GateOptions& options) {
  absl::StatusOr<std::unique_ptr<internal::Gazetteer>> gazetteer =
      internal::Gazetteer::Load({options.gazetteer_dir, options.dictionary});
  if (!gazetteer.ok()) return gazetteer.status();
  absl::StatusOr<std::unique_ptr<internal::Patterns>> patterns = internal::Patterns::Compile();
  if (!patterns.ok()) return patterns.status();
  return std::unique_ptr<Gate>(new GateImpl(*std::move(gazetteer), *std::move(patterns)));
}

namespace {

// The description of a hidden control (see gate.h), or empty.
absl::string_view HiddenControlName(int32_t cp) {
  switch (cp) {
    case 0x202A: return "a left-to-right embedding";
    case 0x202B: return "a right-to-left embedding";
    case 0x202C: return "a pop directional formatting";
    case 0x202D: return "a left-to-right override";
    case 0x202E: return "a right-to-left override";
    case 0x2066: return "a left-to-right isolate";
    case 0x2067: return "a right-to-left isolate";
    case 0x2068: return "a first strong isolate";
    case 0x2069: return "a pop directional isolate";
    case 0x200E: return "a left-to-right mark";
    case 0x200F: return "a right-to-left mark";
    case 0x061C: return "an Arabic letter mark";
    default: break;
  }
  if (cp >= 0x206A && cp <= 0x206F) return "a deprecated format control";
  if (cp >= 0xE0000 && cp <= 0xE007F) return "a tag character";
  return {};
}

}  // namespace

std::optional<HiddenControl> FindHiddenControl(absl::string_view text) {
  std::optional<HiddenControl> found;
  size_t i = 0;
  while (i < text.size()) {
    // Every hidden control is encoded in 2 (U+061C), 3 or 4 bytes whose
    // lead byte is 0xD8, 0xE2 or 0xF3: skip everything else cheaply.
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c != 0xD8 && c != 0xE2 && c != 0xF3) {
      ++i;
      continue;
    }
    const size_t len = internal::Utf8SequenceLength(text, i);
    if (len == 0) {
      ++i;
      continue;
    }
    const int32_t cp = internal::DecodeUtf8(text, i, len);
    if (absl::string_view name = HiddenControlName(cp); !name.empty()) {
      if (!found.has_value()) found = HiddenControl{cp, i, 0, name};
      ++found->count;
    }
    i += len;
  }
  return found;
}

std::string Redact(absl::string_view text, const std::vector<Finding>& findings) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (const Finding& f : findings) {
    if (f.start < at || f.end > text.size() || f.start >= f.end) continue;  // defensive
    out.append(text.data() + at, f.start - at);
    out.append(Placeholder(f.kind).data(), Placeholder(f.kind).size());
    at = f.end;
  }
  out.append(text.data() + at, text.size() - at);
  return out;
}

}  // namespace kompas::privacy
