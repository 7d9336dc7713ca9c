// Unicode tricks against the PII gate, over gRPC (issue 13, item 3): text
// that shows a reader a BSN, a name, an IBAN or an address while its bytes
// spell something else — reversed inside a bidi override or isolate, in
// Arabic-Indic or Devanagari digits, split by braille blanks or tag
// characters. Each is refused by CreateCase, and none of its bytes reaches
// the store.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

// The UTF-8 of code point `cp`.
std::string U(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

// `ascii` with every ASCII digit written in the script whose zero is `zero`.
std::string InScript(const std::string& ascii, char32_t zero) {
  std::string out;
  for (char c : ascii) out += c >= '0' && c <= '9' ? U(zero + static_cast<char32_t>(c - '0')) : std::string(1, c);
  return out;
}

// `ascii` with `separator` between every two characters.
std::string Interleaved(const std::string& ascii, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < ascii.size(); ++i) {
    if (i > 0) out += separator;
    out.push_back(ascii[i]);
  }
  return out;
}

std::vector<std::string> ViolationDescriptions(const grpc::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolationsOf(s)) out.push_back(v.field() + ": " + v.description());
  return out;
}

struct Trick {
  std::string what;
  std::string text;     // shows a reader personal data
  std::string needle;   // bytes of it that must never be stored
  std::string control;  // "U+202E" when refused for a hidden control, else empty
};

std::vector<Trick> Tricks() {
  const std::string rlo = U(0x202E), pdf = U(0x202C), rli = U(0x2067), pdi = U(0x2069);
  const std::string rlm = U(0x200F), tag_space = U(0xE0020);
  return {
      // Shows "BSN 999912343": the digits are stored backwards.
      {"BSN reversed in a right-to-left override", "Client met BSN " + rlo + "343219999" + pdf + " belde.",
       "343219999", "U+202E"},
      // Shows "mevrouw Bakker".
      {"name reversed in a right-to-left override", "Gesprek met " + rlo + "rekkaB wuorvem" + pdf + ".",
       "rekkaB wuorvem", "U+202E"},
      // An isolate swaps the digit groups: shows "BSN 9999 12343".
      {"BSN groups swapped in a right-to-left isolate", "Zijn BSN is " + rli + "12343 9999" + pdi + ".",
       "12343 9999", "U+2067"},
      // Right-to-left marks alone swap the groups too: shows 999912343.
      {"BSN groups swapped by right-to-left marks", "Nummer " + rlm + "12343" + rlm + "9999 noteren.",
       "12343" + rlm + "9999", "U+200F"},
      // Shows "IBAN NL91 INGB 1231 0077 28", the tag characters invisible.
      {"IBAN split by tag characters", "IBAN " + Interleaved("NL91INGB1231007728", tag_space) + " graag.",
       Interleaved("NL91INGB", tag_space), "U+E0020"},
      {"BSN in Arabic-Indic digits", "Client met BSN " + InScript("999912343", 0x0660) + " belde.",
       InScript("999912343", 0x0660), ""},
      {"phone in Devanagari digits", "Bel haar op " + InScript("06-12345678", 0x0966) + ".",
       InScript("12345678", 0x0966), ""},
      {"address in Bengali digits", "Zij woont aan de Kerkstraat " + InScript("12", 0x09E6) + " in Zaanstad.",
       "Kerkstraat " + InScript("12", 0x09E6), ""},
      {"BSN split by braille blanks", "Client met BSN " + Interleaved("999912343", U(0x2800)) + " belde.",
       Interleaved("999912343", U(0x2800)), ""},
  };
}

class UnicodeApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    CreateDemoCommunity();
  }

  grpc::Status Create(const v1::Case& c, v1::PrivacyMode mode, v1::Case* out) {
    v1::CreateCaseRequest req;
    req.set_parent("communities/wijkteams");
    *req.mutable_case_() = c;
    req.set_privacy_mode(mode);
    return case_stub_->CreateCase(As("anna-zaanstad").get(), req, out);
  }

  // The tables holding `needle` in a key or a value.
  std::vector<std::string> TablesHolding(const std::string& needle) {
    std::vector<std::string> found;
    for (int t = 0; t < store::kTableCount; ++t) {
      const auto table = static_cast<store::Table>(t);
      bool hit = false;
      EXPECT_TRUE(store_
                      ->Scan(table, "", {},
                             [&](absl::string_view key, absl::string_view value) {
                               hit = absl::StrContains(key, needle) || absl::StrContains(value, needle);
                               return !hit;
                             })
                      .ok());
      if (hit) found.push_back(store::TableName(table));
    }
    return found;
  }
};

TEST_F(UnicodeApiTest, EveryTrickIsRefusedAndNothingIsStored) {
  for (const Trick& trick : Tricks()) {
    SCOPED_TRACE(trick.what);
    v1::Case c = SampleCase("Telefoontje");
    c.set_situation(trick.text);
    v1::Case out;
    grpc::Status s = Create(c, v1::PRIVACY_MODE_REJECT, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_THAT(ViolatedFields(s), Contains("case.situation"));
    EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr(trick.needle)));
    if (!trick.control.empty()) {
      EXPECT_THAT(ViolationDescriptions(s),
                  Contains(AllOf(HasSubstr("case.situation: contains"), HasSubstr(trick.control),
                                 HasSubstr("remove"))));
      // Not even REDACT mode lets it through: the gate cannot see what a
      // reader sees.
      s = Create(c, v1::PRIVACY_MODE_REDACT, &out);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    }
  }
  v1::ListCasesRequest list;
  list.set_parent("communities/wijkteams");
  v1::ListCasesResponse listed;
  ASSERT_TRUE(case_stub_->ListCases(As("anna-zaanstad").get(), list, &listed).ok());
  EXPECT_EQ(listed.cases_size(), 0);
  for (const Trick& trick : Tricks()) {
    EXPECT_THAT(TablesHolding(trick.needle), ElementsAre()) << trick.what;
  }
}

TEST_F(UnicodeApiTest, ControlsAreRefusedInEveryTextFieldWithTheirName) {
  v1::Case c = SampleCase("Velden");
  c.set_title("Vraag over " + U(0x202D) + "iets" + U(0x202C));
  c.add_options("Niets doen");
  c.add_options("Bellen met " + U(0x2068) + "school" + U(0x2069));
  c.mutable_framing()->set_necessary_data("alleen" + U(0xE0041) + " dit");
  v1::Case out;
  grpc::Status s = Create(c, v1::PRIVACY_MODE_REDACT, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationDescriptions(s),
              ::testing::UnorderedElementsAre(
                  "case.title: contains a left-to-right override (U+202D) at byte 11 and 1 more "
                  "invisible direction or tag character(s); remove them",
                  "case.options[1]: contains a first strong isolate (U+2068) at byte 11 and 1 more "
                  "invisible direction or tag character(s); remove them",
                  "case.framing.necessary_data: contains a tag character (U+E0041) at byte 6; "
                  "remove it"));

  // A reflection, too: every write goes through the same door.
  v1::Case clean;
  ASSERT_TRUE(Create(SampleCase("Open"), v1::PRIVACY_MODE_REJECT, &clean).ok());
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(clean.name());
  update.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
  update.mutable_update_mask()->add_paths("status");
  ASSERT_TRUE(case_stub_->UpdateCase(As("anna-zaanstad").get(), update, &out).ok());
  v1::CreateReflectionRequest reflect;
  reflect.set_parent(clean.name());
  reflect.mutable_reflection()->set_kind(v1::REFLECTION_KIND_ADVICE);
  reflect.mutable_reflection()->set_text("Eens" + U(0x061C) + ", eerst met ouders praten.");
  v1::Reflection r;
  s = case_stub_->CreateReflection(As("bram-enschede").get(), reflect, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationDescriptions(s),
              ElementsAre("reflection.text: contains an Arabic letter mark (U+061C) at byte 4; remove it"));

  // Right-to-left text itself is fine: only the invisible controls are not.
  v1::Case arabic = SampleCase("Tolk");
  arabic.set_situation("Moeder spreekt Arabisch (" + U(0x0639) + U(0x0631) + U(0x0628) + U(0x064A) +
                       "); een tolk is geregeld.");
  ASSERT_TRUE(Create(arabic, v1::PRIVACY_MODE_REJECT, &out).ok());
}

TEST_F(UnicodeApiTest, RedactReplacesTheOriginalBytes) {
  v1::Case c = SampleCase("Telefoontje");
  c.set_situation("Client met BSN " + InScript("999912343", 0x0660) + " belt vanaf " +
                  Interleaved("0612345678", U(0x2800)) + ".");
  v1::Case out;
  grpc::Status s = Create(c, v1::PRIVACY_MODE_REDACT, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.situation(), "Client met BSN [BSN] belt vanaf [TELEFOON].");
  EXPECT_THAT(TablesHolding(InScript("9999", 0x0660)), ElementsAre());
}

TEST_F(UnicodeApiTest, CheckTextRefusesControlsAndSeesOtherDigits) {
  v1::CheckTextRequest req;
  req.set_text("BSN " + U(0x202E) + "343219999" + U(0x202C));
  v1::CheckTextResponse resp;
  grpc::Status s = privacy_stub_->CheckText(As("anna-zaanstad").get(), req, &resp);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("text"));
  EXPECT_THAT(s.error_message() + " " + ViolationDescriptions(s).at(0), HasSubstr("U+202E"));

  req.set_text("BSN " + InScript("999912343", 0x0966));
  ASSERT_TRUE(privacy_stub_->CheckText(As("anna-zaanstad").get(), req, &resp).ok());
  ASSERT_EQ(resp.findings_size(), 1);
  EXPECT_EQ(resp.findings(0).kind(), v1::PII_KIND_BSN);
  EXPECT_EQ(resp.findings(0).start(), 4);
  EXPECT_EQ(resp.findings(0).end(), static_cast<int>(req.text().size()));
  EXPECT_EQ(resp.redacted_text(), "BSN [BSN]");
}

}  // namespace
}  // namespace kompas::testing
