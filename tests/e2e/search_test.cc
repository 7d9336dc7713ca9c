// End to end: search and annotations through the kompas CLI against a real
// kompasd seeded with the demo community. A member finds the school's
// question by a paraphrase and by an inflected word, annotates words of its
// situation, and sees the annotation orphaned once the author edits those
// words away; the W3C form of the list is JSON.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kompas/v1/annotation.pb.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/search.pb.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

// The demo case about a school asking whether a pupil is known to the
// wijkteam, by its title.
constexpr char kSchoolTitle[] = "De basisschool vraagt of een leerling bekend is bij het wijkteam";
// Words of its situation, and the situation without them.
constexpr char kQuote[] = "zonder ontbijt";

class SearchE2eTest : public KompasdTest {
 protected:
  void SetUp() override { StartServer(); }

  // The school case, found by its title in `case list`.
  v1::Case SchoolCase() {
    CommandResult r = Cli("bram-enschede", {"--json", "case", "list", "--all"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto all = ParseJson<v1::ListCasesResponse>(r.out, /*ignore_unknown_fields=*/true);
    for (const v1::Case& c : all.cases()) {
      if (c.title() == kSchoolTitle) return c;
    }
    ADD_FAILURE() << "the demo data has no school case:\n" << r.out;
    return {};
  }
};

TEST_F(SearchE2eTest, FindsTheSchoolCaseByAParaphraseAndAnInflectedWord) {
  const v1::Case school = SchoolCase();
  ASSERT_FALSE(school.name().empty());

  // Among the cases it comes first. (Over all kinds the demo standard "Bij een
  // vraag van school: eerst de ouders" may rank above it.)
  CommandResult r =
      Cli("bram-enschede",
          {"--json", "search", "school wil weten of kind bekend is bij wijkteam", "--kind", "case"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto found = ParseJson<v1::SearchResponse>(r.out, /*ignore_unknown_fields=*/true);
  ASSERT_GT(found.results_size(), 0) << r.out;
  EXPECT_EQ(found.results(0).name(), school.name()) << r.out;
  EXPECT_EQ(found.results(0).kind(), v1::SEARCH_KIND_CASE);

  // Human form: kind and title, name, and the snippet with the matching
  // words in brackets (stdout is not a terminal).
  r = Cli("bram-enschede", {"search", "school wil weten of kind bekend is bij wijkteam"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("case  ", kSchoolTitle, "\n  ", school.name(), "\n")));
  EXPECT_THAT(r.out, HasSubstr("[bekend]"));

  // "scholen" finds "school"; only cases when asked.
  r = Cli("bram-enschede", {"--json", "search", "scholen", "--kind", "case", "--limit", "50"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto inflected = ParseJson<v1::SearchResponse>(r.out, /*ignore_unknown_fields=*/true);
  bool has_school = false;
  for (const v1::SearchResult& result : inflected.results()) {
    EXPECT_EQ(result.kind(), v1::SEARCH_KIND_CASE) << r.out;
    has_school = has_school || result.name() == school.name();
  }
  EXPECT_TRUE(has_school) << r.out;

  // A bad flag is a usage error, before any call.
  r = Cli("bram-enschede", {"search", "school", "--kind", "dossier"});
  EXPECT_EQ(r.exit_code, 2) << r.out;

  // The related-material commands answer for the case.
  r = Cli("bram-enschede", {"case", "similar", school.name(), "--limit", "3"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr(absl::StrCat("  ", school.name(), "\n"))));
  r = Cli("bram-enschede", {"case", "standards", school.name()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(SearchE2eTest, AnAnnotationIsOrphanedWhenItsWordsAreEditedAway) {
  const v1::Case school = SchoolCase();
  ASSERT_FALSE(school.name().empty());
  ASSERT_THAT(school.situation(), HasSubstr(kQuote));

  // bram annotates words of anna's case; the bare id works too.
  const std::string id = school.name().substr(school.name().rfind('/') + 1);
  CommandResult r =
      Cli("bram-enschede", {"--json", "annotate", id, "--field", "situation", "--quote", kQuote,
                            "--tag", "signalen", "--motivation", "questioning",
                            "Is dit een zorgsignaal dat de school zelf moet oppakken?"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto created = ParseJson<v1::Annotation>(r.out, /*ignore_unknown_fields=*/true);
  EXPECT_EQ(created.target(), school.name());
  EXPECT_EQ(created.state(), v1::ANNOTATION_STATE_ANCHORED);
  EXPECT_EQ(created.quote().exact(), kQuote);

  r = Cli("anna-zaanstad", {"annotations", school.name()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(created.name()));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("[", kQuote, "]")));  // marked in its line
  EXPECT_THAT(r.out, HasSubstr("te laat"));                        // with its context
  EXPECT_THAT(r.out, HasSubstr("signalen"));
  EXPECT_THAT(r.out, HasSubstr("Is dit een zorgsignaal"));
  EXPECT_THAT(r.out, Not(HasSubstr("orphaned")));

  // anna edits the words away.
  std::string situation = school.situation();
  situation.replace(situation.find(kQuote), std::string(kQuote).size(), "moe");
  r = Cli("anna-zaanstad", {"case", "update", school.name(), "--situation", situation});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = Cli("bram-enschede", {"annotations", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(orphaned — the words were edited away)"));
  EXPECT_THAT(r.out, HasSubstr(kQuote));  // the last quote

  // W3C Web Annotation JSON-LD: valid JSON, with both selectors.
  r = Cli("bram-enschede", {"annotations", school.name(), "--format", "w3c"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string w3c(absl::StripAsciiWhitespace(r.out));
  ASSERT_TRUE(absl::StartsWith(w3c, "[")) << r.out;
  google::protobuf::Value parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(w3c, &parsed).ok()) << r.out;
  ASSERT_EQ(parsed.list_value().values_size(), 1) << r.out;
  const auto& fields = parsed.list_value().values(0).struct_value().fields();
  EXPECT_EQ(fields.at("@context").string_value(), "http://www.w3.org/ns/anno.jsonld");
  EXPECT_EQ(fields.at("type").string_value(), "Annotation");
  EXPECT_EQ(fields.at("id").string_value(), created.name());
  EXPECT_EQ(fields.at("motivation").string_value(), "questioning");
  EXPECT_THAT(w3c, HasSubstr("TextQuoteSelector"));
  EXPECT_THAT(w3c, HasSubstr("TextPositionSelector"));
  EXPECT_THAT(w3c, HasSubstr("\"purpose\": \"tagging\""));

  // bram deletes it; the list is empty.
  r = Cli("bram-enschede", {"annotation", "delete", created.name()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("bram-enschede", {"annotations", school.name()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("No annotations"));
}

}  // namespace
}  // namespace kompas::e2e
