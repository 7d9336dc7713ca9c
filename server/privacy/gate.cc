// The PII gate: normalization, the detectors, overlap resolution and
// redaction. See gate.h for the contract and internal/ for the detectors.
#include "privacy/gate.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

// A set of byte positions [0, size) as a bit per byte.
class ByteSet {
 public:
  explicit ByteSet(size_t size) : words_(size / 64 + 1, 0) {}
  // Whether any position in [start, end) is in the set.
  bool AnyIn(size_t start, size_t end) const {
    for (size_t w = start / 64; w <= (end - 1) / 64; ++w) {
      if (words_[w] & Mask(w, start, end)) return true;
    }
    return false;
  }
  void Add(size_t start, size_t end) {
    for (size_t w = start / 64; w <= (end - 1) / 64; ++w) words_[w] |= Mask(w, start, end);
  }

 private:
  // The bits of word w that lie in [start, end) (start < end).
  static uint64_t Mask(size_t w, size_t start, size_t end) {
    const size_t lo = std::max(start, w * 64) - w * 64;
    const size_t hi = std::min(end, w * 64 + 64) - w * 64;  // 1..64
    const uint64_t below_hi = hi == 64 ? ~uint64_t{0} : (uint64_t{1} << hi) - 1;
    return below_hi & ~((uint64_t{1} << lo) - 1);
  }
  std::vector<uint64_t> words_;
};

// Keeps the best candidates that do not overlap: higher priority first, then
// the longer span, then the earlier one.
std::vector<Candidate> Resolve(std::vector<Candidate> candidates, size_t text_size) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.end - a.start != b.end - b.start) return a.end - a.start > b.end - b.start;
    return a.start < b.start;
  });
  ByteSet taken(text_size);  // bytes covered by a kept candidate
  std::vector<Candidate> kept;
  for (const Candidate& c : candidates) {
    if (taken.AnyIn(c.start, c.end)) continue;
    taken.Add(c.start, c.end);
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
    for (const Candidate& c : Resolve(std::move(ctx.candidates()), norm.text().size())) {
      auto [start, end] = norm.ToOriginal(c.start, c.end);
      if (!findings.empty() && start < findings.back().end) start = findings.back().end;
      if (start >= end) continue;
      if (allow != nullptr && AllowList::Covers(c.kind) &&
          allow->Allows(text.substr(start, end - start))) {
        continue;
      }
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

bool AllowList::Covers(Kind kind) { return kind == Kind::kPerson || kind == Kind::kInstitution; }

bool AllowList::Allows(absl::string_view finding_text) const {
  if (terms_.empty()) return false;
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

namespace {

// `text` with each finding's span replaced by `placeholder(finding)`; a span
// that overlaps an earlier one or runs past the text is skipped (defensive).
template <typename PlaceholderOfFinding>
std::string ReplaceSpans(absl::string_view text, const std::vector<Finding>& findings,
                         PlaceholderOfFinding placeholder) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (const Finding& f : findings) {
    if (f.start < at || f.end > text.size() || f.start >= f.end) continue;
    out.append(text.data() + at, f.start - at);
    out.append(placeholder(f));
    at = f.end;
  }
  out.append(text.data() + at, text.size() - at);
  return out;
}

}  // namespace

std::string Redact(absl::string_view text, const std::vector<Finding>& findings) {
  return ReplaceSpans(text, findings, [](const Finding& f) { return std::string(Placeholder(f.kind)); });
}

namespace {

// Titles and forms of address, which do not tell persons apart.
bool IsTitleWord(absl::string_view w) {
  for (absl::string_view t : {"mevrouw", "mevr", "mw", "mvr", "meneer", "mnr", "dhr", "heer", "de", "mr", "juf",
                              "juffrouw", "meester", "dokter", "dr", "drs", "ir", "ing", "prof", "familie", "fam",
                              "gezin", "zuster", "broeder", "ds", "dominee"}) {
    if (w == t) return true;
  }
  return false;
}

// Lower-cased words of a span: runs of letters, digits and non-ASCII bytes.
std::vector<std::string> Words(absl::string_view span) {
  std::string folded;
  internal::FoldCase(span, &folded);
  std::vector<std::string> words;
  std::string w;
  for (char c : folded) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      w.push_back(c);
    } else if (!w.empty()) {
      words.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

absl::string_view InstitutionPlaceholder(absl::string_view span) {
  std::string folded;
  internal::FoldCase(span, &folded);
  for (absl::string_view s : {"school", "college", "lyceum", "gymnasium", "atheneum", "mavo", "havo", "vwo",
                              "vmbo", "obs", "cbs", "ikc", "kindcentrum", "kinderopvang", "bso", "kdv"}) {
    if (absl::StrContains(folded, s)) return "[SCHOOL]";
  }
  for (absl::string_view s : {"praktijk", "apotheek", "gezondheidscentrum", "huisarts"}) {
    if (absl::StrContains(folded, s)) return "[PRAKTIJK]";
  }
  return "[INSTELLING]";
}

}  // namespace

Redactor::Entity Redactor::EntityOf(absl::string_view text, const Finding& f) {
  absl::string_view span = text.substr(f.start, f.end - f.start);
  Entity e;
  e.base = std::string(f.kind == Kind::kInstitution ? InstitutionPlaceholder(span) : Placeholder(f.kind));
  std::vector<std::string> words = Words(span);
  if (f.kind == Kind::kPerson) {
    size_t first = 0;
    while (first + 1 < words.size() && IsTitleWord(words[first])) ++first;
    words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(first));
    e.key = absl::StrJoin(words, " ");
  } else {
    e.key = absl::StrJoin(words, "");  // one number however it is grouped or punctuated
  }
  return e;
}

void Redactor::Add(absl::string_view text, const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    if (f.start >= f.end || f.end > text.size()) continue;
    seen_.push_back(EntityOf(text, f));
  }
  resolved_ = false;
}

void Redactor::Resolve() const {
  // Persons: a one-word name is the person of the one fuller name whose
  // first or last word it is; otherwise a person of its own.
  std::map<std::string, std::string> canonical;  // base|key -> base|canonical key
  std::vector<const Entity*> full_persons;
  for (const Entity& e : seen_) {
    if (e.base == Placeholder(Kind::kPerson) && e.key.find(' ') != std::string::npos) full_persons.push_back(&e);
  }
  for (const Entity& e : seen_) {
    std::string id = absl::StrCat(e.base, "|", e.key);
    std::string target = id;
    if (e.base == Placeholder(Kind::kPerson) && e.key.find(' ') == std::string::npos) {
      std::string match;
      int matches = 0;
      for (const Entity* p : full_persons) {
        absl::string_view k = p->key;
        size_t sp = k.find(' '), last = k.rfind(' ');
        if (k.substr(0, sp) == e.key || k.substr(last + 1) == e.key) {
          if (p->key != match) ++matches;
          match = p->key;
        }
      }
      if (matches == 1) target = absl::StrCat(e.base, "|", match);
    }
    canonical.emplace(id, target);
  }
  // Number the distinct values of each placeholder in order of appearance.
  std::map<std::string, std::vector<std::string>> order;  // base -> canonical ids
  for (const Entity& e : seen_) {
    const std::string& target = canonical[absl::StrCat(e.base, "|", e.key)];
    auto& list = order[e.base];
    if (std::find(list.begin(), list.end(), target) == list.end()) list.push_back(target);
  }
  placeholders_.clear();
  for (const auto& [id, target] : canonical) {
    const std::string base = id.substr(0, id.find('|'));
    const auto& list = order[base];
    if (list.size() < 2) {
      placeholders_.emplace_back(id, base);
      continue;
    }
    size_t n = std::find(list.begin(), list.end(), target) - list.begin() + 1;
    placeholders_.emplace_back(id, absl::StrCat(base.substr(0, base.size() - 1), " ", n, "]"));
  }
  std::sort(placeholders_.begin(), placeholders_.end());
  resolved_ = true;
}

std::string Redactor::PlaceholderOf(const Entity& e) const {
  if (!resolved_) Resolve();
  std::string id = absl::StrCat(e.base, "|", e.key);
  auto it = std::lower_bound(placeholders_.begin(), placeholders_.end(), std::make_pair(id, std::string()));
  if (it != placeholders_.end() && it->first == id) return it->second;
  return e.base;  // not added: the bare placeholder, never the text
}

std::string Redactor::Redact(absl::string_view text, const std::vector<Finding>& findings) const {
  return ReplaceSpans(text, findings,
                      [&](const Finding& f) { return PlaceholderOf(EntityOf(text, f)); });
}

}  // namespace kompas::privacy
