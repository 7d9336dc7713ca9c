// Where an annotation sits in a text, and how it finds its place again after
// the text is edited. Pure functions: no I/O, no state, safe from any thread.
//
// An anchor follows the W3C Web Annotation model: a text-quote selector (the
// quoted `exact` text with a little `prefix` and `suffix` context) plus a
// position selector (byte offsets). When the text changes, Reanchor keeps the
// anchor where it was if the quote is still there, moves it to the one place
// the quote and its context point to, or reports it orphaned — it never
// guesses, and never drops the quote, so an orphaned annotation can still be
// shown with the words it was about.
//
//   absl::StatusOr<TextAnchor> a = AnchorQuote(old_text, "privé-situatie");
//   Reanchored r = Reanchor(*a, new_text);
//   if (r.outcome != AnchorOutcome::kOrphaned) {
//     // new_text.substr(r.anchor.start, r.anchor.end - r.anchor.start) == a->exact
//   }
//
// All offsets are UTF-8 byte offsets (as in the privacy gate's findings), and
// every offset these functions produce falls between code points, so a span
// never splits a multi-byte character such as "é" or "ë".
#ifndef KOMPAS_DOMAIN_ANCHORING_H_
#define KOMPAS_DOMAIN_ANCHORING_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kompas::domain {

// Bytes of context kept before and after a quote. Shortened to the nearest
// code point boundary, so a prefix or suffix may be up to 3 bytes shorter,
// and shorter still at the start or end of the text. Longer context tells
// repeated quotes apart more often but costs storage on every annotation;
// 32 bytes is a handful of words, the same order as common W3C clients.
inline constexpr size_t kAnchorContextBytes = 32;

// A span of one text field, described both by position and by quote.
struct TextAnchor {
  std::string exact;   // the quoted text; never empty in a valid anchor
  std::string prefix;  // up to kAnchorContextBytes of text just before `exact`
  std::string suffix;  // up to kAnchorContextBytes of text just after `exact`
  size_t start = 0;    // byte offset of the first byte of `exact`
  size_t end = 0;      // byte offset just past `exact`: [start, end)

  friend bool operator==(const TextAnchor&, const TextAnchor&) = default;
};

// Anchors the span [start, end) of `text`. INVALID_ARGUMENT when the span is
// empty, reversed, runs past the end of the text, or splits a UTF-8 sequence.
// Error messages name offsets only, never the text itself.
[[nodiscard]] absl::StatusOr<TextAnchor> MakeAnchor(absl::string_view text, size_t start,
                                                    size_t end);

// Anchors the occurrence of `exact` in `text`, for clients that send the
// selected words rather than offsets. The hints are the text the client saw
// just before and after its selection; among several occurrences, the one
// whose surroundings share the most bytes with the hints is chosen (the same
// rule Reanchor uses). A lone occurrence is taken whatever the hints say.
// Errors (messages never repeat the quote):
//   INVALID_ARGUMENT, reason QUOTE_NOT_FOUND: `exact` is empty or absent.
//   FAILED_PRECONDITION, reason QUOTE_AMBIGUOUS: `exact` occurs more than
//     once and the hints do not single out one occurrence; the message says
//     how many times it occurs and asks for a longer quote or hint.
[[nodiscard]] absl::StatusOr<TextAnchor> AnchorQuote(absl::string_view text,
                                                     absl::string_view exact,
                                                     absl::string_view prefix_hint = "",
                                                     absl::string_view suffix_hint = "");

enum class AnchorOutcome {
  kKept,      // the quote is still at the same offsets
  kMoved,     // the quote was found elsewhere; offsets updated
  kOrphaned,  // the quote is gone, or could be in more than one place
};

struct Reanchored {
  AnchorOutcome outcome = AnchorOutcome::kOrphaned;
  // kKept/kMoved: the anchor in the new text, prefix and suffix refreshed
  // from it. kOrphaned: the input anchor unchanged (last known quote,
  // context and offsets), so a later edit that restores the words can
  // re-anchor it.
  TextAnchor anchor;
};

// Re-anchors `anchor` in `new_text`, in this order:
//  1. Kept: `exact` is still at [start, end).
//  2. Moved: `exact` occurs elsewhere and either occurs only once, or one
//     occurrence's surroundings match the anchor's prefix and suffix strictly
//     better than every other occurrence's (scored by the bytes of `prefix`
//     that end right before it plus the bytes of `suffix` that follow it).
//  3. Orphaned: otherwise — the quote is absent, or two occurrences match
//     equally well. Proximity to the old offsets never decides between
//     occurrences: a tie is reported, not guessed.
// An anchor with an empty `exact` is always orphaned. The quote is never
// rewritten: in every outcome the result's `exact` equals the input's.
Reanchored Reanchor(const TextAnchor& anchor, absl::string_view new_text);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_ANCHORING_H_
