// Person names. Three kinds of evidence, from strong to weak:
//  1. a cue: a title ("mevrouw", "dhr.", "juf" — swept into the span) or a
//     relation/role ("zoon", "collega", "wijkagent") followed by a name-shaped
//     word: capitalized, initials + surname, particles + surname, or — in
//     hurried notes — a lowercase word from the name lists ("mw bakker");
//  2. the gazetteers: a capitalized first name that is not an ordinary Dutch
//     word, or one that is but stands mid-sentence (Dutch capitalizes no
//     common nouns) or is followed by a surname; initials + surname; a
//     capitalized surname mid-sentence that is no ordinary word or place;
//  3. the document itself: once "Visser" is a name, every other capitalized
//     "Visser" in the same text is too.
// A name extends over particles (van, de, der, el), hyphenated parts and
// following capitalized words on the same line.
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "privacy/internal/scan_context.h"
#include "privacy/internal/text_util.h"

namespace kompas::privacy::internal {
namespace {

// Cue words written with a period that does not end the sentence.
bool IsAbbreviation(absl::string_view folded) {
  for (absl::string_view a : {"dhr", "mw", "mevr", "mvr", "mnr", "mr", "dr", "drs", "ir", "ing", "prof", "fam",
                              "ds", "clt", "gr", "st"}) {
    if (folded == a) return true;
  }
  return false;
}

constexpr uint16_t kNeverName = kNotName | kTitleCue | kRelationCue | kMonth | kIdCue | kInstitution;

class PersonFinder {
 public:
  explicit PersonFinder(ScanContext* ctx) : ctx_(*ctx), tokens_(ctx->tokens()), in_name_(tokens_.size(), 0) {}

  void Run() {
    FindCued();
    FindGazetteer();
    Propagate();
  }

 private:
  bool Word(size_t i) const { return ctx_.Is(i, TokenType::kWord); }
  bool Cap(size_t i) const { return Word(i) && ctx_.HasShape(i, kCap) && !ctx_.HasShape(i, kAllCaps); }
  bool SameLineSpace(size_t i) const {
    return i < tokens_.size() && (tokens_[i].shape & kSpaceBefore) && !(tokens_[i].shape & kNewlineBefore);
  }
  bool Initial(size_t i) const {
    return Word(i) && ctx_.HasShape(i, kCap) && tokens_[i].end - tokens_[i].start == 1 &&
           ctx_.IsPunct(i + 1, '.') && ctx_.Adjacent(i + 1);
  }
  bool Particle(size_t i) const { return Word(i) && (ctx_.Flags(i) & kParticle); }

  // A capitalized word that may be (part of) a surname after a name start.
  bool SurnameWord(size_t i) const {
    if (!Cap(i)) return false;
    uint16_t f = ctx_.Flags(i);
    if (f & kNeverName) return false;
    if ((f & kPlace) && !(f & (kSurname | kFirstName))) return false;
    return true;
  }

  // A lowercase word that may be part of a name after a hyphen: not a
  // closed-class word; after particles anything else ("bakker-de jong"),
  // directly after the hyphen a listed name ("jansen-bakker"), so that
  // "Jansen-achtige" stays a compound.
  bool LowerNamePart(size_t i, bool after_particle) const {
    if (!Word(i) || !ctx_.HasShape(i, kLowerStart) || tokens_[i].end - tokens_[i].start < 2) return false;
    uint16_t f = ctx_.FullFlags(i);
    if (f & (kFunctionWord | kNeverName | kParticle)) return false;
    return after_particle || (f & (kFirstName | kSurname));
  }

  // The second half of a double surname after the hyphen at token k, which
  // directly follows the first half: "Jansen-Bos", "Jansen-de Vries",
  // "De Jong-Van Dijk", "jansen-bakker", "Jansen-MULDER". Returns its last
  // token, or npos. REDACT must not leave it visible ("[NAAM]-de Vries").
  size_t HyphenatedPart(size_t k) const {
    if (k + 1 >= tokens_.size() || !ctx_.IsPunct(k, '-') || !ctx_.Adjacent(k) || !ctx_.Adjacent(k + 1)) {
      return npos;
    }
    const size_t first = k + 1;
    size_t p = first;
    while (Particle(p) && p - first < 3 && (p == first || SameLineSpace(p))) ++p;
    const bool after_particle = p > first;
    if (after_particle && !SameLineSpace(p)) return npos;
    if (SurnameWord(p) || LowerNamePart(p, after_particle)) return p;
    if (Word(p) && ctx_.HasShape(p, kAllCaps) && !(ctx_.Flags(p) & kNeverName)) return p;
    return npos;
  }

  // Extends a name whose last token is `e` over particles, hyphenated parts
  // and following capitalized words; returns the new last token.
  size_t Extend(size_t e) const {
    for (int words = 0; words < 4; ++words) {
      size_t k = e + 1;
      if (size_t part = HyphenatedPart(k); part != npos) {
        e = part;
        continue;
      }
      if (!SameLineSpace(k)) break;
      size_t p = k;
      while (p < tokens_.size() && Particle(p) && SameLineSpace(p) && p - k < 3) ++p;
      if (p > k) {
        if (SameLineSpace(p) && SurnameWord(p)) {
          e = p;
          continue;
        }
        break;
      }
      if (SurnameWord(k) && !ctx_.SentenceStart(k)) {
        e = k;
        continue;
      }
      break;
    }
    return e;
  }

  // Extends a lowercase name ("mw jansen") over hyphenated parts only.
  size_t ExtendHyphenated(size_t e) const {
    for (int parts = 0; parts < 2; ++parts) {
      size_t part = HyphenatedPart(e + 1);
      if (part == npos) break;
      e = part;
    }
    return e;
  }

  // A name starting at token j after a cue; returns its last token or npos.
  size_t NameAfterCue(size_t j, bool title) const {
    if (j >= tokens_.size() || (tokens_[j].shape & kNewlineBefore && !title)) return npos;
    if (Initial(j)) {
      size_t k = j;
      while (Initial(k)) k += 2;
      size_t p = k;
      while (Particle(p) && p - k < 3) ++p;
      if (Cap(p) && !(ctx_.Flags(p) & kNeverName)) return Extend(p);
      return npos;
    }
    // After a title, lowercase particles open a surname ("mw. de Wit",
    // "gezin el Khattabi"); after a role they are mostly a preposition
    // ("gezinsvoogd van de William Schrikker Stichting").
    if (Particle(j) && (title || ctx_.HasShape(j, kCap))) {
      size_t p = j;
      while (Particle(p) && p - j < 3) ++p;
      if (p > j && SameLineSpace(p) && SurnameWord(p)) return Extend(p);
      if (!Cap(j)) return npos;
    }
    if (Cap(j)) {
      uint16_t f = ctx_.Flags(j);
      if (f & kNeverName) return npos;
      if (!title && (f & kPlace) && !(f & (kFirstName | kSurname))) return npos;
      return Extend(j);
    }
    if (Word(j) && ctx_.HasShape(j, kLowerStart) && tokens_[j].end - tokens_[j].start >= 3) {
      uint16_t f = ctx_.FullFlags(j);
      if (f & (kFunctionWord | kNeverName | kParticle)) return npos;
      if (title && (f & (kFirstName | kSurname))) {
        // "mw bakker + dochter" is a name; "mevrouw steeds vaker valt" is not:
        // an ordinary word counts only where the sentence does not go on.
        if (!(f & kDictWord)) return ExtendHyphenated(j);
        bool continues = Word(j + 1) && ctx_.HasShape(j + 1, kLowerStart) && SameLineSpace(j + 1);
        if (!continues) return ExtendHyphenated(j);
      }
      if (!title && (f & kFirstName) && !(f & kDictWord)) return ExtendHyphenated(j);
    }
    return npos;
  }

  void Mark(size_t first_token, size_t name_start, size_t last, float confidence) {
    for (size_t k = name_start; k <= last; ++k) {
      if (in_name_[k]) return;
    }
    for (size_t k = name_start; k <= last; ++k) in_name_[k] = 1;
    ctx_.Add(Kind::kPerson, tokens_[first_token].start, tokens_[last].end, confidence, kPriorityPerson);
    for (size_t k = name_start; k <= last; ++k) {
      if (Word(k) && tokens_[k].end - tokens_[k].start >= 2 && !Particle(k)) {
        bool lower = ctx_.HasShape(k, kLowerStart);
        auto [it, inserted] = known_.emplace(std::string(ctx_.Folded(k)), lower);
        if (!inserted) it->second = it->second || lower;
        any_known_lower_ = any_known_lower_ || lower;
      }
    }
  }

  void FindCued() {
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (!Word(i)) continue;
      uint16_t f = ctx_.Flags(i);
      bool title = f & kTitleCue;
      if (!title && !(f & kRelationCue)) continue;
      size_t j = i + 1;
      if (ctx_.IsPunct(j, '.') && ctx_.Adjacent(j) && IsAbbreviation(ctx_.Folded(i))) ++j;  // dhr.
      else if (!title && (ctx_.IsPunct(j, ':') || ctx_.IsPunct(j, '('))) ++j;  // Moeder: / Moeder (
      // A title after a relation: "Vader, meneer R. Bakker" is found at "meneer".
      size_t last = NameAfterCue(j, title);
      if (last == npos) continue;
      Mark(title ? i : j, j, last, title ? 0.9f : 0.85f);
      i = last;
    }
  }

  void FindGazetteer() {
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (in_name_[i]) continue;
      if (Initial(i) && (i == 0 || !ctx_.IsPunct(i - 1, '.') || !ctx_.Adjacent(i))) {
        size_t k = i;
        while (Initial(k)) k += 2;
        size_t p = k;
        while (Particle(p) && p - k < 3) ++p;
        if (Cap(p) && !(ctx_.Flags(p) & kNeverName) && SameLineSpace(k)) {
          uint16_t fp = ctx_.Flags(p);
          if ((fp & (kSurname | kFirstName)) || !(fp & kDictWord)) {
            size_t last = Extend(p);
            Mark(i, i, last, 0.8f);
            i = last;
          }
        }
        continue;
      }
      if (!Cap(i)) continue;
      uint16_t f = ctx_.Flags(i);
      if (f & (kNeverName | kFunctionWord | kParticle)) continue;
      if (i > 0 && ctx_.Adjacent(i) && (ctx_.IsPunct(i - 1, '@') || ctx_.IsPunct(i - 1, '/') ||
                                        ctx_.IsPunct(i - 1, '.') || ctx_.IsPunct(i - 1, '-'))) {
        continue;  // inside a handle, URL or compound
      }
      bool start = ctx_.SentenceStart(i);
      bool next_surname = SameLineSpace(i + 1) && SurnameWord(i + 1) &&
                          ((ctx_.Flags(i + 1) & kSurname) || !(ctx_.Flags(i + 1) & kDictWord));
      bool next_particle_name = false;
      if (SameLineSpace(i + 1) && Particle(i + 1) && ctx_.HasShape(i + 1, kLowerStart)) {
        size_t p = i + 1;
        while (Particle(p) && p - i < 4) ++p;
        next_particle_name = SameLineSpace(p) && SurnameWord(p);
      }
      bool age_follows = ctx_.IsPunct(i + 1, '(') && ctx_.Is(i + 2, TokenType::kNumber) && ctx_.IsPunct(i + 3, ')');
      bool anchor = false;
      float confidence = 0.7f;
      if (f & kFirstName) {
        if (f & kPlace) {
          anchor = next_surname || next_particle_name;
        } else if (!(f & kDictWord)) {
          anchor = true;
          confidence = 0.8f;
        } else {
          anchor = !start || next_surname || next_particle_name || age_follows;
        }
      } else if (f & kSurname) {
        anchor = !start && !(f & (kDictWord | kPlace));
        confidence = 0.6f;
      }
      if (!anchor) continue;
      size_t last = Extend(i);
      Mark(i, i, last, confidence);
      i = last;
    }
  }

  void Propagate() {
    if (known_.empty()) return;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (in_name_[i] || !Word(i) || tokens_[i].end - tokens_[i].start < 2) continue;
      if (ctx_.HasShape(i, kAllCaps)) continue;
      bool lower = ctx_.HasShape(i, kLowerStart);
      if (lower && !any_known_lower_) continue;
      auto it = known_.find(ctx_.Folded(i));
      if (it == known_.end() || (lower && !it->second)) continue;
      if (i > 0 && ctx_.Adjacent(i) && (ctx_.IsPunct(i - 1, '@') || ctx_.IsPunct(i - 1, '/') ||
                                        ctx_.IsPunct(i - 1, '.') || ctx_.IsPunct(i - 1, '-'))) {
        continue;
      }
      size_t last = lower ? i : Extend(i);
      Mark(i, i, last, 0.75f);
      i = last;
    }
  }

  static constexpr size_t npos = static_cast<size_t>(-1);
  ScanContext& ctx_;
  const std::vector<Token>& tokens_;
  std::vector<char> in_name_;
  // Case-folded words of the names found so far -> seen in lowercase.
  absl::flat_hash_map<std::string, bool> known_;
  bool any_known_lower_ = false;
};

}  // namespace

void DetectPersons(ScanContext* ctx) { PersonFinder(ctx).Run(); }

}  // namespace kompas::privacy::internal
