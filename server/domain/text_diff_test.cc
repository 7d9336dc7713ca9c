#include "domain/text_diff.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr auto kEqual = v1::DiffSegment::OP_EQUAL;
constexpr auto kDelete = v1::DiffSegment::OP_DELETE;
constexpr auto kInsert = v1::DiffSegment::OP_INSERT;

// Segments as (op, text) pairs, which gtest prints readably on failure.
using Plain = std::vector<std::pair<v1::DiffSegment::Op, std::string>>;

Plain ToPlain(const std::vector<v1::DiffSegment>& segments) {
  Plain out;
  for (const v1::DiffSegment& s : segments) out.emplace_back(s.op(), s.text());
  return out;
}

Plain ToPlain(const v1::FieldDiff& diff) {
  return ToPlain(std::vector<v1::DiffSegment>(diff.segments().begin(), diff.segments().end()));
}

// The invariants every diff keeps: the old text is EQUAL + DELETE, the new
// text EQUAL + INSERT, no segment is empty and no two neighbours share an op.
void ExpectExact(const std::string& before, const std::string& after) {
  SCOPED_TRACE(absl::StrCat("before: \"", before, "\"\nafter: \"", after, "\""));
  std::vector<v1::DiffSegment> segments = DiffWords(before, after);
  std::string old_text, new_text;
  for (size_t i = 0; i < segments.size(); ++i) {
    const v1::DiffSegment& s = segments[i];
    EXPECT_FALSE(s.text().empty()) << "segment " << i;
    if (i > 0) {
      EXPECT_NE(segments[i - 1].op(), s.op()) << "segment " << i;
    }
    if (s.op() != kInsert) old_text += s.text();
    if (s.op() != kDelete) new_text += s.text();
  }
  EXPECT_EQ(old_text, before);
  EXPECT_EQ(new_text, after);
}

TEST(DiffWordsTest, IdenticalTextsAreOneEqualSegment) {
  const std::string text = "Deel geen volledige e-mails in een dossier.";
  EXPECT_THAT(ToPlain(DiffWords(text, text)), ElementsAre(std::pair{kEqual, text}));
}

TEST(DiffWordsTest, TwoEmptyTextsHaveNoSegments) {
  EXPECT_THAT(DiffWords("", ""), IsEmpty());
  EXPECT_EQ(ReadableDiff({}), "");
}

TEST(DiffWordsTest, EmptyToTextIsOneInsertion) {
  std::vector<v1::DiffSegment> d = DiffWords("", "Leg alleen de kern vast.");
  EXPECT_THAT(ToPlain(d), ElementsAre(std::pair{kInsert, std::string("Leg alleen de kern vast.")}));
  EXPECT_EQ(ReadableDiff(d), "{+Leg alleen de kern vast.+}");
}

TEST(DiffWordsTest, TextToEmptyIsOneDeletion) {
  std::vector<v1::DiffSegment> d = DiffWords("Leg alleen de kern vast.", "");
  EXPECT_THAT(ToPlain(d), ElementsAre(std::pair{kDelete, std::string("Leg alleen de kern vast.")}));
  EXPECT_EQ(ReadableDiff(d), "[-Leg alleen de kern vast.-]");
}

TEST(DiffWordsTest, OneWordReplacedInTheMiddle) {
  std::vector<v1::DiffSegment> d =
      DiffWords("Deel geen volledige e-mails in een dossier; leg alleen de kern vast",
                "Deel geen hele e-mails in een dossier; leg alleen de kern vast");
  EXPECT_THAT(ToPlain(d),
              ElementsAre(std::pair{kEqual, std::string("Deel geen ")},
                          std::pair{kDelete, std::string("volledige")},
                          std::pair{kInsert, std::string("hele")},
                          std::pair{kEqual, std::string(" e-mails in een dossier; leg alleen de "
                                                        "kern vast")}));
  EXPECT_EQ(ReadableDiff(d),
            "Deel geen [-volledige-]{+hele+} e-mails in een dossier; leg alleen de kern vast");
}

TEST(DiffWordsTest, NeighbouringReplacementsReadAsOneChange) {
  std::vector<v1::DiffSegment> d = DiffWords("de grote rode auto", "de kleine blauwe auto");
  EXPECT_THAT(ToPlain(d), ElementsAre(std::pair{kEqual, std::string("de ")},
                                      std::pair{kDelete, std::string("grote rode")},
                                      std::pair{kInsert, std::string("kleine blauwe")},
                                      std::pair{kEqual, std::string(" auto")}));
  EXPECT_EQ(ReadableDiff(d), "de [-grote rode-]{+kleine blauwe+} auto");
}

TEST(DiffWordsTest, InsertedAndDeletedWordsStartAtTheWord) {
  EXPECT_EQ(ReadableDiff(DiffWords("Deel e-mails", "Deel geen e-mails")),
            "Deel {+geen +}e-mails");
  EXPECT_EQ(ReadableDiff(DiffWords("a b c", "a c")), "a [-b -]c");
  EXPECT_EQ(ReadableDiff(DiffWords("a b c", "a X b Y c")), "a {+X +}b {+Y +}c");
}

TEST(DiffWordsTest, DutchTextWithAccents) {
  const std::string before = "Overleg eerst met de cliënt over één gezamenlijk plan";
  const std::string after = "Overleg eerst met de cliënt en zijn ouders over één plan";
  std::vector<v1::DiffSegment> d = DiffWords(before, after);
  EXPECT_THAT(ToPlain(d),
              ElementsAre(std::pair{kEqual, std::string("Overleg eerst met de cliënt ")},
                          std::pair{kInsert, std::string("en zijn ouders ")},
                          std::pair{kEqual, std::string("over één ")},
                          std::pair{kDelete, std::string("gezamenlijk ")},
                          std::pair{kEqual, std::string("plan")}));
  EXPECT_EQ(ReadableDiff(d),
            "Overleg eerst met de cliënt {+en zijn ouders +}over één [-gezamenlijk -]plan");
  // A word that differs only in an accent is a different word, whole.
  EXPECT_EQ(ReadableDiff(DiffWords("de cliënt belt", "de client belt")),
            "de [-cliënt-]{+client+} belt");
}

TEST(DiffWordsTest, WhitespaceChangesAreKept) {
  EXPECT_EQ(ReadableDiff(DiffWords("Eerst dit.\nDan dat.", "Eerst dit.\n\nDan dat.")),
            "Eerst dit.[-\n-]{+\n\n+}Dan dat.");
}

TEST(DiffWordsTest, SegmentsConcatenateBackToBothTexts) {
  const std::pair<std::string, std::string> pairs[] = {
      {"", ""},
      {"a", "a"},
      {" ", ""},
      {"  leading and trailing  ", "leading  and\ttrailing"},
      {"Deel geen volledige e-mails", "Deel nooit volledige of halve e-mails"},
      {"één twee drie", "drie twee één"},
      {"x y x y x y", "y x y x"},
      {"Vraag toestemming.\n\nLeg vast waarom.", "Leg vast waarom.\n\nVraag toestemming."},
      {"de de de de", "de"},
  };
  for (const auto& [before, after] : pairs) {
    ExpectExact(before, after);
    ExpectExact(after, before);
  }
}

TEST(DiffWordsTest, RandomEditsConcatenateBackToBothTexts) {
  const std::vector<std::string> words = {"de", "cliënt", "één", "e-mails,", "dossier.",
                                          "ß", "\xF0\x9F\x99\x82", "en", "\n", " ", "\t"};
  std::mt19937 random(20240601);  // fixed: the same texts on every run
  auto text = [&](int length) {
    std::string out;
    for (int i = 0; i < length; ++i) out += words[random() % words.size()];
    return out;
  };
  for (int i = 0; i < 200; ++i) {
    ExpectExact(text(static_cast<int>(random() % 30)), text(static_cast<int>(random() % 30)));
  }
}

TEST(DiffWordsTest, LargeTextWithFewChangesStaysFineGrained) {
  std::vector<std::string> before_words, after_words;
  for (int i = 0; i < 5000; ++i) {
    before_words.push_back(absl::StrCat("w", i));
    after_words.push_back(i == 1000 || i == 4000 ? absl::StrCat("v", i) : absl::StrCat("w", i));
  }
  std::vector<v1::DiffSegment> d =
      DiffWords(absl::StrJoin(before_words, " "), absl::StrJoin(after_words, " "));
  ASSERT_EQ(d.size(), 7u);
  EXPECT_EQ(d[1].text(), "w1000");
  EXPECT_EQ(d[2].text(), "v1000");
}

TEST(DiffWordsTest, BeyondTheCapTheMiddleIsOneDeletionAndOneInsertion) {
  // 3,000 different words on each side: some 6,000 token edits, whose trace
  // would need far more than kMaxDiffCells.
  std::vector<std::string> before_words, after_words;
  for (int i = 0; i < 3000; ++i) {
    before_words.push_back(absl::StrCat("oud", i));
    after_words.push_back(absl::StrCat("nieuw", i));
  }
  const std::string before = absl::StrCat("Begin ", absl::StrJoin(before_words, " "), " eind");
  const std::string after = absl::StrCat("Begin ", absl::StrJoin(after_words, " "), " eind");
  EXPECT_THAT(ToPlain(DiffWords(before, after)),
              ElementsAre(std::pair{kEqual, std::string("Begin ")},
                          std::pair{kDelete, absl::StrJoin(before_words, " ")},
                          std::pair{kInsert, absl::StrJoin(after_words, " ")},
                          std::pair{kEqual, std::string(" eind")}));
}

v1::StandardContent Content() {
  v1::StandardContent c;
  c.set_title("Geen volledige e-mails in het dossier");
  c.set_kind(v1::STANDARD_KIND_NO_GO);
  c.set_modality(v1::MODALITY_MUST_NOT);
  c.set_statement("Deel geen volledige e-mails in een dossier; leg alleen de kern vast.");
  c.set_rationale("Een e-mail bevat vaak gegevens van derden.");
  c.add_laws("Jeugdwet");
  c.add_laws("Wmo 2015");
  c.add_themes("dossiervorming");
  c.add_audiences(v1::AUDIENCE_C);
  c.add_audiences(v1::AUDIENCE_D);
  return c;
}

TEST(DiffContentTest, EqualContentHasNoDiffs) {
  EXPECT_THAT(DiffContent(Content(), Content()), IsEmpty());
}

TEST(DiffContentTest, KindChangeShowsTheEnumNames) {
  v1::StandardContent after = Content();
  after.set_kind(v1::STANDARD_KIND_MUST_DO);
  std::vector<v1::FieldDiff> diffs = DiffContent(Content(), after);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].field(), "kind");
  EXPECT_THAT(ToPlain(diffs[0]),
              ElementsAre(std::pair{kDelete, std::string("STANDARD_KIND_NO_GO")},
                          std::pair{kInsert, std::string("STANDARD_KIND_MUST_DO")}));
  EXPECT_EQ(diffs[0].readable(), "[-STANDARD_KIND_NO_GO-]{+STANDARD_KIND_MUST_DO+}");
}

TEST(DiffContentTest, LawsChangeDiffsTheJoinedList) {
  v1::StandardContent after = Content();
  after.set_laws(1, "Participatiewet");
  std::vector<v1::FieldDiff> diffs = DiffContent(Content(), after);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].field(), "laws");
  EXPECT_THAT(ToPlain(diffs[0]), ElementsAre(std::pair{kEqual, std::string("Jeugdwet, ")},
                                             std::pair{kDelete, std::string("Wmo 2015")},
                                             std::pair{kInsert, std::string("Participatiewet")}));
  EXPECT_EQ(diffs[0].readable(), "Jeugdwet, [-Wmo 2015-]{+Participatiewet+}");
}

TEST(DiffContentTest, SeveralFieldsComeInFieldOrder) {
  v1::StandardContent after = Content();
  after.add_audiences(v1::AUDIENCE_A);
  after.set_statement("Deel geen hele e-mails in een dossier; leg alleen de kern vast.");
  after.set_title("Geen hele e-mails in het dossier");
  after.set_modality(v1::MODALITY_SHOULD);
  std::vector<std::string> fields;
  std::vector<v1::FieldDiff> diffs = DiffContent(Content(), after);
  for (const v1::FieldDiff& d : diffs) fields.push_back(d.field());
  EXPECT_THAT(fields, ElementsAre("title", "modality", "statement", "audiences"));
  EXPECT_EQ(diffs[1].readable(), "[-MODALITY_MUST_NOT-]{+MODALITY_SHOULD+}");
  // The comma belongs to the word before it, so the last element changes too.
  EXPECT_EQ(diffs[3].readable(), "AUDIENCE_C, [-AUDIENCE_D-]{+AUDIENCE_D, AUDIENCE_A+}");
}

}  // namespace
}  // namespace kompas::domain
