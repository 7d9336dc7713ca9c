#include "domain/validation.h"

#include <string>

#include "domain/cases.h"
#include "domain/names.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace kompas::domain {
namespace {

using ::kompas::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

std::vector<std::string> ViolatedFields(const absl::Status& s) {
  std::vector<std::string> out;
  auto payload = s.GetPayload(kBadRequestUrl);
  if (!payload.has_value()) return out;
  google::rpc::BadRequest br;
  EXPECT_TRUE(br.ParseFromString(std::string(*payload)));
  for (const auto& v : br.field_violations()) out.push_back(v.field());
  return out;
}

TEST(Utf8Test, AcceptsValidAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("Zaanstad, één café €5"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_EQ(CountCodePoints("één"), 3u);
}

TEST(ValidationTest, TitleCountsCharactersNotBytes) {
  FieldViolations ok;
  CheckTitle(ok, "case.title", std::string(200, 'a'));
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "é";  // 400 bytes, 200 characters
  CheckTitle(ok, "case.title", accented);
  EXPECT_TRUE(ok.empty());

  FieldViolations bad;
  CheckTitle(bad, "case.title", std::string(201, 'a'));
  CheckTitle(bad, "other.title", "   ");
  CheckTitle(bad, "third.title", "two\nlines");
  EXPECT_THAT(bad.ToStatus(), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("case.title is 201 characters long")));
  EXPECT_THAT(ViolatedFields(bad.ToStatus()),
              UnorderedElementsAreArray({"case.title", "other.title", "third.title"}));
}

TEST(ValidationTest, TextLimitsAndControlCharacters) {
  FieldViolations v;
  CheckText(v, "a", std::string(kMaxTextBytes, 'x'), true);
  CheckText(v, "b", "regel een\nregel twee\tmet tab", true);
  EXPECT_TRUE(v.empty());
  CheckText(v, "c", std::string(kMaxTextBytes + 1, 'x'), false);
  CheckText(v, "d", "bell\x07", false);
  CheckText(v, "e", "", true);
  CheckText(v, "f", "\xFF", false);
  EXPECT_THAT(ViolatedFields(v.ToStatus()), UnorderedElementsAreArray({"c", "d", "e", "f"}));
}

TEST(ValidationTest, PageSizeDefaultsClampsAndRejectsNegative) {
  FieldViolations v;
  EXPECT_EQ(CheckPageSize(v, 0), kDefaultPageSize);
  EXPECT_EQ(CheckPageSize(v, 50), 50);
  EXPECT_EQ(CheckPageSize(v, 5000), kMaxPageSize);
  EXPECT_TRUE(v.empty());
  CheckPageSize(v, -1);
  EXPECT_THAT(ViolatedFields(v.ToStatus()), UnorderedElementsAreArray({"page_size"}));
}

TEST(ValidationTest, ThemesLabelsAndRequestIds) {
  FieldViolations v;
  CheckTheme(v, "t1", "pettenvraagstuk");
  CheckTheme(v, "t2", "melden-en-routeren");
  CheckLabel(v, "l1", "Wmo 2015");
  CheckRequestId(v, "r1", "3f1e9c2a-7c51-4c1b-9f4e-1d2a3b4c5d6e");
  EXPECT_TRUE(v.empty());
  CheckTheme(v, "t3", "Pettenvraagstuk");
  CheckTheme(v, "t4", "");
  CheckLabel(v, "l2", std::string(101, 'x'));
  CheckRequestId(v, "r2", "has space");
  EXPECT_THAT(ViolatedFields(v.ToStatus()), UnorderedElementsAreArray({"t3", "t4", "l2", "r2"}));
}

TEST(ValidationTest, CaseFieldsNameEveryViolation) {
  v1::Case c;
  c.set_title("");
  c.add_themes("Not A Theme");
  c.add_laws("Jeugdwet");
  c.add_laws("Jeugdwet");
  c.set_origin_municipality("Zaanstad");
  c.mutable_framing()->set_purpose(std::string(kMaxTextBytes + 1, 'x'));
  c.set_visibility(static_cast<v1::Visibility>(99));
  FieldViolations v;
  ValidateCaseFields(v, "case", c);
  EXPECT_THAT(ViolatedFields(v.ToStatus()),
              UnorderedElementsAreArray({"case.title", "case.themes[0]", "case.laws[1]",
                                         "case.origin_municipality", "case.framing.purpose",
                                         "case.visibility"}));
}

TEST(NamesTest, ParsesWellFormedAndRejectsMalformedNames) {
  auto c = ParseCaseName("communities/wijkteams-noord/cases/01jc0v5ad4b1r", "name");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->community, "wijkteams-noord");
  EXPECT_EQ(c->Format(), "communities/wijkteams-noord/cases/01jc0v5ad4b1r");
  for (const char* bad : {"", "communities/x/cases/01jc0v5ad4b1r", "communities/Demo/cases/1",
                          "communities/demo/cases/", "communities/demo/cases/01JC0V5AD4B1R",
                          "communities/demo/cases/01jc0v5ad4b1r/extra", "cases/01jc0v5ad4b1r"}) {
    EXPECT_THAT(ParseCaseName(bad, "name"), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
  EXPECT_TRUE(ParseMunicipalityName("municipalities/GM0479", "m").ok());
  EXPECT_FALSE(ParseMunicipalityName("municipalities/0479", "m").ok());
  EXPECT_FALSE(IsValidUserId("-abc"));
  EXPECT_FALSE(IsValidUserId("abc-"));
  EXPECT_TRUE(IsValidUserId("m-zaanstad-1"));
}

}  // namespace
}  // namespace kompas::domain
