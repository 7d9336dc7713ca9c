#include "domain/anchoring.h"

#include <cstddef>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace kompas::domain {
namespace {

using ::kompas::testing::IsOk;
using ::kompas::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// The text an anchor's offsets point at, to compare with its quote.
std::string At(absl::string_view text, const TextAnchor& a) {
  return std::string(text.substr(a.start, a.end - a.start));
}

bool IsBoundary(absl::string_view text, size_t i) {
  return i == 0 || i == text.size() ||
         (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80);
}

// ---------------------------------------------------------------- MakeAnchor

TEST(AnchorMakeTest, QuotesTheSpanWithContext) {
  absl::StatusOr<TextAnchor> a = MakeAnchor("Zij wil geen contact met het wijkteam.", 8, 20);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->exact, "geen contact");
  EXPECT_EQ(a->prefix, "Zij wil ");
  EXPECT_EQ(a->suffix, " met het wijkteam.");
  EXPECT_EQ(a->start, 8u);
  EXPECT_EQ(a->end, 20u);
}

TEST(AnchorMakeTest, ContextIsAtMost32BytesAndNeverSplitsACharacter) {
  // "€" is 3 bytes, so 32 bytes back from the quote falls inside one; the
  // context shrinks to the 10 whole characters (30 bytes) that fit.
  std::string euros;
  for (int i = 0; i < 15; ++i) euros += "€";
  std::string text = euros + "x" + euros;
  absl::StatusOr<TextAnchor> a = MakeAnchor(text, 45, 46);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->exact, "x");
  EXPECT_EQ(a->prefix.size(), 30u);
  EXPECT_EQ(a->suffix.size(), 30u);
  EXPECT_EQ(a->prefix, euros.substr(0, 30));
  EXPECT_EQ(a->suffix, euros.substr(0, 30));

  // Plain ASCII gets the full 32 bytes.
  std::string dots(40, '.');
  a = MakeAnchor(dots + "x" + dots, 40, 41);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->prefix.size(), kAnchorContextBytes);
  EXPECT_EQ(a->suffix.size(), kAnchorContextBytes);
}

TEST(AnchorMakeTest, RefusesEmptyReversedOutOfRangeAndSplitSpans) {
  const std::string text = "café";  // 'é' is bytes 3 and 4
  EXPECT_THAT(MakeAnchor(text, 2, 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(MakeAnchor(text, 3, 1), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeAnchor(text, 0, 6),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("past the end")));
  EXPECT_THAT(MakeAnchor(text, 0, 4),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("splits a UTF-8 character")));
  EXPECT_THAT(MakeAnchor(text, 4, 5), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeAnchor(text, 3, 5), IsOk());
  EXPECT_THAT(MakeAnchor("", 0, 0), StatusIs(absl::StatusCode::kInvalidArgument));
}

// --------------------------------------------------------------- AnchorQuote

TEST(AnchorQuoteTest, FindsAUniqueQuote) {
  absl::StatusOr<TextAnchor> a = AnchorQuote("Zij wil geen contact met het wijkteam.", "contact");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->start, 13u);
  EXPECT_EQ(a->end, 20u);
  EXPECT_EQ(a->prefix, "Zij wil geen ");
}

TEST(AnchorQuoteTest, AbsentOrEmptyQuoteIsInvalidArgument) {
  absl::StatusOr<TextAnchor> a = AnchorQuote("Zij wil geen contact.", "huisarts");
  EXPECT_THAT(a, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not occur")));
  EXPECT_EQ(ReasonOf(a.status()), "QUOTE_NOT_FOUND");
  // The message must not repeat the user's words (they could be personal data).
  EXPECT_THAT(a.status().message(), ::testing::Not(HasSubstr("huisarts")));

  EXPECT_THAT(AnchorQuote("Zij wil geen contact.", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
}

TEST(AnchorQuoteTest, AmbiguousQuoteSaysHowOftenItOccurs) {
  const std::string text = "Bel de huisarts. Mail de huisarts. Vraag de huisarts.";
  absl::StatusOr<TextAnchor> a = AnchorQuote(text, "de huisarts");
  EXPECT_THAT(a, StatusIs(absl::StatusCode::kFailedPrecondition,
                          AllOf(HasSubstr("3 times"), HasSubstr("longer"))));
  EXPECT_EQ(ReasonOf(a.status()), "QUOTE_AMBIGUOUS");
  EXPECT_THAT(a.status().message(), ::testing::Not(HasSubstr("huisarts")));

  // A hint every occurrence matches equally does not help.
  EXPECT_THAT(AnchorQuote(text, "de huisarts", "", "."),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("3 times")));
}

TEST(AnchorQuoteTest, HintsSingleOutOneOccurrence) {
  const std::string text = "Bel de huisarts. Mail de huisarts. Vraag de huisarts.";
  absl::StatusOr<TextAnchor> mail = AnchorQuote(text, "de huisarts", "Mail ");
  ASSERT_THAT(mail, IsOk());
  EXPECT_EQ(mail->start, text.find("de huisarts", 5));
  EXPECT_EQ(At(text, *mail), "de huisarts");

  absl::StatusOr<TextAnchor> last = AnchorQuote(text, "huisarts", "", ".");
  EXPECT_THAT(last, StatusIs(absl::StatusCode::kFailedPrecondition));  // "." follows all three
  last = AnchorQuote(text, "huisarts", "Vraag de ");
  ASSERT_THAT(last, IsOk());
  EXPECT_EQ(last->start, text.rfind("huisarts"));

  absl::StatusOr<TextAnchor> first = AnchorQuote(text, "huisarts", "", ". Mail");
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->start, text.find("huisarts"));
}

TEST(AnchorQuoteTest, NeverMatchesInsideACharacter) {
  // "\xA9" is the second byte of "é": present as bytes, but not as text.
  EXPECT_THAT(AnchorQuote("café", "\xA9"), StatusIs(absl::StatusCode::kInvalidArgument));
}

// ------------------------------------------------------------------ Reanchor

TEST(AnchorReanchorTest, KeptWhenTextAfterTheSpanChanges) {
  const std::string before = "Zij wil geen contact met het wijkteam. Wat nu?";
  absl::StatusOr<TextAnchor> a = AnchorQuote(before, "geen contact");
  ASSERT_THAT(a, IsOk());
  const std::string after = "Zij wil geen contact, maar wel met de GGD.";
  Reanchored r = Reanchor(*a, after);
  EXPECT_EQ(r.outcome, AnchorOutcome::kKept);
  EXPECT_EQ(r.anchor.start, a->start);
  EXPECT_EQ(r.anchor.end, a->end);
  EXPECT_EQ(r.anchor.exact, "geen contact");
  EXPECT_EQ(r.anchor.prefix, "Zij wil ");
  EXPECT_EQ(r.anchor.suffix, ", maar wel met de GGD.");  // refreshed from the new text
}

TEST(AnchorReanchorTest, MovedWhenTextIsInsertedBefore) {
  const std::string before = "Zij wil geen contact met het wijkteam.";
  absl::StatusOr<TextAnchor> a = AnchorQuote(before, "het wijkteam");
  ASSERT_THAT(a, IsOk());
  const std::string inserted = "Na lang aarzelen: ";
  Reanchored r = Reanchor(*a, inserted + before);
  EXPECT_EQ(r.outcome, AnchorOutcome::kMoved);
  EXPECT_EQ(r.anchor.start, a->start + inserted.size());
  EXPECT_EQ(r.anchor.end, a->end + inserted.size());
  EXPECT_EQ(At(inserted + before, r.anchor), "het wijkteam");
  EXPECT_EQ(r.anchor.prefix, "zelen: Zij wil geen contact met ");  // the last 32 bytes
}

TEST(AnchorReanchorTest, MovedToTheOccurrenceWhoseContextMatches) {
  const std::string before = "Eerst belt zij de huisarts. Daarna mailt zij de huisarts opnieuw.";
  const size_t second = before.rfind("de huisarts");
  absl::StatusOr<TextAnchor> a = MakeAnchor(before, second, second + 11);
  ASSERT_THAT(a, IsOk());

  const std::string after =
      "Op maandag, na het overleg, belt zij eerst de huisarts. Daarna mailt zij de huisarts "
      "opnieuw.";
  const size_t new_first = after.find("de huisarts");
  const size_t new_second = after.rfind("de huisarts");
  // The first occurrence is now nearer the old offset; only context can pick
  // the second.
  ASSERT_LT(new_first > second ? new_first - second : second - new_first, new_second - second);

  Reanchored r = Reanchor(*a, after);
  EXPECT_EQ(r.outcome, AnchorOutcome::kMoved);
  EXPECT_EQ(r.anchor.start, new_second);
  EXPECT_EQ(At(after, r.anchor), "de huisarts");
  EXPECT_EQ(r.anchor.suffix, " opnieuw.");
}

TEST(AnchorReanchorTest, OrphanedWhenTheWordsAreDeleted) {
  const std::string before = "Zij wil geen contact met het wijkteam.";
  absl::StatusOr<TextAnchor> a = AnchorQuote(before, "geen contact");
  ASSERT_THAT(a, IsOk());
  Reanchored r = Reanchor(*a, "Zij wil met het wijkteam praten.");
  EXPECT_EQ(r.outcome, AnchorOutcome::kOrphaned);
  EXPECT_EQ(r.anchor, *a);  // last known quote, context and offsets
}

TEST(AnchorReanchorTest, OrphanedWhenTwoOccurrencesMatchEqually) {
  absl::StatusOr<TextAnchor> a = AnchorQuote("Bel de huisarts.", "de huisarts");
  ASSERT_THAT(a, IsOk());
  // Both copies sit after "Bel " and before "."; neither is at the old offset.
  Reanchored r = Reanchor(*a, "Nu: Bel de huisarts. Bel de huisarts.");
  EXPECT_EQ(r.outcome, AnchorOutcome::kOrphaned);
  EXPECT_EQ(r.anchor, *a);
}

TEST(AnchorReanchorTest, OrphanComesBackWhenTheWordsReturn) {
  const std::string before = "Zij wil geen contact met het wijkteam.";
  absl::StatusOr<TextAnchor> a = AnchorQuote(before, "geen contact");
  ASSERT_THAT(a, IsOk());
  Reanchored gone = Reanchor(*a, "Zij wil.");  // shorter than the old offsets
  ASSERT_EQ(gone.outcome, AnchorOutcome::kOrphaned);
  const std::string restored = "Nu wil zij geen contact met het wijkteam.";
  Reanchored back = Reanchor(gone.anchor, restored);
  EXPECT_EQ(back.outcome, AnchorOutcome::kMoved);
  EXPECT_EQ(At(restored, back.anchor), "geen contact");
}

TEST(AnchorReanchorTest, DutchAccentsCountAsBytes) {
  const std::string before = "De cliënt vertelde over haar privé-situatie en over het café.";
  absl::StatusOr<TextAnchor> a = AnchorQuote(before, "privé-situatie");
  ASSERT_THAT(a, IsOk());
  // "De cliënt vertelde over haar " is 29 characters but 30 bytes ("ë" is 2).
  EXPECT_EQ(a->start, 30u);
  EXPECT_EQ(a->end, 45u);  // "privé-situatie": 14 characters, 15 bytes
  EXPECT_EQ(a->prefix, "De cliënt vertelde over haar ");

  const std::string inserted = "Na overleg met de coördinator: ";  // 31 characters, 32 bytes
  ASSERT_EQ(inserted.size(), 32u);
  const std::string after = inserted + before;
  Reanchored r = Reanchor(*a, after);
  EXPECT_EQ(r.outcome, AnchorOutcome::kMoved);
  EXPECT_EQ(r.anchor.start, 62u);
  EXPECT_EQ(r.anchor.end, 77u);
  EXPECT_EQ(At(after, r.anchor), "privé-situatie");

  // Anchors that start or end next to a two-byte letter stay whole.
  absl::StatusOr<TextAnchor> e = AnchorQuote(before, "café");
  ASSERT_THAT(e, IsOk());
  Reanchored kept = Reanchor(*e, before);
  EXPECT_EQ(kept.outcome, AnchorOutcome::kKept);
  EXPECT_EQ(At(before, kept.anchor), "café");
  EXPECT_EQ(kept.anchor.suffix, ".");
}

TEST(AnchorReanchorTest, EmptyQuoteIsAlwaysOrphaned) {
  TextAnchor empty;
  Reanchored r = Reanchor(empty, "Zij wil geen contact.");
  EXPECT_EQ(r.outcome, AnchorOutcome::kOrphaned);
  EXPECT_EQ(r.anchor, empty);
}

// ---------------------------------------------------- randomized property test

// Short words, several sharing letters ("de" is inside "delen" and "melding"),
// so quotes repeat often and context has to do real work.
constexpr absl::string_view kWords[] = {
    "de",    "cliënt",   "wil",     "geen",        "contact",     "met", "het",      "wijkteam",
    "privé", "café",     "overleg", "coördinator", "zorg",        "Wmo", "Jeugdwet", "melding",
    "één",   "gegevens", "delen",   "idee",        "toestemming", "€",   "vraag",    "ruimte"};

struct Span {
  size_t start;
  size_t end;
};

std::vector<Span> WordSpans(absl::string_view text) {
  std::vector<Span> spans;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find(' ', i);
    if (end == absl::string_view::npos) end = text.size();
    spans.push_back({i, end});
    i = end + 1;
  }
  return spans;
}

size_t CountOccurrences(absl::string_view text, absl::string_view exact) {
  size_t n = 0;
  for (size_t p = text.find(exact); p != absl::string_view::npos; p = text.find(exact, p + 1)) {
    ++n;
  }
  return n;
}

// One edit: bytes [from, to) of the text replaced by `with`.
struct Edit {
  size_t from;
  size_t to;
  std::string with;
};

Edit RandomEdit(absl::string_view text, std::mt19937& rng) {
  auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  const std::string word(kWords[pick(std::size(kWords))]);
  const std::vector<Span> words = WordSpans(text);
  const size_t n = words.size();
  const size_t kind = n < 6 ? 0 : pick(3);
  if (kind == 0) {  // insert a word
    size_t i = pick(n + 1);
    if (i == n) return {text.size(), text.size(), " " + word};
    return {words[i].start, words[i].start, word + " "};
  }
  size_t i = pick(n);
  if (kind == 1) {  // delete a word and one space next to it
    if (i + 1 < n) return {words[i].start, words[i + 1].start, ""};
    return {words[i - 1].end, words[i].end, ""};
  }
  return {words[i].start, words[i].end, word};  // replace a word
}

// Where an anchored passage really is after the edits so far, if no edit
// touched it: the ground truth Reanchor can be held to when it is unique.
struct Truth {
  std::optional<Span> span;

  void Apply(const Edit& e) {
    if (!span.has_value()) return;
    if (e.to <= span->start) {  // wholly before (an insertion at start too)
      span->start = span->start - (e.to - e.from) + e.with.size();
      span->end = span->end - (e.to - e.from) + e.with.size();
    } else if (e.from < span->end) {  // overlaps or lands inside
      span.reset();
    }
  }
};

TEST(AnchorPropertyTest, RandomEditsNeverLoseOrMisplaceAnAnchor) {
  std::mt19937 rng(20241122);
  auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  size_t kept = 0, moved = 0, orphaned = 0, checked_truths = 0;

  constexpr int kEpisodes = 8;
  constexpr int kEditsPerEpisode = 50;
  for (int episode = 0; episode < kEpisodes; ++episode) {
    std::vector<std::string> words;
    for (int i = 0; i < 40; ++i) words.emplace_back(kWords[pick(std::size(kWords))]);
    std::string text = absl::StrJoin(words, " ");

    std::vector<TextAnchor> anchors;
    std::vector<std::string> quotes;  // what each anchor quoted when made
    std::vector<Truth> truths;
    const std::vector<Span> spans = WordSpans(text);
    for (int k = 0; k < 6; ++k) {
      size_t first = pick(spans.size() - 2);
      size_t last = first + pick(3);  // 1 to 3 words
      absl::StatusOr<TextAnchor> a = MakeAnchor(text, spans[first].start, spans[last].end);
      ASSERT_THAT(a, IsOk());
      anchors.push_back(*a);
      quotes.push_back(a->exact);
      truths.push_back({Span{a->start, a->end}});
    }

    for (int round = 0; round < kEditsPerEpisode; ++round) {
      SCOPED_TRACE(absl::StrCat("episode ", episode, " round ", round, " text: ", text));
      const Edit edit = RandomEdit(text, rng);
      text.replace(edit.from, edit.to - edit.from, edit.with);
      for (size_t k = 0; k < anchors.size(); ++k) {
        SCOPED_TRACE(absl::StrCat("anchor ", k, " quoting \"", quotes[k], "\""));
        truths[k].Apply(edit);
        const TextAnchor previous = anchors[k];
        const Reanchored r = Reanchor(previous, text);
        ASSERT_EQ(r.anchor.exact, quotes[k]);  // the quote is never lost or rewritten
        const size_t occurrences = CountOccurrences(text, quotes[k]);
        if (r.outcome == AnchorOutcome::kOrphaned) {
          ++orphaned;
          ASSERT_EQ(r.anchor, previous);
        } else {
          if (r.outcome == AnchorOutcome::kKept) {
            ++kept;
          } else {
            ++moved;
          }
          // Points at its own words, on character boundaries, with fresh context.
          ASSERT_LE(r.anchor.end, text.size());
          ASSERT_EQ(At(text, r.anchor), quotes[k]);
          ASSERT_TRUE(IsBoundary(text, r.anchor.start) && IsBoundary(text, r.anchor.end));
          absl::StatusOr<TextAnchor> fresh = MakeAnchor(text, r.anchor.start, r.anchor.end);
          ASSERT_THAT(fresh, IsOk());
          ASSERT_EQ(r.anchor, *fresh);
          if (r.outcome == AnchorOutcome::kKept) {
            ASSERT_EQ(r.anchor.start, previous.start);
          } else {
            ASSERT_NE(r.anchor.start, previous.start);
          }
        }
        if (occurrences == 0) {
          ASSERT_EQ(r.outcome, AnchorOutcome::kOrphaned);
        }
        // A passage no edit touched, quoted nowhere else, must be found where it is.
        if (truths[k].span.has_value() && occurrences == 1) {
          ++checked_truths;
          ASSERT_NE(r.outcome, AnchorOutcome::kOrphaned);
          ASSERT_EQ(r.anchor.start, truths[k].span->start);
        }
        anchors[k] = r.anchor;
      }
    }
  }
  // The edits must have exercised every outcome, or the test proves little.
  EXPECT_GT(kept, 0u);
  EXPECT_GT(moved, 0u);
  EXPECT_GT(orphaned, 0u);
  EXPECT_GT(checked_truths, 0u);
  RecordProperty("kept", static_cast<int>(kept));
  RecordProperty("moved", static_cast<int>(moved));
  RecordProperty("orphaned", static_cast<int>(orphaned));
  RecordProperty("checked_truths", static_cast<int>(checked_truths));
}

}  // namespace
}  // namespace kompas::domain
