// Word-level diffs of texts and of a standard's content, for DiffRevisions
// and DiffKompas. Pure functions: no I/O, no state, safe from any thread.
//
// A text is cut into tokens that are runs of non-whitespace ("e-mails,") and
// runs of ASCII whitespace (" ", "\n\n"); whitespace bytes never occur inside
// a multi-byte UTF-8 sequence, so no code point is ever split. The diff is
// over those tokens, so the EQUAL and DELETE segments concatenate to exactly
// the old text and the EQUAL and INSERT segments to exactly the new one.
//
//   std::vector<v1::DiffSegment> d = DiffWords("Deel geen volledige e-mails",
//                                              "Deel geen hele e-mails");
//   ReadableDiff(d) == "Deel geen [-volledige-]{+hele+} e-mails"
#ifndef KOMPAS_DOMAIN_TEXT_DIFF_H_
#define KOMPAS_DOMAIN_TEXT_DIFF_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "kompas/v1/standard.pb.h"

namespace kompas::domain {

// The diff is a shortest edit script (Myers' O(ND) algorithm) over the tokens
// between the common prefix and suffix. Its bookkeeping grows with the square
// of the number of changed tokens D, so beyond this many cells (D of about
// 2,000 tokens, some 1,000 changed words; 16 MB) the changed middle is shown
// as one deletion followed by one insertion instead: still exact, only
// coarser. Standards are at most 20,000 bytes per text, so this bounds the
// time and memory one request can take.
inline constexpr size_t kMaxDiffCells = 4'000'000;

// Word-level diff of two texts. Segments alternate between EQUAL and
// changes (a DELETE, an INSERT, or a DELETE followed by an INSERT); adjacent
// segments never share an op. For a readable result, a single whitespace
// EQUAL between two replaced words is folded into them ("grote rode" →
// "kleine blauwe" is one change), and a pure insertion or deletion starts at
// a word rather than at the space before it where both are possible.
// Identical non-empty texts give one EQUAL segment; two empty texts give none.
std::vector<v1::DiffSegment> DiffWords(absl::string_view before, absl::string_view after);

// The segments as one line of text: equal text as is, deleted text in
// [-…-], inserted text in {+…+}, e.g. "Deel geen [-volledige-]{+hele+} e-mails".
std::string ReadableDiff(const std::vector<v1::DiffSegment>& segments);

// One FieldDiff per field of StandardContent that differs, in field order:
// title, kind, modality, statement, rationale, laws, themes, audiences. Enums
// are compared and shown by their names (STANDARD_KIND_NO_GO), repeated
// fields joined with ", ". Empty when the contents are equal.
std::vector<v1::FieldDiff> DiffContent(const v1::StandardContent& before,
                                       const v1::StandardContent& after);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_TEXT_DIFF_H_
