#include "privacy/internal/scan_context.h"

#include <utf8proc.h>

#include <cstring>

#include "privacy/internal/gazetteer.h"
#include "privacy/internal/normalize.h"
#include "privacy/internal/text_util.h"

namespace kompas::privacy::internal {
namespace {

enum class CharClass : uint8_t { kSpace, kNewline, kLetter, kUpper, kDigit, kOther };

struct AsciiClasses {
  CharClass c[128];
  constexpr AsciiClasses() : c() {
    for (int i = 0; i < 128; ++i) {
      c[i] = (i >= 'a' && i <= 'z')   ? CharClass::kLetter
             : (i >= 'A' && i <= 'Z') ? CharClass::kUpper
             : (i >= '0' && i <= '9') ? CharClass::kDigit
             : (i == '\n' || i == '\r') ? CharClass::kNewline
             : (i == ' ' || i == '\t' || i == '\f' || i == '\v') ? CharClass::kSpace
                                                                 : CharClass::kOther;
    }
  }
};
constexpr AsciiClasses kAscii;

CharClass ClassifyNonAscii(absl::string_view text, size_t i, size_t* len) {
  size_t n = Utf8SequenceLength(text, i);
  if (n == 0) {
    *len = 1;
    return CharClass::kOther;
  }
  *len = n;
  int32_t cp = DecodeUtf8(text, i, n);
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      return CharClass::kUpper;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharClass::kLetter;
    case UTF8PROC_CATEGORY_ZS:
      return CharClass::kSpace;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return CharClass::kNewline;
    default:
      return CharClass::kOther;
  }
}

inline CharClass Classify(absl::string_view text, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    return kAscii.c[c];
  }
  return ClassifyNonAscii(text, i, len);
}

// The end of the run of ASCII lowercase letters starting at text[i].
inline size_t EndOfLowercaseRun(absl::string_view text, size_t i) {
  const size_t n = text.size();
  while (i + 8 <= n) {
    uint64_t x;
    std::memcpy(&x, text.data() + i, 8);
    const uint64_t other = ~BytesIn8<'a', 'z'>(x) & 0x8080808080808080ULL;
    if (other != 0) return i + (__builtin_ctzll(other) >> 3);
    i += 8;
  }
  while (i < n && text[i] >= 'a' && text[i] <= 'z') ++i;
  return i;
}

// Collects tokens in a small array and appends them to the vector in
// blocks: the tokenizer's inner loop then stores plainly instead of calling
// vector::push_back (not inlined) per token.
class TokenBuffer {
 public:
  explicit TokenBuffer(std::vector<Token>* out) : out_(out) {}
  // Fields are stored one by one into the slot: a Token built on the stack
  // and copied whole stalls on store forwarding (byte stores, wide loads).
  void Push(size_t start, size_t end, TokenType type, uint8_t shape) {
    if (n_ == kSize) Flush();
    Token& t = buf_[n_++];
    t.start = t.fold_start = static_cast<uint32_t>(start);
    t.end = t.fold_end = static_cast<uint32_t>(end);
    t.flags = -1;
    t.type = type;
    t.shape = shape;
    t.full = false;
  }
  void Flush() {
    out_->insert(out_->end(), buf_, buf_ + n_);
    n_ = 0;
  }

 private:
  static constexpr size_t kSize = 256;
  std::vector<Token>* out_;
  Token buf_[kSize];
  size_t n_ = 0;
};

}  // namespace

ScanContext::ScanContext(absl::string_view text, const Gazetteer& gazetteer)
    : text_(text), gazetteer_(gazetteer) {
  // Case text has a token per four bytes or so (words, spaces, punctuation):
  // reserving a little more than that spares a reallocation and its copy.
  tokens_.reserve(text.size() / 4 + 16);
  candidates_.reserve(16);
  TokenBuffer buffer(&tokens_);
  uint8_t pending = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t len;
    CharClass cls = Classify(text, i, &len);
    if (cls == CharClass::kSpace) {
      pending |= kSpaceBefore;
      i += len;
      continue;
    }
    if (cls == CharClass::kNewline) {
      pending |= kSpaceBefore | kNewlineBefore;
      i += len;
      continue;
    }
    const uint8_t space_before = pending;
    pending = 0;
    if (cls == CharClass::kOther) {
      buffer.Push(i, i + len, TokenType::kPunct, space_before);
      i += len;
      continue;
    }
    bool letters = false, digits = false, upper_first = cls == CharClass::kUpper,
         all_upper = true;
    int letter_count = 0;
    size_t j = i;
    while (j < text.size()) {
      // A run of lowercase ASCII letters, the bulk of every word, eight
      // bytes at a time (one well-predicted step for most words).
      const size_t run_end = EndOfLowercaseRun(text, j);
      if (run_end > j) {
        letters = true;
        letter_count += static_cast<int>(run_end - j);
        all_upper = false;
        j = run_end;
        continue;
      }
      const unsigned char b = static_cast<unsigned char>(text[j]);
      // Other plain ASCII letters and digits next.
      if (b < 0x80) {
        const CharClass c = kAscii.c[b];
        if (c == CharClass::kLetter) {
          letters = true;
          ++letter_count;
          all_upper = false;
          ++j;
          continue;
        }
        if (c == CharClass::kUpper) {
          letters = true;
          ++letter_count;
          ++j;
          continue;
        }
        if (c == CharClass::kDigit) {
          digits = true;
          ++j;
          continue;
        }
      }
      size_t l;
      CharClass c = Classify(text, j, &l);
      if (c == CharClass::kLetter || c == CharClass::kUpper) {
        letters = true;
        ++letter_count;
        if (c == CharClass::kLetter) all_upper = false;
      } else if (c == CharClass::kDigit) {
        digits = true;
      } else if (text[j] == '\'' && letters && j + 1 < text.size()) {
        // collega's, IB'er: an apostrophe between letters stays inside.
        size_t l2;
        CharClass next = Classify(text, j + 1, &l2);
        if (next != CharClass::kLetter && next != CharClass::kUpper) break;
      } else {
        break;
      }
      j += l;
    }
    uint8_t shape = space_before;
    if (upper_first) shape |= kCap;
    if (cls == CharClass::kLetter) shape |= kLowerStart;
    if (letters && all_upper && letter_count >= 2) shape |= kAllCaps;
    buffer.Push(i, j, letters ? (digits ? TokenType::kMixed : TokenType::kWord) : TokenType::kNumber, shape);
    i = j;
  }
  buffer.Flush();
  // Fold the text once: the detectors ask for folded words many times.
  // Where a code point's lowercase is longer or shorter than itself (rare:
  // "İ"), token offsets differ between the two texts: then fold per token.
  folded_.reserve(text.size());
  if (!AppendFoldCase(text, &folded_)) {
    folded_.clear();
    for (Token& t : tokens_) {
      t.fold_start = static_cast<uint32_t>(folded_.size());
      AppendFoldCase(text.substr(t.start, t.end - t.start), &folded_);
      t.fold_end = static_cast<uint32_t>(folded_.size());
    }
  }
}

uint16_t ScanContext::LookUpFlags(size_t i) const {
  const Token& t = tokens_[i];
  if (t.flags < 0) {
    if (t.type != TokenType::kWord) {
      t.flags = 0;
      t.full = true;
    } else if (t.shape & kLowerStart) {
      t.flags = gazetteer_.BuiltinFlags(Folded(i));
    } else {
      t.flags = gazetteer_.Flags(Folded(i));
      t.full = true;
    }
  }
  return static_cast<uint16_t>(t.flags);
}

uint16_t ScanContext::FullFlags(size_t i) const {
  const Token& t = tokens_[i];
  Flags(i);
  if (!t.full) {
    t.flags |= gazetteer_.ListFlags(Folded(i));
    t.full = true;
  }
  return static_cast<uint16_t>(t.flags);
}

bool ScanContext::SentenceStart(size_t i) const {
  if (i == 0) return true;
  if (tokens_[i].shape & kNewlineBefore) return true;
  const Token& p = tokens_[i - 1];
  if (p.type != TokenType::kPunct) return false;
  char c = text_[p.start];
  if (c == '.') {
    // "dhr. Mertens", "J.P. Hendriks": a period after an abbreviation or an
    // initial does not end the sentence.
    if (i >= 2 && tokens_[i - 2].type == TokenType::kWord &&
        tokens_[i - 2].end - tokens_[i - 2].start <= 4 && (Flags(i - 2) & (kTitleCue))) {
      return false;
    }
    if (i >= 2 && tokens_[i - 2].type == TokenType::kWord &&
        tokens_[i - 2].end - tokens_[i - 2].start == 1) {
      return false;
    }
    return true;
  }
  if (c == '#') {
    // A Markdown heading opens a line: "# Geen kop", "## Aanpak".
    size_t k = i - 1;
    while (k > 0 && IsPunct(k - 1, '#') && Adjacent(k)) --k;
    return k == 0 || (tokens_[k].shape & kNewlineBefore);
  }
  // Not ':' — Dutch continues in lowercase after a colon, so a capital there
  // ("Kinderen: Sem (6)") is a proper noun more often than a sentence start.
  return c == '!' || c == '?' || c == ';' || c == '"' || c == '\'' ||
         c == '*' || c == '>' || c == '|' ||
         ((c == '-' || c == '(') && (i == 1 || (p.shape & kNewlineBefore))) ||
         static_cast<unsigned char>(c) >= 0x80;  // bullets, guillemets
}

}  // namespace kompas::privacy::internal
