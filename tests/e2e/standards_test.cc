// End to end: a professional standard from a draft to a published and
// exported kompas, with the kompas CLI and kompas-export as subprocesses
// against a real kompasd seeded with the demo community (four adopted
// standards, kompas v1, a quorum of 3 municipalities). Also a municipality's
// position, and the comply-or-explain register that counts it.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/kompas.pb.h"
#include "kompas/v1/standard.pb.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

class StandardsE2eTest : public KompasdTest {
 protected:
  void SetUp() override { StartServer(); }

  // `kompas-export --version VERSION --format FORMAT --out PATH` as anna.
  CommandResult ExportVersion(const std::string& version, const std::string& format,
                              const std::string& path) {
    return Export("anna-zaanstad", {"--version", version, "--format", format, "--out", path});
  }

  // `version` in all three formats, into files `prefix`.markdown, .json and .csv.
  void ExportAll(const std::string& version, const std::string& prefix) {
    for (const char* format : {"markdown", "json", "csv"}) {
      CommandResult r = ExportVersion(version, format, Path(absl::StrCat(prefix, ".", format)));
      ASSERT_EQ(r.exit_code, 0) << format << ": " << r.err;
    }
  }

  // An OPEN demo case of `member`, for a standard to grow out of.
  std::string OpenCaseOf(const std::string& member) {
    CommandResult r = Cli(member, {"--json", "case", "list", "--status", "open"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto open = ParseJson<v1::ListCasesResponse>(r.out, /*ignore_unknown_fields=*/true);
    for (const v1::Case& c : open.cases()) {
      if (c.author() == absl::StrCat(kMembers, member)) return c.name();
    }
    ADD_FAILURE() << "the demo data has no OPEN case by " << member << ":\n" << r.out;
    return "";
  }
};

TEST_F(StandardsE2eTest, DraftToPublishedKompasThenAnErratumMakesTheNextVersion) {
  const std::string c = OpenCaseOf("dewi-westland");
  ASSERT_FALSE(c.empty());
  const std::string title = "Scheid je petten";
  const std::string statement =
      "Gebruik wat je als wijkcoach weet nooit in een andere rol, ook niet met goede bedoelingen.";

  // dewi (steward, Westland) drafts it from her case and proposes it.
  CommandResult r = Cli("dewi-westland",
                        {"--json", "standard", "new", "--title", title, "--kind", "rule-of-thumb",
                         "--modality", "should", "--statement", statement, "--law", "AVG",
                         "--audience", "D", "--from-case", c});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::Standard drafted = ParseJson<v1::Standard>(r.out, /*ignore_unknown_fields=*/true);
  EXPECT_EQ(drafted.status(), v1::STANDARD_STATUS_DRAFT);
  EXPECT_EQ(drafted.content().kind(), v1::STANDARD_KIND_RULE_OF_THUMB);
  EXPECT_THAT(drafted.source_cases(), ::testing::ElementsAre(c));
  const std::string s = drafted.name();
  // The bare id works as well as the full name.
  const std::string id = s.substr(s.rfind('/') + 1);
  r = Cli("dewi-westland", {"standard", "propose", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("is now proposed"));

  // Endorsed from Zaanstad and Enschede: one municipality short.
  r = Cli("anna-zaanstad", {"standard", "endorse", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("bram-enschede", {"standard", "endorse", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("2 of 3 municipalities"));
  r = Cli("dewi-westland", {"standard", "adopt", s});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(r.err, HasSubstr("1 more municipality"));

  // Westland makes three; a second endorsement by the same member is refused.
  r = Cli("dewi-westland", {"standard", "endorse", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("3 of 3 municipalities"));
  r = Cli("bram-enschede", {"standard", "endorse", s});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("ALREADY_EXISTS"));
  r = Cli("dewi-westland", {"standard", "adopt", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("adopted " + s));
  r = Cli("eva-amsterdam", {"standard", "show", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("adopted"));
  EXPECT_THAT(r.out, HasSubstr("3 of 3 municipalities"));
  EXPECT_THAT(r.out, HasSubstr(c));

  // The demo community has v1, so this is v2.
  r = Cli("dewi-westland", {"kompas", "publish", "--notes", "Een vuistregel over twee petten."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("published v2"));

  ExportAll("2", "v2-first");
  EXPECT_THAT(ReadFile(Path("v2-first.markdown")), HasSubstr(title));
  const std::string csv = ReadFile(Path("v2-first.csv"));
  EXPECT_TRUE(absl::StartsWith(
      csv,
      "name,revision,status,kind,modality,title,statement,rationale,laws,themes,audiences,"
      "source_cases,source_sessions,source_conclusions\r\n"))
      << csv;
  EXPECT_THAT(csv, HasSubstr(title));
  const v1::Kompas exported =
      ParseJson<v1::Kompas>(ReadFile(Path("v2-first.json")), /*ignore_unknown_fields=*/true);
  EXPECT_EQ(exported.version(), 2);
  EXPECT_EQ(exported.standards_size(), 5);
  EXPECT_THAT(ReadFile(Path("v2-first.json")), HasSubstr(title));

  // An adopted standard changes only through an erratum: anna reports one,
  // dewi accepts it with the corrected statement, and publishes v3.
  r = Cli("dewi-westland", {"standard", "edit", s, "--note", "te laat", "--statement", "Anders."});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("erratum"));
  r = Cli("anna-zaanstad",
          {"--json", "standard", "erratum", "report", s, "Na 'rol' hoort een puntkomma."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string erratum = ParseJson<v1::Erratum>(r.out, /*ignore_unknown_fields=*/true).name();
  const std::string corrected =
      "Gebruik wat je als wijkcoach weet nooit in een andere rol; ook niet met goede bedoelingen.";
  r = Cli("dewi-westland", {"standard", "erratum", "accept", erratum, "--statement", corrected});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("revision 2 of " + s));
  r = Cli("dewi-westland", {"kompas", "publish", "--notes", "Erratum verwerkt."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("published v3"));

  // The diff names the standard and the words that changed, uncoloured in a pipe.
  r = Cli("eva-amsterdam", {"kompas", "diff", "v2", "v3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Changed (1)"));
  EXPECT_THAT(r.out, HasSubstr(title));
  EXPECT_THAT(r.out, HasSubstr("statement:"));
  EXPECT_THAT(r.out, HasSubstr("een andere [-rol,-]{+rol;+} ook niet"));
  EXPECT_THAT(r.out, Not(HasSubstr("\033[")));
  r = Cli("eva-amsterdam", {"standard", "diff", id, "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("[-rol,-]{+rol;+}"));

  // A published version never changes: v2 exports the same bytes as before.
  ExportAll("v2", "v2-again");
  for (const char* format : {"markdown", "json", "csv"}) {
    const std::string first = ReadFile(Path(absl::StrCat("v2-first.", format)));
    EXPECT_FALSE(first.empty()) << format;
    EXPECT_EQ(ReadFile(Path(absl::StrCat("v2-again.", format))), first) << format;
  }
}

TEST_F(StandardsE2eTest, AMunicipalityThatDeviatesExplainsWhyAndTheRegisterCountsIt) {
  const std::string s = AdoptedStandard("chris-utrecht").name();
  ASSERT_FALSE(s.empty());

  // Volg of leg uit: deviating without saying why is refused.
  CommandResult r = Cli("chris-utrecht", {"position", "set", s, "--municipality", "GM0344", "--stance",
                            "deviates", "--review-on", "2030-01-01"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("position.explanation"));
  // Without --municipality the CLI takes $KOMPAS_MUNICIPALITY.
  r = Cli("chris-utrecht",
          {"position", "set", s, "--stance", "deviates", "--review-on", "2030-01-01",
           "--explanation", "Utrecht legt dit vast in een eigen convenant met de scholen."},
          /*input=*/"", {{"KOMPAS_MUNICIPALITY", "GM0344"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("municipalities/GM0344 deviates"));
  // A privacy officer speaks only for their own municipality.
  r = Cli("chris-utrecht", {"position", "set", s, "--municipality", "GM0479", "--stance",
                            "follows", "--review-on", "2030-01-01"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));

  r = Cli("anna-zaanstad", {"position", "list", "--municipality", "GM0344"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(s));
  EXPECT_THAT(r.out, HasSubstr("deviates"));

  // The register: Utrecht's row reads follows 0, deviates 1.
  r = Cli("anna-zaanstad", {"register", "--today", "2027-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> utrecht;
  for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
    if (absl::ConsumePrefix(&line, "Utrecht (GM0344)")) {
      utrecht = absl::StrSplit(line, ' ', absl::SkipEmpty());
    }
  }
  ASSERT_EQ(utrecht.size(), 5u) << r.out;  // follows, deviates, n/a, no position, overdue
  EXPECT_EQ(utrecht[0], "0") << r.out;
  EXPECT_EQ(utrecht[1], "1") << r.out;
  EXPECT_EQ(utrecht[4], "0") << r.out;
}

}  // namespace
}  // namespace kompas::e2e
