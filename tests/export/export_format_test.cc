// kompas-export's documents against golden files. The input is
// input.textproto; the goldens sit beside it. To rewrite them after an
// intended change, run this test with KOMPAS_UPDATE_GOLDEN=1 (the tests that
// compare then write the golden instead and report as skipped), and read the
// diff before committing.
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <absl/strings/str_split.h>
#include <absl/strings/string_view.h>
#include <google/protobuf/text_format.h>

#include "export_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/kompas.pb.h"

namespace kompas::exporter {
namespace {

using ::testing::ElementsAre;

const std::string kTestData = KOMPAS_EXPORT_TESTDATA;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.is_open()) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The stream ExportKompas would send for input.textproto: the header without
// standards, then the standards in file order.
struct Stream {
  v1::Kompas header;
  std::vector<v1::Standard> standards;
};

Stream Input() {
  v1::Kompas kompas;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      ReadFile(kTestData + "/input.textproto"), &kompas));
  Stream stream;
  stream.standards.assign(kompas.standards().begin(), kompas.standards().end());
  kompas.clear_standards();
  stream.header = kompas;
  return stream;
}

bool UpdateGoldens() {
  const char* update = std::getenv("KOMPAS_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

// Compares `actual` with the golden file byte for byte, or rewrites the
// golden when KOMPAS_UPDATE_GOLDEN=1.
void ExpectGolden(const std::string& file, const std::string& actual) {
  const std::string path = kTestData + "/" + file;
  if (UpdateGoldens()) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    GTEST_SKIP() << "wrote " << path;
  }
  EXPECT_EQ(actual, ReadFile(path)) << "differs from " << path
                                    << "; see the top of this file to rewrite it";
}

TEST(ExportFormatTest, MarkdownMatchesGolden) {
  Stream in = Input();
  ExpectGolden("golden.md", ToMarkdown(in.header, in.standards));
}

TEST(ExportFormatTest, JsonMatchesGolden) {
  Stream in = Input();
  absl::StatusOr<std::string> json = ToJson(in.header, in.standards);
  ASSERT_TRUE(json.ok()) << json.status();
  ExpectGolden("golden.json", *json);
}

TEST(ExportFormatTest, CsvMatchesGolden) {
  Stream in = Input();
  ExpectGolden("golden.csv", ToCsv(in.header, in.standards));
}

TEST(ExportFormatTest, FormattingTwiceGivesTheSameBytes) {
  Stream in = Input();
  EXPECT_EQ(ToMarkdown(in.header, in.standards), ToMarkdown(in.header, in.standards));
  EXPECT_EQ(ToCsv(in.header, in.standards), ToCsv(in.header, in.standards));
  absl::StatusOr<std::string> first = ToJson(in.header, in.standards);
  absl::StatusOr<std::string> second = ToJson(in.header, in.standards);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
}

TEST(ExportFormatTest, TheHeadersOwnStandardsAreIgnored) {
  Stream in = Input();
  v1::Kompas header = in.header;
  *header.add_standards() = in.standards[0];
  EXPECT_EQ(ToMarkdown(header, in.standards), ToMarkdown(in.header, in.standards));
  EXPECT_EQ(*ToJson(header, in.standards), *ToJson(in.header, in.standards));
}

// Every line that Markdown would read as a heading, in order.
std::vector<std::string> Headings(const std::string& markdown) {
  std::vector<std::string> headings;
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    if (!line.empty() && line[0] == '#') headings.emplace_back(line);
  }
  return headings;
}

TEST(ExportFormatTest, UserTextCannotAddBlocksToTheMarkdown) {
  v1::Kompas header;
  header.set_name("communities/wijkteams/kompasVersions/1");
  header.set_version(1);
  header.set_release_notes("## Geen kop\n<!-- geen commentaar\n    geen code");
  v1::Standard s;
  s.mutable_content()->set_title("Regel #");
  s.mutable_content()->set_kind(v1::STANDARD_KIND_MUST_DO);
  s.mutable_content()->set_statement(
      "# kop\nTekst\n===\n* item\n+ item\n2) item\n```\n~~~\n[x]: https://example.org\n"
      "| a | b |\n|---|---|\n<details>\n#hashtag blijft\n-5 graden blijft");
  const std::string md = ToMarkdown(header, {s});
  EXPECT_THAT(Headings(md),
              ElementsAre("# Kompas wijkteams — v1", "## Toelichting bij deze versie",
                          "## Must-do's", "### Regel \\#", "#hashtag blijft\\"));
  // "#hashtag" is no heading: '#' needs a blank after it to start one.
  for (absl::string_view line : absl::StrSplit(md, '\n')) {
    for (absl::string_view marker : {"* ", "+ ", "2) ", "```", "~~~", "[x]:", "|---", "===",
                                     "<", "    "}) {
      EXPECT_FALSE(absl::StartsWith(line, marker)) << "line: " << line;
    }
  }
  EXPECT_THAT(md, ::testing::HasSubstr("\\<details>"));
  EXPECT_THAT(md, ::testing::HasSubstr("\\<!-- geen commentaar"));
  EXPECT_THAT(md, ::testing::HasSubstr("-5 graden blijft"));
}

TEST(ExportFormatTest, CsvQuotesOnlyWhatNeedsIt) {
  v1::Standard s;
  s.set_name("communities/c/standards/x");
  s.mutable_content()->set_title("gewoon");
  s.mutable_content()->set_statement("met, komma");
  s.mutable_content()->set_rationale("met \"quote\"\r\nen regel");
  const std::string csv = ToCsv(v1::Kompas(), {s});
  const std::string row = csv.substr(csv.find("\r\n") + 2);
  EXPECT_EQ(row,
            "communities/c/standards/x,0,STANDARD_STATUS_UNSPECIFIED,STANDARD_KIND_UNSPECIFIED,"
            "MODALITY_UNSPECIFIED,gewoon,\"met, komma\",\"met \"\"quote\"\"\r\nen regel\","
            ",,,,,\r\n");
}

}  // namespace
}  // namespace kompas::exporter
