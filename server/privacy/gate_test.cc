#include "privacy/gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "testing/status_matchers.h"

namespace kompas::privacy {
namespace {

using ::kompas::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

class GateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<Gate>> gate = Gate::Create(GateOptions());
    ASSERT_TRUE(gate.ok()) << gate.status();
    gate_ = std::move(gate).value().release();
  }
  static void TearDownTestSuite() {
    delete gate_;
    gate_ = nullptr;
  }

  // The text with each finding marked «KIND|span» — easy to read in a failure.
  static std::string Marked(absl::string_view text, const AllowList* allow = nullptr) {
    std::string out;
    size_t at = 0;
    for (const Finding& f : gate_->Scan(text, allow)) {
      absl::StrAppend(&out, text.substr(at, f.start - at), "\xC2\xAB", KindName(f.kind), "|",
                      text.substr(f.start, f.end - f.start), "\xC2\xBB");
      at = f.end;
    }
    absl::StrAppend(&out, text.substr(at));
    return out;
  }
  static bool Clean(absl::string_view text) { return gate_->Scan(text).empty(); }

  static Gate* gate_;
};
Gate* GateTest::gate_ = nullptr;

// ---- The issue's examples --------------------------------------------------

TEST_F(GateTest, IssueExampleRedacts) {
  std::string text =
      "Mevrouw Bakker (BSN 999912343) van de Kerkstraat 12 belde met 06-12345678 over haar zoon Daan";
  EXPECT_EQ(Redact(text, gate_->Scan(text)),
            "[NAAM] (BSN [BSN]) van de [ADRES] belde met [TELEFOON] over haar zoon [NAAM]");
}

TEST_F(GateTest, NamedSchoolIsOneWarning) {
  std::vector<Finding> f = gate_->Scan("Hij zit op basisschool De Regenboog.");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, Kind::kInstitution);
  EXPECT_EQ(f[0].severity, Severity::kWarn);
  EXPECT_EQ(Marked("basisschool De Regenboog"), "«INSTITUTION|basisschool De Regenboog»");
}

TEST_F(GateTest, MunicipalityLawAndAgePass) {
  EXPECT_TRUE(Clean("In Zaanstad vroeg Veilig Thuis op grond van artikel 7.3.11 Jeugdwet of een jongen "
                    "van 14 bekend was"));
}

// ---- PERSON ------------------------------------------------------------------

TEST_F(GateTest, TitleCueSweptIntoSpan) {
  EXPECT_EQ(Marked("Gesprek met mevrouw De Jong."), "Gesprek met «PERSON|mevrouw De Jong».");
  EXPECT_EQ(Marked("Vader, dhr. K. van den Berg, belt."), "Vader, «PERSON|dhr. K. van den Berg», belt.");
}

TEST_F(GateTest, NamesThatAreOrdinaryWords) {
  // "Roos" the flower and "Bos" the forest pass; "mevrouw Roos" is a person.
  EXPECT_TRUE(Clean("Roos, tulp en zonnebloem heten de groepen."));
  EXPECT_TRUE(Clean("Bos en water rondom de wijk."));
  EXPECT_TRUE(Clean("Hij werkte als visser en daarna bij de bakker op de hoek."));
  EXPECT_EQ(Marked("Ik sprak mevrouw Roos gisteren."), "Ik sprak «PERSON|mevrouw Roos» gisteren.");
  EXPECT_EQ(Marked("Een gesprek met de familie Bos."), "Een gesprek met de «PERSON|familie Bos».");
}

TEST_F(GateTest, LowercaseNamesInNotes) {
  EXPECT_EQ(Marked("gesprek mw bakker + dochter kimberley"),
            "gesprek «PERSON|mw bakker» + dochter «PERSON|kimberley»");
  EXPECT_EQ(Marked("mevrouw steeds vaker moe"), "mevrouw steeds vaker moe");
}

TEST_F(GateTest, NamesOfNonDutchOrigin) {
  EXPECT_EQ(Marked("Cliënt: dhr. Mehmet Yılmaz, belde."), "Cliënt: «PERSON|dhr. Mehmet Yılmaz», belde.");
  EXPECT_EQ(Marked("Moeder Khadija el Khattabi heeft vijf kinderen."),
            "Moeder «PERSON|Khadija el Khattabi» heeft vijf kinderen.");
  EXPECT_EQ(Marked("Mevrouw Nguyen kwam langs."), "«PERSON|Mevrouw Nguyen» kwam langs.");
}

TEST_F(GateTest, FirstNamesColleaguesAndPropagation) {
  EXPECT_EQ(Marked("Eens met Marloes: eerst met ouders praten."),
            "Eens met «PERSON|Marloes»: eerst met ouders praten.");
  EXPECT_EQ(Marked("Het gezin Visser woont hier. Visser werkt niet."),
            "Het «PERSON|gezin Visser» woont hier. «PERSON|Visser» werkt niet.");
  EXPECT_EQ(Marked("Contactpersoon: Annemieke Smits, tel."), "Contactpersoon: «PERSON|Annemieke Smits», tel.");
}

TEST_F(GateTest, InitialsAndHyphenatedNames) {
  EXPECT_EQ(Marked("Advies van mr. J.P. Hendriks."), "Advies van «PERSON|mr. J.P. Hendriks».");
  EXPECT_EQ(Marked("mevrouw Gerda Jansen-Bos (86)"), "«PERSON|mevrouw Gerda Jansen-Bos» (86)");
  EXPECT_EQ(Marked("t.n.v. T. Veldman"), "t.n.v. «PERSON|T. Veldman»");
}

TEST_F(GateTest, OrganisationsAndPlacesAreNotPersons) {
  EXPECT_TRUE(Clean("Het CJG en de GGD werken samen met Veilig Thuis en de Raad voor de Kinderbescherming."));
  EXPECT_TRUE(Clean("Hij woont bij zijn oma in Schiedam."));
  EXPECT_TRUE(Clean("De wijkteams in Emmen-Noord en Rijssen-Holten."));
  EXPECT_TRUE(Clean("Schrijf dus nooit met naam. We doen dat niet."));
}

// ---- Numbers -------------------------------------------------------------------

TEST_F(GateTest, BsnSplitAndPunctuated) {
  EXPECT_EQ(Marked("BSN 999912343"), "BSN «BSN|999912343»");
  EXPECT_EQ(Marked("BSN 9999.12.343"), "BSN «BSN|9999.12.343»");
  EXPECT_EQ(Marked("BSN 999 912 343"), "BSN «BSN|999 912 343»");
  EXPECT_EQ(Marked("BSN 9 9 9 9.12.343"), "BSN «BSN|9 9 9 9.12.343»");
}

TEST_F(GateTest, FailedElevenTestIsStillAnIdNumber) {
  std::vector<Finding> f = gate_->Scan("nummer 999912344 klopt niet");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, Kind::kIdNumber);
  f = gate_->Scan("BSN 000000000");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, Kind::kIdNumber);
}

TEST_F(GateTest, FullWidthAndZeroWidthDigitsAreCaught) {
  // "９９９９１２３４３": 27 bytes, all of them the BSN.
  std::string text = "BSN \xEF\xBC\x99\xEF\xBC\x99\xEF\xBC\x99\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93"
                     "\xEF\xBC\x94\xEF\xBC\x93.";
  std::vector<Finding> f = gate_->Scan(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, Kind::kBsn);
  EXPECT_EQ(f[0].start, 4u);
  EXPECT_EQ(f[0].end, 31u);
  std::string zw = "BSN 9999\xE2\x80\x8B" "12343";
  EXPECT_EQ(Marked(zw), "BSN «BSN|9999\xE2\x80\x8B" "12343»");
}

TEST_F(GateTest, PhoneNumbers) {
  EXPECT_EQ(Marked("bel 06-12345678"), "bel «PHONE|06-12345678»");
  EXPECT_EQ(Marked("tel. 0492 58 71 04"), "tel. «PHONE|0492 58 71 04»");
  EXPECT_EQ(Marked("op (06) 4455 9012, gr"), "op «PHONE|(06) 4455 9012», gr");
  EXPECT_EQ(Marked("Tel: +31 6 51820467"), "Tel: «PHONE|+31 6 51820467»");
  EXPECT_EQ(Marked("zus: 0031 6 17745230"), "zus: «PHONE|0031 6 17745230»");
}

TEST_F(GateTest, NumbersThatAreNotPhoneNumbers) {
  EXPECT_TRUE(Clean("Veilig Thuis is bereikbaar via 0800-2000; bij gevaar 112 bellen."));
  EXPECT_TRUE(Clean("Een achterstand van ruim € 3.400,- en EUR 48.500,- uit de Wmo-middelen."));
  EXPECT_TRUE(Clean("Zie artikel 7.3.11 Jeugdwet en artikel 7.1.1.1; sinds 2022."));
  EXPECT_TRUE(Clean("Bel de gemeente op 14 038 of kom om 14:30 langs, zaal 2.14."));
  EXPECT_TRUE(Clean("Totaal € 1.480.000 voor 250 à 300 gezinnen; KvK 17283940."));
}

TEST_F(GateTest, IdNumbersAfterCuesAndIdShapes) {
  EXPECT_EQ(Marked("Dossiernummer: 2024-018832."), "Dossiernummer: «ID_NUMBER|2024-018832».");
  EXPECT_EQ(Marked("clientnr. 88107"), "clientnr. «ID_NUMBER|88107»");
  EXPECT_EQ(Marked("Ons kenmerk: LP/2024/0388"), "Ons kenmerk: «ID_NUMBER|LP/2024/0388»");
  EXPECT_EQ(Marked("paspoortnummer (NPK4R71F2)"), "paspoortnummer («ID_NUMBER|NPK4R71F2»)");
  EXPECT_EQ(Marked("case WMO-23-07781 loopt"), "case «ID_NUMBER|WMO-23-07781» loopt");
  EXPECT_TRUE(Clean("met een casusnummer, nooit met naam; schooljaar 2023-2024"));
}

// ---- Other kinds ---------------------------------------------------------------

TEST_F(GateTest, EmailIbanPostcodeAddress) {
  EXPECT_EQ(Marked("mail: e.brinkman@helmond.nl."), "mail: «EMAIL|e.brinkman@helmond.nl».");
  EXPECT_EQ(Marked("IBAN: NL91 INGB 1231 0077 28"), "IBAN: «IBAN|NL91 INGB 1231 0077 28»");
  EXPECT_EQ(Marked("rek nl56ingb2243933283 tnv"), "rek «IBAN|nl56ingb2243933283» tnv");
  EXPECT_EQ(Marked("Adres: Molenweg 3a, 7412 RD Deventer."),
            "Adres: «ADDRESS|Molenweg 3a», «POSTCODE|7412 RD» Deventer.");
  EXPECT_EQ(Marked("aan de Sint Annastraat 30-2"), "aan de «ADDRESS|Sint Annastraat 30-2»");
  EXPECT_EQ(Marked("Hoofdstraat 48 a\nMeppel"), "«ADDRESS|Hoofdstraat 48 a»\nMeppel");
  EXPECT_TRUE(Clean("vooral in de postcodegebieden 7824 en 7825; groep 6 en zaal 2."));
}

TEST_F(GateTest, DatesOnlyWithDayMonthYear) {
  EXPECT_EQ(Marked("geboren 04-02-1989"), "geboren «DATE|04-02-1989»");
  EXPECT_EQ(Marked("geb. 3/11/08,"), "geb. «DATE|3/11/08»,");
  EXPECT_EQ(Marked("op 17 september 2009."), "op «DATE|17 september 2009».");
  EXPECT_EQ(Marked("geboren 21.10.2014"), "geboren «DATE|21.10.2014»");
  EXPECT_TRUE(Clean("Het MDO van 14 oktober; per 1 januari; in maart 2024; sinds 2019."));
  EXPECT_TRUE(Clean("De datum 32-13-2020 bestaat niet."));
}

TEST_F(GateTest, LicencePlatesAndSocial) {
  EXPECT_EQ(Marked("kenteken GZ-412-K"), "kenteken «LICENSE_PLATE|GZ-412-K»");
  EXPECT_EQ(Marked("auto (XJ-77-BN) en 7-TRV-48"), "auto («LICENSE_PLATE|XJ-77-BN») en «LICENSE_PLATE|7-TRV-48»");
  EXPECT_EQ(Marked("account instagram.com/kay_bizz010."), "account «SOCIAL|instagram.com/kay_bizz010».");
  EXPECT_EQ(Marked("Snapchat (naam @jaydenn.almere)"), "Snapchat (naam «SOCIAL|@jaydenn.almere»)");
}

// ---- Offsets, allow-list, invariants, start-up ---------------------------------

TEST_F(GateTest, ByteOffsetsWithNonAsciiText) {
  // "Cliënte" has ë (2 bytes), "€" is 3 bytes: byte and character offsets differ.
  std::string text = "Cliënte (€ 950) belde: “bel 06-38172964”, zei mevrouw Doğan.";
  std::vector<Finding> f = gate_->Scan(text);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].kind, Kind::kPhone);
  EXPECT_EQ(text.substr(f[0].start, f[0].end - f[0].start), "06-38172964");
  EXPECT_EQ(f[0].start, 33u);
  EXPECT_EQ(f[0].end, 44u);
  EXPECT_EQ(f[1].kind, Kind::kPerson);
  EXPECT_EQ(text.substr(f[1].start, f[1].end - f[1].start), "mevrouw Doğan");
  EXPECT_EQ(f[1].start, 53u);
  EXPECT_EQ(f[1].end, 67u);
}

TEST_F(GateTest, AllowListDropsWholeFindings) {
  AllowList allow({"stichting de Vries", "Henk de Vries"});
  EXPECT_EQ(Marked("Vraag het aan Henk de Vries.", &allow), "Vraag het aan Henk de Vries.");
  EXPECT_EQ(Marked("Vraag het aan Henk de Vries.", nullptr), "Vraag het aan «PERSON|Henk de Vries».");
}

TEST_F(GateTest, FindingsAreSortedDisjointAndOnBoundaries) {
  std::string text =
      "Moeder Anouk Visser (geboren 04-02-1989), Lindenlaan 17, 8021 KT Zwolle, 06-41237785, "
      "anouk@example.nl, NL91 INGB 1231 0077 28, BSN 999978779 — zoon Bram.";
  std::vector<Finding> f = gate_->Scan(text);
  ASSERT_GE(f.size(), 8u);
  for (size_t i = 0; i < f.size(); ++i) {
    EXPECT_LT(f[i].start, f[i].end);
    EXPECT_LE(f[i].end, text.size());
    if (i > 0) {
      EXPECT_LE(f[i - 1].end, f[i].start);
    }
    EXPECT_NE(static_cast<unsigned char>(text[f[i].start]) & 0xC0, 0x80u);
    if (f[i].end < text.size()) {
      EXPECT_NE(static_cast<unsigned char>(text[f[i].end]) & 0xC0, 0x80u);
    }
  }
}

TEST_F(GateTest, InvalidUtf8DoesNotCrash) {
  std::string text = "mevrouw \xFF\xFE Bakker \xC3 06-12345678 \xE2\x82";
  std::vector<Finding> f = gate_->Scan(text);
  for (const Finding& x : f) EXPECT_LE(x.end, text.size());
  EXPECT_FALSE(f.empty());
}

TEST_F(GateTest, VersionIsSet) { EXPECT_FALSE(gate_->version().empty()); }

TEST(GateCreateTest, MissingGazetteerNamesFileAndPackage) {
  GateOptions options;
  options.gazetteer_dir = "/nonexistent/frog";
  EXPECT_THAT(Gate::Create(options),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("/nonexistent/frog/voornamen.ner"), HasSubstr("frogdata"))));
  options = GateOptions();
  options.dictionary = "/nonexistent/nederlands";
  EXPECT_THAT(Gate::Create(options), StatusIs(absl::StatusCode::kFailedPrecondition,
                                              AllOf(HasSubstr("/nonexistent/nederlands"), HasSubstr("wdutch"))));
}

TEST(KindTest, NamesAndPlaceholders) {
  EXPECT_EQ(KindName(Kind::kLicensePlate), "LICENSE_PLATE");
  EXPECT_EQ(Placeholder(Kind::kPerson), "[NAAM]");
  EXPECT_EQ(Placeholder(Kind::kSocial), "[ACCOUNT]");
}

}  // namespace
}  // namespace kompas::privacy
