// What the detectors share during one scan: the normalized text, its tokens,
// the gazetteer, and the list of candidate findings they append to. One
// ScanContext lives on the stack of one Gate::Scan call; nothing in it is
// shared between threads.
#ifndef KOMPAS_PRIVACY_INTERNAL_SCAN_CONTEXT_H_
#define KOMPAS_PRIVACY_INTERNAL_SCAN_CONTEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "privacy/gate.h"
#include "privacy/internal/gazetteer.h"

namespace kompas::privacy::internal {

enum class TokenType : uint8_t {
  kWord,    // letters (and inner apostrophes): "Visser", "collega's"
  kNumber,  // ASCII digits only: "2024"
  kMixed,   // letters and digits: "3a", "NPK4R71F2", "Q3"
  kPunct,   // any other single code point
};

enum TokenShape : uint8_t {
  kCap = 1 << 0,       // first letter uppercase
  kAllCaps = 1 << 1,   // two or more letters, all uppercase
  kLowerStart = 1 << 2,
  kSpaceBefore = 1 << 3,    // whitespace between this and the previous token
  kNewlineBefore = 1 << 4,  // a line break between this and the previous token
};

struct Token {
  uint32_t start;
  uint32_t end;
  uint32_t fold_start;  // the case-folded token in ScanContext::folded_
  uint32_t fold_end;
  mutable int32_t flags;  // gazetteer flags, -1 until looked up
  TokenType type;
  uint8_t shape;
  mutable bool full;  // whether `flags` includes the large lists
};

// A finding on the normalized text, before overlap resolution.
struct Candidate {
  Kind kind;
  uint32_t start;
  uint32_t end;
  float confidence;
  int priority;  // higher wins an overlap
};

class ScanContext {
 public:
  ScanContext(absl::string_view text, const Gazetteer& gazetteer);

  absl::string_view text() const { return text_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }

  absl::string_view TokenText(size_t i) const {
    return text_.substr(tokens_[i].start, tokens_[i].end - tokens_[i].start);
  }
  // Gazetteer flags of token i (looked up once, case-folded). For a word
  // starting in lowercase only the built-in lists are consulted (cues,
  // particles, function words): most words are lowercase and a probe into
  // the large tables costs a cache miss. FullFlags always consults all.
  uint16_t Flags(size_t i) const {
    const int32_t f = tokens_[i].flags;
    return f >= 0 ? static_cast<uint16_t>(f) : LookUpFlags(i);
  }
  uint16_t FullFlags(size_t i) const;
  // Case-folded text of token i (FoldCase of TokenText(i)), folded once
  // when the context is made; valid as long as the context.
  absl::string_view Folded(size_t i) const {
    return absl::string_view(folded_).substr(tokens_[i].fold_start, tokens_[i].fold_end - tokens_[i].fold_start);
  }

  bool IsPunct(size_t i, char c) const {
    return i < tokens_.size() && tokens_[i].type == TokenType::kPunct &&
           tokens_[i].end - tokens_[i].start == 1 && text_[tokens_[i].start] == c;
  }
  bool Is(size_t i, TokenType t) const { return i < tokens_.size() && tokens_[i].type == t; }
  bool HasShape(size_t i, uint8_t s) const { return i < tokens_.size() && (tokens_[i].shape & s); }
  // Token i directly follows token i-1 with no whitespace.
  bool Adjacent(size_t i) const {
    return i > 0 && i < tokens_.size() && !(tokens_[i].shape & kSpaceBefore);
  }
  // Token i starts a sentence: first token, after a line break, or after
  // . ! ? : ; " or a dash that opens a line.
  bool SentenceStart(size_t i) const;

  void Add(Kind kind, size_t start, size_t end, float confidence, int priority) {
    if (start < end) {
      candidates_.push_back({kind, static_cast<uint32_t>(start), static_cast<uint32_t>(end),
                             confidence, priority});
    }
  }
  std::vector<Candidate>& candidates() { return candidates_; }

 private:
  uint16_t LookUpFlags(size_t i) const;  // Flags(i) the first time

  absl::string_view text_;
  const Gazetteer& gazetteer_;
  std::vector<Token> tokens_;
  std::vector<Candidate> candidates_;
  std::string folded_;  // every token case-folded, in order
};

// Priorities for overlap resolution (higher wins).
inline constexpr int kPriorityEmail = 100;
inline constexpr int kPrioritySocialUrl = 95;
inline constexpr int kPriorityIban = 90;
inline constexpr int kPriorityBsn = 85;
inline constexpr int kPriorityPhone = 80;
inline constexpr int kPriorityDate = 75;
inline constexpr int kPriorityPlate = 72;
inline constexpr int kPriorityPostcode = 70;
inline constexpr int kPriorityId = 65;
inline constexpr int kPriorityHandle = 60;
inline constexpr int kPriorityAddress = 55;
inline constexpr int kPriorityInstitution = 50;
inline constexpr int kPriorityPerson = 40;

class Patterns;  // RE2 patterns, compiled once (patterns.h)

void DetectPatterns(const Patterns& patterns, ScanContext* ctx);
void DetectNumbers(ScanContext* ctx);
void DetectIdCues(ScanContext* ctx);
void DetectAddresses(ScanContext* ctx);
void DetectInstitutions(ScanContext* ctx);
void DetectPersons(ScanContext* ctx);

}  // namespace kompas::privacy::internal

#endif  // KOMPAS_PRIVACY_INTERNAL_SCAN_CONTEXT_H_
