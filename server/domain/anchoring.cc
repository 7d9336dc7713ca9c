#include "domain/anchoring.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"

namespace kompas::domain {
namespace {

// True when byte offset `i` of `text` falls between two code points: at either
// end, or before a byte that is not a UTF-8 continuation byte (10xxxxxx).
// Looking at one byte suffices for valid UTF-8, which every stored text is.
bool IsCodePointBoundary(absl::string_view text, size_t i) {
  if (i == 0 || i >= text.size()) return i <= text.size();
  return (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
}

// The anchor of [start, end), which the caller has already checked.
TextAnchor AnchorAt(absl::string_view text, size_t start, size_t end) {
  size_t before = start >= kAnchorContextBytes ? start - kAnchorContextBytes : 0;
  while (!IsCodePointBoundary(text, before)) ++before;  // stops at `start` at the latest
  size_t after = std::min(text.size(), end + kAnchorContextBytes);
  while (!IsCodePointBoundary(text, after)) --after;  // stops at `end` at the latest
  TextAnchor anchor;
  anchor.exact = std::string(text.substr(start, end - start));
  anchor.prefix = std::string(text.substr(before, start - before));
  anchor.suffix = std::string(text.substr(end, after - end));
  anchor.start = start;
  anchor.end = end;
  return anchor;
}

// Start offsets of every occurrence of `exact` in `text`, overlapping ones
// included, that begin and end on code point boundaries.
std::vector<size_t> FindOccurrences(absl::string_view text, absl::string_view exact) {
  std::vector<size_t> found;
  if (exact.empty()) return found;
  for (size_t pos = text.find(exact); pos != absl::string_view::npos;
       pos = text.find(exact, pos + 1)) {
    if (IsCodePointBoundary(text, pos) && IsCodePointBoundary(text, pos + exact.size())) {
      found.push_back(pos);
    }
  }
  return found;
}

// How well the surroundings of the occurrence [start, end) of `text` match
// the expected context: the bytes of `prefix` that end right at `start` plus
// the bytes of `suffix` that begin right at `end`.
size_t ContextScore(absl::string_view text, size_t start, size_t end, absl::string_view prefix,
                    absl::string_view suffix) {
  size_t score = 0;
  while (score < prefix.size() && score < start &&
         prefix[prefix.size() - 1 - score] == text[start - 1 - score]) {
    ++score;
  }
  for (size_t i = 0; i < suffix.size() && end + i < text.size() && suffix[i] == text[end + i];
       ++i) {
    ++score;
  }
  return score;
}

// Which occurrence of a quote to anchor to.
struct Choice {
  size_t occurrences = 0;       // how often the quote occurs at all
  std::optional<size_t> start;  // set when one occurrence stands out
};

// Stands out: the only occurrence, or the one whose context scores strictly
// higher than every other's. A tie is left undecided on purpose: nearness to
// the old offsets is no evidence that the reader meant that occurrence.
Choice ChooseOccurrence(absl::string_view text, absl::string_view exact, absl::string_view prefix,
                        absl::string_view suffix) {
  std::vector<size_t> found = FindOccurrences(text, exact);
  Choice choice{found.size(), std::nullopt};
  if (found.empty()) return choice;
  size_t best = found[0];
  size_t best_score = ContextScore(text, best, best + exact.size(), prefix, suffix);
  bool tied = false;
  for (size_t i = 1; i < found.size(); ++i) {
    size_t score = ContextScore(text, found[i], found[i] + exact.size(), prefix, suffix);
    if (score > best_score) {
      best = found[i];
      best_score = score;
      tied = false;
    } else if (score == best_score) {
      tied = true;
    }
  }
  if (!tied) choice.start = best;
  return choice;
}

}  // namespace

absl::StatusOr<TextAnchor> MakeAnchor(absl::string_view text, size_t start, size_t end) {
  const Facts facts = {{"start", absl::StrCat(start)},
                       {"end", absl::StrCat(end)},
                       {"text_bytes", absl::StrCat(text.size())}};
  if (start >= end) {
    return WithReason(absl::StatusCode::kInvalidArgument, v1::ANCHOR_INVALID,
                      absl::StrCat("anchor span [", start, ", ", end,
                                   ") is empty or reversed; an annotation ",
                                   "needs at least one character of text"),
                      facts);
  }
  if (end > text.size()) {
    return WithReason(absl::StatusCode::kInvalidArgument, v1::ANCHOR_INVALID,
                      absl::StrCat("anchor span [", start, ", ", end,
                                   ") runs past the end of the text (", text.size(), " bytes)"),
                      facts);
  }
  if (!IsCodePointBoundary(text, start) || !IsCodePointBoundary(text, end)) {
    return WithReason(
        absl::StatusCode::kInvalidArgument, v1::ANCHOR_INVALID,
        absl::StrCat(
            "anchor span [", start, ", ", end,
            ") splits a UTF-8 character; offsets count bytes and must fall between characters"),
        facts);
  }
  return AnchorAt(text, start, end);
}

absl::StatusOr<TextAnchor> AnchorQuote(absl::string_view text, absl::string_view exact,
                                       absl::string_view prefix_hint,
                                       absl::string_view suffix_hint) {
  if (exact.empty()) {
    return WithReason(absl::StatusCode::kInvalidArgument, v1::QUOTE_NOT_FOUND,
                      "the quote is empty; an annotation needs at least one character of text");
  }
  Choice choice = ChooseOccurrence(text, exact, prefix_hint, suffix_hint);
  if (choice.occurrences == 0) {
    return WithReason(absl::StatusCode::kInvalidArgument, v1::QUOTE_NOT_FOUND,
                      "the quote does not occur in the text; quote it exactly as it is now");
  }
  if (!choice.start.has_value()) {
    return WithReason(
        absl::StatusCode::kFailedPrecondition, v1::QUOTE_AMBIGUOUS,
        absl::StrCat("the quote occurs ", choice.occurrences,
                     " times in the text and its prefix and suffix do not single out one; ",
                     "quote a longer passage or give a longer prefix or suffix"),
        {{"occurrences", absl::StrCat(choice.occurrences)}});
  }
  return AnchorAt(text, *choice.start, *choice.start + exact.size());
}

Reanchored Reanchor(const TextAnchor& anchor, absl::string_view new_text) {
  const absl::string_view exact = anchor.exact;
  if (exact.empty()) return {AnchorOutcome::kOrphaned, anchor};

  // Compare only when the old span still fits: stored offsets may come from a
  // much longer revision. The boundary checks matter only for text that is
  // not valid UTF-8; a valid quote cannot match mid-character in valid text.
  if (anchor.start <= new_text.size() && exact.size() <= new_text.size() - anchor.start &&
      new_text.substr(anchor.start, exact.size()) == exact &&
      IsCodePointBoundary(new_text, anchor.start) &&
      IsCodePointBoundary(new_text, anchor.start + exact.size())) {
    return {AnchorOutcome::kKept, AnchorAt(new_text, anchor.start, anchor.start + exact.size())};
  }

  Choice choice = ChooseOccurrence(new_text, exact, anchor.prefix, anchor.suffix);
  if (!choice.start.has_value()) return {AnchorOutcome::kOrphaned, anchor};
  return {AnchorOutcome::kMoved, AnchorAt(new_text, *choice.start, *choice.start + exact.size())};
}

}  // namespace kompas::domain
