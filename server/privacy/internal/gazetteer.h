// Word lists the PII gate consults: first names, surnames, streets and places
// from frogdata, ordinary Dutch words from wdutch, plus the gate's own small
// lists (cue words, organisations and other capitalized non-names). Loaded
// once by Gazetteer::Load into one arena and one hash map keyed by the
// case-folded word, so a lookup during a scan is a single probe with an
// absl::string_view and no allocation. Immutable after Load: thread-safe.
#ifndef KOMPAS_PRIVACY_INTERNAL_GAZETTEER_H_
#define KOMPAS_PRIVACY_INTERNAL_GAZETTEER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kompas::privacy::internal {

// Bit flags of a case-folded word.
enum WordFlag : uint16_t {
  kFirstName = 1 << 0,     // voornamen.ner
  kSurname = 1 << 1,       // familienamen.ner (single words)
  kDictWord = 1 << 2,      // a lowercase entry of the Dutch word list
  kPlace = 1 << 3,         // town, municipality, province, country
  kStreet = 1 << 4,        // a one-word street name (straten-nld.ner)
  kNotName = 1 << 5,       // capitalized words that are never names here
  kTitleCue = 1 << 6,      // mevrouw, dhr, juf: swept into the PERSON span
  kRelationCue = 1 << 7,   // moeder, zoon, collega: a name may follow
  kParticle = 1 << 8,      // van, de, der, el, …: inside a name
  kFunctionWord = 1 << 9,  // closed-class Dutch words: never a lowercase name
  kIdCue = 1 << 10,        // dossiernummer, clientnr, kenmerk: an id follows
  kInstitution = 1 << 11,  // basisschool, praktijk, vestiging: a name follows
  kMonth = 1 << 12,        // januari, jan, mrt, …
  kSpeechVerb = 1 << 13,   // belde, zei, vertelde: a name may stand before it
  kListCue = 1 << 14,      // aanwezig, afwezig, notulist: a list of names follows
  kCareOrg = 1 << 15,      // Lentis, Dimence, Accare: a named care organisation
};

// Lowercases `in` per code point (utf8proc) into *out, replacing its
// contents. ASCII takes a fast path.
void FoldCase(absl::string_view in, std::string* out);

class Gazetteer {
 public:
  struct Paths {
    std::string gazetteer_dir;
    std::string dictionary;
  };
  // FAILED_PRECONDITION naming the missing file and its Debian package.
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Load(const Paths& paths);

  // Flags of a case-folded word from all lists; 0 when unknown.
  uint16_t Flags(absl::string_view folded) const { return ListFlags(folded) | BuiltinFlags(folded); }
  // Flags from the large lists only (names, words, places, streets).
  uint16_t ListFlags(absl::string_view folded) const {
    auto it = words_.find(folded);
    if (it != words_.end()) return it->second;
    return dict_hashes_.contains(DictHash(folded)) ? kDictWord : 0;
  }
  // Flags from the gate's own small lists (cues, particles, function words,
  // not-names, institutions, months): a cheap, cache-resident lookup.
  uint16_t BuiltinFlags(absl::string_view folded) const {
    auto it = builtins_.find(folded);
    return it == builtins_.end() ? 0 : it->second;
  }
  // Whether a case-folded multi-word street name ("koningin julianalaan") is
  // known.
  bool IsStreet(absl::string_view folded) const { return streets_.contains(folded); }
  // Whether a case-folded two-word surname from frogdata's list ("oude
  // kotte", "ter haar", "van dijk") is known.
  bool IsMultiWordSurname(absl::string_view folded) const { return multi_surnames_.contains(folded); }
  // Whether a case-folded multi-word place ("den haag", "de bilt") is known.
  bool IsMultiWordPlace(absl::string_view folded) const {
    auto it = words_.find(folded);
    return it != words_.end() && (it->second & kPlace);
  }

  size_t word_count() const { return words_.size(); }
  size_t street_count() const { return streets_.size(); }
  // Approximate heap bytes held (arena + tables).
  size_t MemoryBytes() const;

 private:
  Gazetteer() = default;
  absl::Status LoadDictionary(const std::string& path);
  absl::Status LoadFile(const std::string& path, absl::string_view package, uint16_t flag,
                        bool lowercase_only, absl::string_view strip_prefix);

  // Chunks of folded text the tables point into; chunks never move.
  std::vector<std::unique_ptr<std::string>> arena_;
  absl::flat_hash_map<absl::string_view, uint16_t> words_;
  absl::flat_hash_map<absl::string_view, uint16_t> builtins_;  // points into static data
  absl::flat_hash_set<absl::string_view> streets_;
  absl::flat_hash_set<absl::string_view> multi_surnames_;
  // Ordinary words that are in no other list, kept as 64-bit hashes only
  // (8 bytes each instead of the word plus a table slot): a collision could
  // only make an unknown word look ordinary, at odds of ~4e5 / 2^64.
  static uint64_t DictHash(absl::string_view folded) {
    return std::hash<std::string_view>{}(std::string_view(folded.data(), folded.size()));
  }
  absl::flat_hash_set<uint64_t> dict_hashes_;
};

}  // namespace kompas::privacy::internal

#endif  // KOMPAS_PRIVACY_INTERNAL_GAZETTEER_H_
