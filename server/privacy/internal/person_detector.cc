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
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "privacy/internal/gazetteer.h"
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
    FindLists();
    Propagate();
  }

 private:
  bool Word(size_t i) const { return ctx_.Is(i, TokenType::kWord); }
  bool Cap(size_t i) const { return Word(i) && ctx_.HasShape(i, kCap) && !ctx_.HasShape(i, kAllCaps); }
  bool SameLineSpace(size_t i) const {
    return i < tokens_.size() && (tokens_[i].shape & kSpaceBefore) && !(tokens_[i].shape & kNewlineBefore);
  }
  // An initial with its period: "J.", and abbreviated first names of two to
  // four letters that are no ordinary word, cue or place: "Th.", "Chr.",
  // "Joh.", "Ph.", "Wm.", "Gerh.", "Sj.".
  bool Initial(size_t i) const {
    if (!Word(i) || !ctx_.HasShape(i, kCap) || !ctx_.IsPunct(i + 1, '.') || !ctx_.Adjacent(i + 1)) return false;
    const size_t len = tokens_[i].end - tokens_[i].start;
    if (len == 1) return true;
    if (len > 4) return false;
    for (char c : ctx_.TokenText(i)) {
      if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) return false;
    }
    const uint16_t f = ctx_.Flags(i);
    if (f & (kNeverName | kFunctionWord | kParticle | kPlace | kSurname | kSpeechVerb | kListCue)) return false;
    if ((f & (kDictWord | kFirstName)) && len > 3) return false;
    return ctx_.Folded(i) != "st";
  }
  // One to three capitals without periods before a surname: "AB Visser",
  // "P van der Meer", "M ten Cate" (not "U", the pronoun, nor "O").
  bool UndottedInitials(size_t i) const {
    if (!Word(i) || !SameLineSpace(i + 1)) return false;
    absl::string_view w = ctx_.TokenText(i);
    if (w.size() > 3 || w == "U" || w == "O") return false;
    for (char c : w) {
      if (c < 'A' || c > 'Z') return false;
    }
    return !(ctx_.Flags(i) & (kNeverName | kFunctionWord | kCareOrg));
  }
  // The token after the initials starting at i (i itself if there are none).
  size_t InitialsEnd(size_t i) const {
    size_t k = i;
    while (Initial(k)) k += 2;
    if (k == i && UndottedInitials(i)) k = i + 1;
    return k;
  }
  bool Particle(size_t i) const { return Word(i) && (ctx_.Flags(i) & kParticle); }
  // The token after one particle at q: a particle word ("van", "ter"), "'t",
  // "'s", or the abbreviations "v.d.", "v/d", "vd."; q itself if none.
  size_t ParticleEnd(size_t q) const {
    if (q >= tokens_.size()) return q;
    if (Word(q)) {
      if (tokens_[q].end - tokens_[q].start == 1 && (ctx_.TokenText(q) == "v" || ctx_.TokenText(q) == "V") &&
          q + 2 < tokens_.size() && (ctx_.IsPunct(q + 1, '.') || ctx_.IsPunct(q + 1, '/')) &&
          ctx_.Adjacent(q + 1) && ctx_.Adjacent(q + 2) &&
          (ctx_.TokenText(q + 2) == "d" || ctx_.TokenText(q + 2) == "D")) {
        return ctx_.IsPunct(q + 3, '.') && ctx_.Adjacent(q + 3) ? q + 4 : q + 3;
      }
      if (!(ctx_.Flags(q) & kParticle)) return q;
      if (ctx_.Folded(q) == "vd" && ctx_.IsPunct(q + 1, '.') && ctx_.Adjacent(q + 1)) return q + 2;
      return q + 1;
    }
    if (ctx_.IsPunct(q, '\'') && q + 1 < tokens_.size() && ctx_.Adjacent(q + 1) &&
        (ctx_.TokenText(q + 1) == "t" || ctx_.TokenText(q + 1) == "s")) {
      return q + 2;
    }
    return q;
  }
  // The token after up to three particles from p ("van der", "van 't",
  // "v.d."), each after a space; p itself when none.
  size_t SkipParticles(size_t p) const {
    size_t q = p;
    for (int n = 0; n < 3; ++n) {
      if (q > p && !SameLineSpace(q)) break;
      size_t next = ParticleEnd(q);
      if (next == q) break;
      q = next;
    }
    return q;
  }
  // Words that often follow a name in a hurried note: "mw de graaf vandaag".
  static bool AfterNameWord(absl::string_view f) {
    for (absl::string_view w : {"vandaag", "gisteren", "morgen", "gebeld", "gesproken", "thuis", "niet", "nog",
                                "ook", "is", "was", "heeft", "had", "wil", "gaat", "ging", "kan", "en", "gaf", "gezien",
                                "bezocht", "ivm", "tel", "aanwezig", "afwezig", "ziek", "boos", "akkoord"}) {
      if (f == w) return true;
    }
    return false;
  }
  // A particle that only opens surnames ("van", "de", "ter", "v.d."), not a
  // preposition that may follow a cue ("op", "in", "te").
  bool NameParticle(size_t j) const {
    if (ParticleEnd(j) > j + 1) return true;  // v.d., v/d, 't
    absl::string_view f = ctx_.Folded(j);
    for (absl::string_view w : {"van", "de", "der", "den", "ter", "ten", "vd", "el", "al", "von"}) {
      if (f == w) return true;
    }
    return false;
  }
  // A capitalized first name that is also a month, a function word or
  // another word the gate never takes for a name alone: "Jan", "Mei", "Wil",
  // "Juni". Context decides (see WordNameInContext).
  bool WordName(size_t i) const {
    if (!Cap(i)) return false;
    const uint16_t f = ctx_.Flags(i);
    if (!(f & kFirstName)) return false;
    if (f & (kTitleCue | kRelationCue | kIdCue | kInstitution | kParticle | kCareOrg | kListCue)) return false;
    return f & (kMonth | kNotName | kFunctionWord);
  }
  // "Bosman kwam", "Jan belde": a verb of speaking or coming follows.
  bool SpeechVerbFollows(size_t i) const {
    return SameLineSpace(i + 1) && Word(i + 1) && ctx_.HasShape(i + 1, kLowerStart) &&
           (ctx_.Flags(i + 1) & kSpeechVerb);
  }
  // A dose follows: "Seroquel 25 mg", "Oxazepam 10mg" — a drug, not a name,
  // even after a title ("Mw. Oxazepam 10 mg gestart").
  bool DoseFollows(size_t i) const {
    size_t n = i + 1;
    if (!SameLineSpace(n)) return false;
    if (ctx_.Is(n, TokenType::kMixed)) return IsUnit(ctx_.TokenText(n), true);
    if (!ctx_.Is(n, TokenType::kNumber)) return false;
    ++n;
    if ((ctx_.IsPunct(n, ',') || ctx_.IsPunct(n, '.')) && ctx_.Adjacent(n) && ctx_.Is(n + 1, TokenType::kNumber)) n += 2;
    return n < tokens_.size() && (Word(n) || ctx_.Is(n, TokenType::kMixed)) && IsUnit(ctx_.Folded(n), false);
  }
  static bool IsUnit(absl::string_view w, bool after_digits) {
    if (after_digits) {
      size_t k = 0;
      while (k < w.size() && absl::ascii_isdigit(static_cast<unsigned char>(w[k]))) ++k;
      w.remove_prefix(k);
    }
    std::string u = absl::AsciiStrToLower(w);
    for (absl::string_view x : {"mg", "ml", "mcg", "µg", "g", "gr", "gram", "ie", "dd", "milligram", "microgram",
                                "mmol", "mgr", "eh", "druppels", "tabletten", "tablet", "tabl", "puff", "puffs"}) {
      if (u == x) return true;
    }
    return false;
  }
  // The capitalized word at p after the particles from `first` is a surname:
  // a surname-like word, a listed surname even if it is also a word ("ter
  // Haar", "Van Wijk"), or the whole phrase is a listed surname ("ter Horst").
  bool AfterParticles(size_t first, size_t p) const {
    if (SurnameWord(p)) return true;
    if (!Cap(p)) return false;
    const uint16_t f = ctx_.Flags(p);
    if ((f & kSurname) && !(f & (kTitleCue | kRelationCue | kIdCue | kMonth | kInstitution | kListCue))) return true;
    FoldCase(ctx_.text().substr(tokens_[first].start, tokens_[p].end - tokens_[first].start), &fold_);
    return ctx_.gazetteer().IsMultiWordSurname(fold_);
  }
  // Two capitalized words that frogdata lists as one surname ("Oude Kotte"),
  // or "Oude" before a surname-like word (the Twente and Achterhoek surnames
  // "Oude Groote", "Oude Rengerink").
  bool MultiSurname(size_t i) const {
    if (!Cap(i) || !SameLineSpace(i + 1) || !Cap(i + 1)) return false;
    if (ctx_.Folded(i) == "oude" && !ctx_.SentenceStart(i + 1)) {
      const uint16_t f = ctx_.Flags(i + 1);
      if (!(f & (kDictWord | kPlace | kNeverName))) return true;
    }
    FoldCase(ctx_.text().substr(tokens_[i].start, tokens_[i + 1].end - tokens_[i].start), &fold_);
    return ctx_.gazetteer().IsMultiWordSurname(fold_) && !ctx_.gazetteer().IsMultiWordPlace(fold_);
  }
  // Tokens first..last spell a place ("Den Haag", "De Bilt", "Ter Apel").
  bool PlacePhrase(size_t first, size_t last) const {
    FoldCase(ctx_.text().substr(tokens_[first].start, tokens_[last].end - tokens_[first].start), &fold_);
    return ctx_.gazetteer().IsMultiWordPlace(fold_);
  }
  // Two lowercase first names joined by a hyphen in a hurried note:
  // "jan-pieter", "anne-fleur"; the second no ordinary word.
  bool LowerHyphenFirstNames(size_t i) const {
    if (!Word(i) || !ctx_.HasShape(i, kLowerStart) || !ctx_.IsPunct(i + 1, '-') || !ctx_.Adjacent(i + 1) ||
        !ctx_.Adjacent(i + 2) || !Word(i + 2) || !ctx_.HasShape(i + 2, kLowerStart)) {
      return false;
    }
    if (i > 0 && ctx_.Adjacent(i)) return false;
    const uint16_t a = ctx_.FullFlags(i), b = ctx_.FullFlags(i + 2);
    return (a & kFirstName) && (b & kFirstName) && !(b & (kDictWord | kFunctionWord)) &&
           !(a & (kFunctionWord | kTitleCue | kRelationCue)) && tokens_[i + 2].end - tokens_[i + 2].start >= 3;
  }
  // Two first names joined by a hyphen: "Jan-Pieter", "Anne-Fleur".
  bool HyphenFirstNames(size_t i) const {
    return (ctx_.Flags(i) & kFirstName) && ctx_.IsPunct(i + 1, '-') && ctx_.Adjacent(i + 1) &&
           ctx_.Adjacent(i + 2) && Cap(i + 2) && (ctx_.Flags(i + 2) & kFirstName);
  }

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
    size_t p = SkipParticles(first);
    const bool after_particle = p > first;
    if (after_particle && !SameLineSpace(p)) return npos;
    if ((after_particle ? AfterParticles(first, p) : SurnameWord(p)) || LowerNamePart(p, after_particle)) return p;
    if (!after_particle && Cap(p) && (ctx_.Flags(p) & kFirstName) && !(ctx_.Flags(p) & (kTitleCue | kRelationCue))) {
      return p;  // "Gerrit-Jan"
    }
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
      if (MultiSurname(k)) {  // "Gert Oude Groote"
        e = k + 1;
        continue;
      }
      size_t p = SkipParticles(k);
      if (p > k) {
        if (SameLineSpace(p) && AfterParticles(k, p)) {
          e = p;
          continue;
        }
        break;
      }
      if ((SurnameWord(k) || (WordName(k) && !ctx_.Is(k + 1, TokenType::kNumber))) && !ctx_.SentenceStart(k)) {
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
    if (size_t k = InitialsEnd(j); k > j) {
      size_t p = SkipParticles(k);
      if (MultiSurname(p)) return Extend(p + 1);  // "Chr. Oude Groote"
      if (Cap(p) && !(ctx_.Flags(p) & kNeverName)) return Extend(p);
      if (Initial(j)) return npos;
    }
    if (MultiSurname(j)) return Extend(j + 1);  // "Familie Oude Kotte"
    // After a title, lowercase particles open a surname ("mw. de Wit",
    // "gezin el Khattabi"); after a role they are mostly a preposition
    // ("gezinsvoogd van de William Schrikker Stichting").
    if (size_t p = SkipParticles(j); p > j && (title || ctx_.HasShape(j, kCap))) {
      if (SameLineSpace(p) && AfterParticles(j, p)) return Extend(p);
      // "mw de vries": after a title, particles and a listed surname in lowercase.
      if (title && SameLineSpace(p) && Word(p) && ctx_.HasShape(p, kLowerStart) &&
          tokens_[p].end - tokens_[p].start >= 3 && NameParticle(j) && ctx_.Folded(j - 1) != "gezin") {
        uint16_t fp = ctx_.FullFlags(p);
        // "mw de graaf vandaag" is a name; "mevrouw de deur gewezen" is not.
        bool continues = Word(p + 1) && ctx_.HasShape(p + 1, kLowerStart) && SameLineSpace(p + 1) &&
                         !(ctx_.Flags(p + 1) & kSpeechVerb) && !AfterNameWord(ctx_.Folded(p + 1));
        if ((fp & kSurname) && !(fp & (kFunctionWord | kNeverName | kParticle)) &&
            (!(fp & kDictWord) || !continues)) {
          return ExtendHyphenated(p);
        }
      }
      if (!Cap(j)) return npos;
    }
    if (WordName(j)) return Extend(j);  // "juf Mei", "tante Wil"
    if (Cap(j) && DoseFollows(j)) return npos;
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
      // Most tokens start nothing below: every rule needs a word, and a
      // lowercase word only opens "v.d.", "v/d" or "jan-pieter", with a
      // punctuation token right after it.
      if (!Word(i)) continue;
      if (ctx_.HasShape(i, kLowerStart) && !ctx_.Is(i + 1, TokenType::kPunct)) continue;
      if (size_t k = InitialsEnd(i); k > i && (i == 0 || !ctx_.IsPunct(i - 1, '.') || !ctx_.Adjacent(i))) {
        const bool dotted = Initial(i);
        size_t p = SkipParticles(k);
        if (MultiSurname(p) && SameLineSpace(k)) {  // "A.J. Oude Rengerink"
          size_t last = Extend(p + 1);
          Mark(i, i, last, 0.8f);
          i = last;
          continue;
        }
        if (Cap(p) && !(ctx_.Flags(p) & kNeverName) && SameLineSpace(k) && SameLineSpace(p)) {
          uint16_t fp = ctx_.Flags(p);
          // Without periods, the surname must be a listed one (or come
          // after particles): "AB Visser", not "VO Scholen".
          bool ok = dotted ? ((fp & (kSurname | kFirstName)) || !(fp & kDictWord))
                           : ((fp & kSurname) || (p > k && !(fp & kDictWord))) &&
                                 !((fp & kPlace) && (p == k || !(fp & kSurname))) &&
                                 !(i > 0 && ctx_.Is(i - 1, TokenType::kNumber));  // "7333 AK Apeldoorn"
          if (ok) {
            size_t last = MultiSurname(p) ? Extend(p + 1) : Extend(p);
            Mark(i, i, last, 0.8f);
            i = last;
            continue;
          }
        }
        if (dotted) continue;
      }
      if (Word(i) && ctx_.HasShape(i, kLowerStart) && ParticleEnd(i) > i + 1 &&
          (i == 0 || !ctx_.Adjacent(i))) {  // "v.d. Berg", "v/d Linden"
        size_t p = SkipParticles(i);
        if (SameLineSpace(p) && AfterParticles(i, p)) {
          size_t last = Extend(p);
          Mark(i, i, last, 0.75f);
          i = last;
          continue;
        }
      }
      if (LowerHyphenFirstNames(i)) {  // "jan-pieter belt terug"
        size_t last = i + 2;
        Mark(i, i, last, 0.7f);
        i = last;
        continue;
      }
      if (!Cap(i)) continue;
      uint16_t f = ctx_.Flags(i);
      if (i > 0 && ctx_.Adjacent(i) && (ctx_.IsPunct(i - 1, '@') || ctx_.IsPunct(i - 1, '/') ||
                                        ctx_.IsPunct(i - 1, '.') || ctx_.IsPunct(i - 1, '-'))) {
        continue;  // inside a handle, URL or compound
      }
      bool start = ctx_.SentenceStart(i);
      if (f & kParticle) {
        // A capitalized particle opens a surname: "Ter Haar", "Van der Laan",
        // "De Vries" — unless the words spell a place ("Den Haag").
        size_t p = SkipParticles(i);
        if (p > i && p < tokens_.size() && SameLineSpace(p) && Cap(p) && PlacePhrase(i, p)) {
          i = p;  // "Den Helder": the place's last word is no name either
          continue;
        }
        if (p > i && SameLineSpace(p) && AfterParticles(i, p)) {
          uint16_t fp = ctx_.Flags(p);
          bool ok = start ? ((fp & kSurname) && (!(fp & kDictWord) || p - i >= 2 || SpeechVerbFollows(p)))
                          : ((fp & kSurname) || !(fp & kDictWord));
          if (ok) {
            size_t last = Extend(p);
            Mark(i, i, last, 0.7f);
            i = last;
          }
        }
        continue;
      }
      if (MultiSurname(i) && !(ctx_.Flags(i + 1) & kDictWord)) {  // "Oude Wesselink"
        size_t last = Extend(i + 1);
        Mark(i, i, last, 0.7f);
        i = last;
        continue;
      }
      if (WordName(i)) {
        if (WordNameInContext(i, start)) {
          size_t last = Extend(i);
          Mark(i, i, last, 0.7f);
          i = last;
        }
        continue;
      }
      if (f & (kNeverName | kFunctionWord)) continue;
      if (DoseFollows(i)) continue;
      bool next_surname = SameLineSpace(i + 1) &&
                          ((SurnameWord(i + 1) &&
                            ((ctx_.Flags(i + 1) & kSurname) || !(ctx_.Flags(i + 1) & kDictWord))) ||
                           (WordName(i + 1) && (f & kFirstName) && !ctx_.Is(i + 2, TokenType::kNumber)));
      bool next_particle_name = false;
      if (SameLineSpace(i + 1) && Particle(i + 1) && ctx_.HasShape(i + 1, kLowerStart)) {
        size_t p = SkipParticles(i + 1);
        next_particle_name = p > i + 1 && SameLineSpace(p) && AfterParticles(i + 1, p);
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
          anchor = !start || next_surname || next_particle_name || age_follows || SpeechVerbFollows(i) ||
                   HyphenFirstNames(i);
        }
      } else if (f & kSurname) {
        anchor = (!start && !(f & (kDictWord | kPlace))) || (SpeechVerbFollows(i) && !(f & kPlace));
        confidence = 0.6f;
      }
      if (!anchor) continue;
      size_t last = Extend(i);
      Mark(i, i, last, confidence);
      i = last;
    }
  }

  // Whether the word-name at i ("Jan", "Mei", "Wil") is a name here: a
  // capitalized month or function word mid-sentence (Dutch writes "in mei",
  // "wil je"), before a surname, particles and a surname, a hyphenated first
  // name or a verb of speaking; never right after or before a number
  // ("12 Jan 2020").
  bool WordNameInContext(size_t i, bool start) const {
    if (i > 0 && ctx_.Is(i - 1, TokenType::kNumber)) return false;
    if (SameLineSpace(i + 1) && ctx_.Is(i + 1, TokenType::kNumber)) return false;
    const uint16_t f = ctx_.Flags(i);
    // Function-word names ("Wil") only three letters or longer: "Ze", "U".
    if ((f & kFunctionWord) && !(f & kMonth) && tokens_[i].end - tokens_[i].start < 3) return false;
    if (!start && (f & (kMonth | kFunctionWord))) return true;
    if (SameLineSpace(i + 1) && SurnameWord(i + 1) && !(ctx_.Flags(i + 1) & kPlace) &&
        ((ctx_.Flags(i + 1) & kSurname) || !(ctx_.Flags(i + 1) & kDictWord))) {
      return true;
    }
    if (SameLineSpace(i + 1) && ctx_.HasShape(i + 1, kLowerStart)) {
      size_t p = SkipParticles(i + 1);
      if (p > i + 1 && SameLineSpace(p) && AfterParticles(i + 1, p) && !(ctx_.Flags(p) & kPlace && !(ctx_.Flags(p) & kSurname))) return true;
    }
    if (MultiSurname(i + 1)) return true;
    return HyphenFirstNames(i) || (SpeechVerbFollows(i) && !(f & kFunctionWord));
  }

  // A name in a list: a capitalized word (after initials and particles)
  // that is not a cue, organisation or place. Returns its last token, npos
  // if none.
  size_t ListItem(size_t j) const {
    size_t k = InitialsEnd(j);
    size_t p = SkipParticles(k);
    if (p >= tokens_.size() || !Cap(p) || (p > j && !SameLineSpace(p) && p != k)) return npos;
    const uint16_t f = ctx_.Flags(p);
    if (f & (kTitleCue | kRelationCue | kIdCue | kInstitution | kCareOrg | kListCue)) return npos;
    if ((f & (kNotName | kMonth)) && !WordName(p)) return npos;
    if ((f & kPlace) && !(f & (kFirstName | kSurname))) return npos;
    if (p > j && PlacePhrase(j, p)) return npos;
    if (p > j && (f & kPlace)) return npos;
    if (MultiSurname(p)) return Extend(p + 1);
    return Extend(p);
  }

  bool ListSeparator(size_t i) const {
    return ctx_.IsPunct(i, ',') || ctx_.IsPunct(i, '&') || (Word(i) && ctx_.Folded(i) == "en");
  }

  // "Aanwezig: Bosman, Ter Haar en Wiegersma" — every item after a list cue
  // is a name; "Henk, Jan en Mei" — an item next to a found name is one.
  void FindLists() {
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (!Word(i) || !(ctx_.Flags(i) & kListCue)) continue;
      size_t j = i + 1;
      if (Word(j) && ctx_.HasShape(j, kLowerStart) && j - i < 2 && !ctx_.IsPunct(j, ':')) ++j;  // "Kopie aan:"
      if (!ctx_.IsPunct(j, ':')) continue;
      ++j;
      while (j < tokens_.size() && !(tokens_[j].shape & kNewlineBefore)) {
        if (ListSeparator(j)) {
          ++j;
          continue;
        }
        if (ctx_.IsPunct(j, '(')) {  // "Dekker (notulist)"
          while (j < tokens_.size() && !ctx_.IsPunct(j, ')') && !(tokens_[j].shape & kNewlineBefore)) ++j;
          if (ctx_.IsPunct(j, ')')) ++j;
          continue;
        }
        if (in_name_[j]) {
          while (j < tokens_.size() && in_name_[j]) ++j;
          continue;
        }
        if (Word(j) && (ctx_.Flags(j) & kTitleCue)) {
          ++j;
          if (ctx_.IsPunct(j, '.')) ++j;
          continue;
        }
        size_t last = ListItem(j);
        if (last == npos) break;
        Mark(j, j, last, 0.75f);
        j = last + 1;
      }
    }
    // Neighbours of found names, both ways, until nothing changes.
    for (int round = 0; round < 3; ++round) {
      bool changed = false;
      for (size_t i = 0; i + 2 < tokens_.size(); ++i) {
        if (!ListSeparator(i + 1)) continue;
        if (in_name_[i] && !in_name_[i + 2] && SameLineSpace(i + 2) && ListNeighbour(i + 2)) {
          size_t last = ListItem(i + 2);
          if (last != npos) {
            Mark(i + 2, i + 2, last, 0.7f);
            changed = true;
          }
        } else if (!in_name_[i] && in_name_[i + 2] && ListNeighbour(i) &&
                   (i == 0 || !in_name_[i - 1])) {
          size_t last = ListItem(i);
          if (last == i) {
            Mark(i, i, i, 0.7f);
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
  }

  // A list neighbour must look like a name by itself: a listed first name
  // or surname, or a capitalized word that is no ordinary word.
  bool ListNeighbour(size_t i) const {
    if (!Cap(i)) return false;
    if (ctx_.SentenceStart(i) && i + 1 < tokens_.size() && !ListSeparator(i + 1)) return false;
    const uint16_t f = ctx_.Flags(i);
    if (f & kParticle) return true;
    return (f & (kFirstName | kSurname)) || !(f & kDictWord);
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
  mutable std::string fold_;
};

}  // namespace

void DetectPersons(ScanContext* ctx) { PersonFinder(ctx).Run(); }

}  // namespace kompas::privacy::internal
