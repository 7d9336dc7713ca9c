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
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
// The same, appended to *out. Returns whether every code point kept its
// byte length (then a byte offset into `in` is one into the folded text).
bool AppendFoldCase(absl::string_view in, std::string* out);

// Flags of short words (up to 16 bytes) in an open-addressing table whose
// keys are the words' bytes packed into two 64-bit integers, so a lookup is
// a multiply and one or two integer compares in one or two cache lines (no
// string hash, no key string to fetch and compare): the gate asks for
// nearly every word it reads. Longer words are not stored.
class ShortWordFlags {
 public:
  static constexpr size_t kMaxLength = 16;

  // Sizes the table for `count` words (the table also grows by itself).
  void Reserve(size_t count);
  // ORs `flags` (non-zero) into the word's flags; the word must be at most
  // kMaxLength bytes.
  void Add(absl::string_view word, uint16_t flags);
  // The word's flags, 0 when it is not in the table (or longer than
  // kMaxLength).
  uint16_t Find(absl::string_view word) const {
    const Slot* s = Lookup(word);
    return s == nullptr ? 0 : s->flags;
  }
  bool Contains(absl::string_view word) const { return Lookup(word) != nullptr; }
  size_t size() const { return size_; }
  size_t MemoryBytes() const { return slots_.capacity() * sizeof(Slot) + tags_.capacity(); }

 private:
  struct Slot;
  const Slot* Lookup(absl::string_view word) const {
    if (word.size() > kMaxLength || slots_.empty()) return nullptr;
    const Key k = KeyOf(word);
    const uint64_t h = Hash(k);
    const uint8_t tag = TagOf(h);
    // The tag bytes (one per slot, a fraction of the slots' size) are read
    // first: a word that is not there rarely touches a slot at all.
    for (size_t i = IndexOf(h);; i = (i + 1) & mask_) {
      const uint8_t t = tags_[i];
      if (t == 0) return nullptr;
      if (t != tag) continue;
      const Slot& s = slots_[i];
      if (s.a == k.a && s.b == k.b && s.len == k.len) return &s;
    }
  }
  size_t IndexOf(uint64_t h) const { return static_cast<size_t>(h >> 32) & mask_; }
  // Seven bits of the hash that the index does not use, and a set high bit
  // (0 marks an empty slot).
  static uint8_t TagOf(uint64_t h) { return static_cast<uint8_t>(0x80 | (h >> 57)); }
  void Grow(size_t capacity);
  struct Key {
    uint64_t a, b;
    uint8_t len;
  };
  struct Slot {
    uint64_t a = 0, b = 0;
    uint16_t flags = 0;
    uint8_t len = 0;
  };
  // Packs up to 16 bytes so that two words of the same length have the
  // same key only if they are equal (the loads overlap for most lengths).
  static Key KeyOf(absl::string_view w) {
    const char* p = w.data();
    const size_t n = w.size();
    Key k{0, 0, static_cast<uint8_t>(n)};
    if (n >= 8) {
      std::memcpy(&k.a, p, 8);
      std::memcpy(&k.b, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      k.a = lo | (static_cast<uint64_t>(hi) << 32);
    } else if (n > 0) {
      k.a = static_cast<uint8_t>(p[0]) | (static_cast<uint64_t>(static_cast<uint8_t>(p[n / 2])) << 8) |
            (static_cast<uint64_t>(static_cast<uint8_t>(p[n - 1])) << 16);
    }
    return k;
  }
  static uint64_t Hash(const Key& k) {
    return (k.a ^ (k.b * 0xC2B2AE3D27D4EB4FULL) ^ k.len) * 0x9E3779B97F4A7C15ULL;
  }
  std::vector<uint8_t> tags_;  // per slot: 0 when empty, else TagOf(its hash)
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

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
    if (folded.size() <= ShortWordFlags::kMaxLength) {
      if (uint16_t f = short_words_.Find(folded); f != 0) return f;
    } else if (auto it = words_.find(folded); it != words_.end()) {
      return it->second;
    }
    return dict_hashes_.contains(DictHash(folded)) ? kDictWord : 0;
  }
  // Flags from the gate's own small lists (cues, particles, function words,
  // not-names, institutions, months): a cheap, cache-resident lookup.
  uint16_t BuiltinFlags(absl::string_view folded) const {
    if (folded.size() <= ShortWordFlags::kMaxLength) return short_builtins_.Find(folded);
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
    if (folded.size() <= ShortWordFlags::kMaxLength) return short_words_.Find(folded) & kPlace;
    auto it = words_.find(folded);
    return it != words_.end() && (it->second & kPlace);
  }

  size_t word_count() const { return short_words_.size() + words_.size(); }
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
  // The lists' words (and multi-word places): those of up to 16 bytes in
  // short_words_, longer ones in words_ (pointing into the arena).
  ShortWordFlags short_words_;
  absl::flat_hash_map<absl::string_view, uint16_t> words_;
  ShortWordFlags short_builtins_;                              // built-in words of up to 16 bytes
  absl::flat_hash_map<absl::string_view, uint16_t> builtins_;  // longer ones; points into static data
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
