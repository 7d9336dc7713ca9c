#include "privacy/gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "privacy/internal/normalize.h"
#include "testing/gate_fixture.h"
#include "testing/status_matchers.h"

namespace kompas::privacy {
namespace {

using ::kompas::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

class GateTest : public testing::GateFixture {};

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
  ExpectMarked({
      {"basisschool De Regenboog", "«INSTITUTION|basisschool De Regenboog»"},
  });
}

TEST_F(GateTest, MunicipalityLawAndAgePass) {
  ExpectClean({
      "In Zaanstad vroeg Veilig Thuis op grond van artikel 7.3.11 Jeugdwet of een jongen "
      "van 14 bekend was",
  });
}

// ---- PERSON ------------------------------------------------------------------

TEST_F(GateTest, TitleCueSweptIntoSpan) {
  ExpectMarked({
      {"Gesprek met mevrouw De Jong.", "Gesprek met «PERSON|mevrouw De Jong»."},
      {"Vader, dhr. K. van den Berg, belt.", "Vader, «PERSON|dhr. K. van den Berg», belt."},
  });
}

TEST_F(GateTest, NamesThatAreOrdinaryWords) {
  // "Roos" the flower and "Bos" the forest pass; "mevrouw Roos" is a person.
  ExpectClean({
      "Roos, tulp en zonnebloem heten de groepen.",
      "Bos en water rondom de wijk.",
      "Hij werkte als visser en daarna bij de bakker op de hoek.",
  });
  ExpectMarked({
      {"Ik sprak mevrouw Roos gisteren.", "Ik sprak «PERSON|mevrouw Roos» gisteren."},
      {"Een gesprek met de familie Bos.", "Een gesprek met de «PERSON|familie Bos»."},
  });
}

TEST_F(GateTest, LowercaseNamesInNotes) {
  ExpectMarked({
      {"gesprek mw bakker + dochter kimberley", "gesprek «PERSON|mw bakker» + dochter «PERSON|kimberley»"},
      {"mevrouw steeds vaker moe", "mevrouw steeds vaker moe"},
  });
}

TEST_F(GateTest, NamesOfNonDutchOrigin) {
  ExpectMarked({
      {"Cliënt: dhr. Mehmet Yılmaz, belde.", "Cliënt: «PERSON|dhr. Mehmet Yılmaz», belde."},
      {"Moeder Khadija el Khattabi heeft vijf kinderen.", "Moeder «PERSON|Khadija el Khattabi» heeft vijf kinderen."},
      {"Mevrouw Nguyen kwam langs.", "«PERSON|Mevrouw Nguyen» kwam langs."},
  });
}

TEST_F(GateTest, FirstNamesColleaguesAndPropagation) {
  ExpectMarked({
      {"Eens met Marloes: eerst met ouders praten.", "Eens met «PERSON|Marloes»: eerst met ouders praten."},
      {"Het gezin Visser woont hier. Visser werkt niet.",
       "Het «PERSON|gezin Visser» woont hier. «PERSON|Visser» werkt niet."},
      {"Contactpersoon: Annemieke Smits, tel.", "Contactpersoon: «PERSON|Annemieke Smits», tel."},
  });
}

TEST_F(GateTest, InitialsAndHyphenatedNames) {
  ExpectMarked({
      {"Advies van mr. J.P. Hendriks.", "Advies van «PERSON|mr. J.P. Hendriks»."},
      {"mevrouw Gerda Jansen-Bos (86)", "«PERSON|mevrouw Gerda Jansen-Bos» (86)"},
      {"t.n.v. T. Veldman", "t.n.v. «PERSON|T. Veldman»"},
  });
}

TEST_F(GateTest, DoubleSurnamesAreOneName) {
  // REDACT must not leave the second half visible ("[NAAM]-de Vries").
  auto redacted = [](absl::string_view text) { return Redact(text, gate_->Scan(text)); };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Gesprek met mevrouw Jansen-de Vries over de zoon.", "Gesprek met [NAAM] over de zoon."},
      {"Gesprek met mevrouw Jansen-van der Berg.", "Gesprek met [NAAM]."},
      {"Mevrouw Visser-de Wit belde.", "[NAAM] belde."},
      {"Gesprek met mevrouw De Jong-Van Dijk.", "Gesprek met [NAAM]."},
      {"Mevrouw Smit-Van Beek kwam.", "[NAAM] kwam."},
      {"Wij spraken Anouk Visser-dekker.", "Wij spraken [NAAM]."},
      {"mw jansen-bakker belde", "[NAAM] belde"},
      {"mw. bakker-de jong belde", "[NAAM] belde"},
      {"Mevrouw Jansen-MULDER belde.", "[NAAM] belde."},
      // A hyphenated compound after a name is not part of it.
      {"Het Jansen-achtige gedrag van Marloes.", "Het [NAAM]-achtige gedrag van [NAAM]."},
  };
  for (const auto& [text, redacted_text] : cases) EXPECT_EQ(redacted(text), redacted_text) << text;
}

TEST_F(GateTest, OrganisationsAndPlacesAreNotPersons) {
  ExpectClean({
      "Het CJG en de GGD werken samen met Veilig Thuis en de Raad voor de Kinderbescherming.",
      "Hij woont bij zijn oma in Schiedam.",
      "De wijkteams in Emmen-Noord en Rijssen-Holten.",
      "Schrijf dus nooit met naam. We doen dat niet.",
  });
}

// ---- Numbers -------------------------------------------------------------------

TEST_F(GateTest, BsnSplitAndPunctuated) {
  ExpectMarked({
      {"BSN 999912343", "BSN «BSN|999912343»"},
      {"BSN 9999.12.343", "BSN «BSN|9999.12.343»"},
      {"BSN 999 912 343", "BSN «BSN|999 912 343»"},
      {"BSN 9 9 9 9.12.343", "BSN «BSN|9 9 9 9.12.343»"},
  });
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
  ExpectMarked({
      {"bel 06-12345678", "bel «PHONE|06-12345678»"},
      {"tel. 0492 58 71 04", "tel. «PHONE|0492 58 71 04»"},
      {"op (06) 4455 9012, gr", "op «PHONE|(06) 4455 9012», gr"},
      {"Tel: +31 6 51820467", "Tel: «PHONE|+31 6 51820467»"},
      {"zus: 0031 6 17745230", "zus: «PHONE|0031 6 17745230»"},
  });
}

TEST_F(GateTest, NumbersThatAreNotPhoneNumbers) {
  ExpectClean({
      "Veilig Thuis is bereikbaar via 0800-2000; bij gevaar 112 bellen.",
      "Een achterstand van ruim € 3.400,- en EUR 48.500,- uit de Wmo-middelen.",
      "Zie artikel 7.3.11 Jeugdwet en artikel 7.1.1.1; sinds 2022.",
      "Bel de gemeente op 14 038 of kom om 14:30 langs, zaal 2.14.",
      "Totaal € 1.480.000 voor 250 à 300 gezinnen; KvK 17283940.",
  });
}

TEST_F(GateTest, IdNumbersAfterCuesAndIdShapes) {
  ExpectMarked({
      {"Dossiernummer: 2024-018832.", "Dossiernummer: «ID_NUMBER|2024-018832»."},
      {"clientnr. 88107", "clientnr. «ID_NUMBER|88107»"},
      {"Ons kenmerk: LP/2024/0388", "Ons kenmerk: «ID_NUMBER|LP/2024/0388»"},
      {"paspoortnummer (NPK4R71F2)", "paspoortnummer («ID_NUMBER|NPK4R71F2»)"},
      {"case WMO-23-07781 loopt", "case «ID_NUMBER|WMO-23-07781» loopt"},
  });
  ExpectClean({
      "met een casusnummer, nooit met naam; schooljaar 2023-2024",
  });
}

// ---- Other kinds ---------------------------------------------------------------

TEST_F(GateTest, EmailIbanPostcodeAddress) {
  ExpectMarked({
      {"mail: e.brinkman@helmond.nl.", "mail: «EMAIL|e.brinkman@helmond.nl»."},
      {"IBAN: NL91 INGB 1231 0077 28", "IBAN: «IBAN|NL91 INGB 1231 0077 28»"},
      {"rek nl56ingb2243933283 tnv", "rek «IBAN|nl56ingb2243933283» tnv"},
      {"Adres: Molenweg 3a, 7412 RD Deventer.", "Adres: «ADDRESS|Molenweg 3a», «POSTCODE|7412 RD» Deventer."},
      {"aan de Sint Annastraat 30-2", "aan de «ADDRESS|Sint Annastraat 30-2»"},
      {"Hoofdstraat 48 a\nMeppel", "«ADDRESS|Hoofdstraat 48 a»\nMeppel"},
  });
  ExpectClean({
      "vooral in de postcodegebieden 7824 en 7825; groep 6 en zaal 2.",
      // Nouns made with -ering are not ring roads (found by the Python
      // client's tests: a title "Paginering 3" was refused as an address).
      "Paginering 3 werkt niet; Vergadering 2 ging over de Jeugdwet.",
  });
  ExpectMarked({
      {"woont aan de Zuiderring 12", "woont aan de «ADDRESS|Zuiderring 12»"},
      {"Lange Wetering 4", "«ADDRESS|Lange Wetering 4»"},
  });
}

// A Markdown heading starts a line: its first word is capitalized for that
// reason, not because it is a name ("Geen" is also a surname).
TEST_F(GateTest, MarkdownHeadingWordIsNotAName) {
  ExpectClean({"# Geen kop\n\nTekst.", "## Geen idee wat hier moet"});
  ExpectMarked({{"# Verslag\nMevrouw Jansen belde.", "# Verslag\n«PERSON|Mevrouw Jansen» belde."}});
}

TEST_F(GateTest, DatesOnlyWithDayMonthYear) {
  ExpectMarked({
      {"geboren 04-02-1989", "geboren «DATE|04-02-1989»"},
      {"geb. 3/11/08,", "geb. «DATE|3/11/08»,"},
      {"op 17 september 2009.", "op «DATE|17 september 2009»."},
      {"geboren 21.10.2014", "geboren «DATE|21.10.2014»"},
  });
  ExpectClean({
      "Het MDO van 14 oktober; per 1 januari; in maart 2024; sinds 2019.",
      "De datum 32-13-2020 bestaat niet.",
  });
}

TEST_F(GateTest, LicencePlatesAndSocial) {
  ExpectMarked({
      {"kenteken GZ-412-K", "kenteken «LICENSE_PLATE|GZ-412-K»"},
      {"auto (XJ-77-BN) en 7-TRV-48", "auto («LICENSE_PLATE|XJ-77-BN») en «LICENSE_PLATE|7-TRV-48»"},
      {"account instagram.com/kay_bizz010.", "account «SOCIAL|instagram.com/kay_bizz010»."},
      {"Snapchat (naam @jaydenn.almere)", "Snapchat (naam «SOCIAL|@jaydenn.almere»)"},
  });
}

// ---- Unicode tricks (issue 13) --------------------------------------------------
// Each text shows a reader the identifier; the gate must see it too, and
// report the span of the original bytes.

// The UTF-8 of code point `cp`.
std::string U(char32_t cp) {
  std::string out;
  internal::AppendUtf8(static_cast<int32_t>(cp), &out);
  return out;
}

// `digits` (ASCII) with each digit written as the same digit of the script
// whose zero is `zero`, e.g. U+0660 for Arabic-Indic.
std::string InScript(absl::string_view ascii, char32_t zero) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += U(zero + static_cast<char32_t>(c - '0'));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// `ascii` with `separator` between every two characters.
std::string Interleaved(absl::string_view ascii, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < ascii.size(); ++i) {
    if (i > 0) out += separator;
    out.push_back(ascii[i]);
  }
  return out;
}

TEST_F(GateTest, DigitsOfEveryScriptAreDigits) {
  const std::string arabic = InScript("999912343", 0x0660);  // ٩٩٩٩١٢٣٤٣
  EXPECT_EQ(Marked("BSN " + arabic + "."), "BSN \xC2\xAB" "BSN|" + arabic + "\xC2\xBB.");
  const std::string devanagari = InScript("06-12345678", 0x0966);
  EXPECT_EQ(Marked("bel " + devanagari), "bel \xC2\xAB" "PHONE|" + devanagari + "\xC2\xBB");
  const std::string persian = InScript("NL91 INGB 1231 0077 28", 0x06F0);
  EXPECT_EQ(Marked("IBAN: " + persian), "IBAN: \xC2\xAB" "IBAN|" + persian + "\xC2\xBB");
  const std::string street = InScript("Molenweg 3a", 0x09E6);  // Bengali
  const std::string postcode = InScript("7412 RD", 0x09E6);
  EXPECT_EQ(Marked("Adres: " + street + ", " + postcode + " Deventer."),
            "Adres: \xC2\xAB" "ADDRESS|" + street + "\xC2\xBB, \xC2\xAB" "POSTCODE|" + postcode +
                "\xC2\xBB Deventer.");
  // Scripts mixed within one number.
  const std::string mixed = "9999" + InScript("123", 0x0E50) + "43";  // Thai
  EXPECT_EQ(Marked("BSN " + mixed), "BSN \xC2\xAB" "BSN|" + mixed + "\xC2\xBB");
  EXPECT_EQ(Marked("geboren " + InScript("04-02-1989", 0x0660)),
            "geboren \xC2\xAB" "DATE|" + InScript("04-02-1989", 0x0660) + "\xC2\xBB");
}

TEST_F(GateTest, BrailleBlanksReadAsSpaces) {
  // U+2800 shows as a blank: the gate reads what a reader sees, a space.
  const std::string blank = U(0x2800);
  const std::string bsn = Interleaved("999912343", blank);
  EXPECT_EQ(Marked("BSN " + bsn + "."), "BSN \xC2\xAB" "BSN|" + bsn + "\xC2\xBB.");
  const std::string phone = "06" + blank + "12345678";
  EXPECT_EQ(Marked("bel " + phone), "bel \xC2\xAB" "PHONE|" + phone + "\xC2\xBB");
  const std::string name = "mevrouw" + blank + "Bakker";
  EXPECT_EQ(Marked("Gesprek met " + name + "."), "Gesprek met \xC2\xAB" "PERSON|" + name + "\xC2\xBB.");
  const std::string hangul = "Annemieke" + U(0x3164) + "Smits";  // Hangul filler
  EXPECT_EQ(Marked("Contactpersoon: " + hangul), "Contactpersoon: \xC2\xAB" "PERSON|" + hangul + "\xC2\xBB");
}

TEST_F(GateTest, TagCharactersAndVariationSelectorsAreInvisible) {
  const std::string bsn = Interleaved("999912343", U(0xE0020));  // TAG SPACE
  EXPECT_EQ(Marked("BSN " + bsn), "BSN \xC2\xAB" "BSN|" + bsn + "\xC2\xBB");
  const std::string smuggled = "9999" + U(0xE0001) + U(0xE006E) + U(0xE006C) + "12343";
  EXPECT_EQ(Marked("nummer " + smuggled), "nummer \xC2\xAB" "BSN|" + smuggled + "\xC2\xBB");
  const std::string name = "Ba" + U(0xE0041) + "kker";
  EXPECT_EQ(Marked("Ik sprak mevrouw " + name + " gisteren."),
            "Ik sprak \xC2\xAB" "PERSON|mevrouw " + name + "\xC2\xBB gisteren.");
  const std::string vs = Interleaved("0612345678", U(0xFE0E));
  EXPECT_EQ(Marked("bel " + vs), "bel \xC2\xAB" "PHONE|" + vs + "\xC2\xBB");
  // Keycap digits: digit, VS16, combining enclosing keycap. The invisible
  // tail of the last digit stays outside the span, as any character dropped
  // right after a finding does.
  const std::string keycap = U(0xFE0F) + U(0x20E3);
  std::string keycaps;
  for (char c : std::string("99991234")) keycaps += std::string(1, c) + keycap;
  EXPECT_EQ(Marked("BSN " + keycaps + "3" + keycap),
            "BSN \xC2\xAB" "BSN|" + keycaps + "3\xC2\xBB" + keycap);
}

TEST_F(GateTest, BidiControlsAreInvisibleToo) {
  // Writers refuse these (domain::TextGate); a preview still sees through
  // an empty isolate or a mark used as a separator.
  const std::string isolate = "9999" + U(0x2067) + U(0x2069) + "12343";
  EXPECT_EQ(Marked("BSN " + isolate), "BSN \xC2\xAB" "BSN|" + isolate + "\xC2\xBB");
  const std::string marks = "06" + U(0x061C) + "1234" + U(0x202C) + "5678";
  EXPECT_EQ(Marked("bel " + marks), "bel \xC2\xAB" "PHONE|" + marks + "\xC2\xBB");
}

TEST_F(GateTest, UnicodeTricksRedactTheOriginalBytes) {
  std::string text = "Mevrouw Ba" + U(0xE0020) + "kker (BSN " + InScript("999912343", 0x0660) +
                     ") belde met " + Interleaved("0612345678", U(0x2800)) + ".";
  EXPECT_EQ(Redact(text, gate_->Scan(text)), "[NAAM] (BSN [BSN]) belde met [TELEFOON].");
}

TEST(HiddenControlTest, FindsBidiControlsAndTagCharacters) {
  EXPECT_FALSE(FindHiddenControl("Gewone tekst, met é, € en “quotes”.").has_value());
  EXPECT_FALSE(FindHiddenControl("").has_value());
  const std::string rlo = "BSN " + U(0x202E) + "34321 9999" + U(0x202C);
  std::optional<HiddenControl> found = FindHiddenControl(rlo);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->code_point, 0x202E);
  EXPECT_EQ(found->offset, 4u);
  EXPECT_EQ(found->count, 2u);
  EXPECT_EQ(found->description, "a right-to-left override");
  for (char32_t cp : {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                      0x200E, 0x200F, 0x061C, 0xE0001, 0xE0020, 0xE0041, 0xE007F}) {
    found = FindHiddenControl("a" + U(cp) + "b");
    ASSERT_TRUE(found.has_value()) << std::hex << static_cast<uint32_t>(cp);
    EXPECT_EQ(found->code_point, static_cast<int32_t>(cp));
    EXPECT_EQ(found->offset, 1u);
    EXPECT_FALSE(found->description.empty());
  }
  // Other invisible characters are harmless to the gate: it drops them.
  for (char32_t cp : {0x200B, 0x200D, 0x00AD, 0x2060, 0xFE0F, 0x2800}) {
    EXPECT_FALSE(FindHiddenControl("a" + U(cp) + "b").has_value()) << std::hex << static_cast<uint32_t>(cp);
  }
  // Invalid UTF-8 is not this function's business, and must not crash it.
  EXPECT_FALSE(FindHiddenControl("a\xE2\x80").has_value());
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

// A list can only say a name is not personal: numbers, addresses and
// e-mail addresses are found whatever it holds.
TEST_F(GateTest, AnAllowListNeverTurnsOffNumbersOrAddresses) {
  AllowList allow({"123456782", "06-41237785", "anouk@example.nl", "Henk de Vries"});
  EXPECT_EQ(Marked("Henk de Vries, BSN 123456782, 06-41237785, anouk@example.nl.", &allow),
            "Henk de Vries, BSN «BSN|123456782», «PHONE|06-41237785», «EMAIL|anouk@example.nl».");
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
