#include "findings.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.pb.h"

namespace kompas::cli {
namespace {

using ::testing::HasSubstr;

v1::TextFinding Finding(int start, int end, v1::PiiKind kind,
                        v1::PiiSeverity severity = v1::PII_SEVERITY_BLOCK) {
  v1::TextFinding f;
  f.set_field("case.situation");
  f.set_start(start);
  f.set_end(end);
  f.set_kind(kind);
  f.set_severity(severity);
  return f;
}

TEST(FindingsTest, MarksSpansByBytesWithoutSplittingCodePoints) {
  const std::string text = "Zoë Çelik belde.";  // ë and Ç are two bytes each
  Findings findings;
  *findings.Add() = Finding(0, 11, v1::PII_KIND_PERSON);
  EXPECT_EQ(MarkFindings(text, findings, /*ansi=*/false), "⟦Zoë Çelik|NAAM⟧ belde.");
  // A span that ends inside a code point is widened to the whole code point.
  auto snapped = SnapSpan(text, 0, 3);
  ASSERT_TRUE(snapped.has_value());
  EXPECT_EQ(snapped->second, 4u);
  EXPECT_FALSE(SnapSpan(text, 5, 500).has_value());
  EXPECT_FALSE(SnapSpan(text, 4, 4).has_value());
}

TEST(FindingsTest, ListsFindingsWithKindsAndSeverity) {
  const std::string text = "Mevrouw Bakker op basisschool De Regenboog";
  Findings findings;
  *findings.Add() = Finding(0, 14, v1::PII_KIND_PERSON);
  *findings.Add() = Finding(18, 42, v1::PII_KIND_INSTITUTION, v1::PII_SEVERITY_WARN);
  absl::string_view view(text);
  std::string list = FindingList(findings, &view);
  EXPECT_THAT(list, HasSubstr("BLOCK"));
  EXPECT_THAT(list, HasSubstr("\"Mevrouw Bakker\""));
  EXPECT_THAT(list, HasSubstr("WARN"));
  EXPECT_THAT(MarkFindings(text, findings, false), HasSubstr("⟦basisschool De Regenboog|"));
}

TEST(FindingsTest, ResolvesRequestFieldPaths) {
  v1::CreateCaseRequest request;
  request.mutable_case_()->set_situation("situatie");
  request.mutable_case_()->mutable_framing()->set_task("taak");
  request.mutable_case_()->add_options("een");
  request.mutable_case_()->add_options("twee");
  EXPECT_EQ(ResolveFieldPath(request, "case.situation"), "situatie");
  EXPECT_EQ(ResolveFieldPath(request, "case.framing.task"), "taak");
  EXPECT_EQ(ResolveFieldPath(request, "case.options[1]"), "twee");
  EXPECT_FALSE(ResolveFieldPath(request, "case.options[2]").has_value());
  EXPECT_FALSE(ResolveFieldPath(request, "case.nope").has_value());
  EXPECT_FALSE(ResolveFieldPath(request, "case.framing").has_value());
}

TEST(FindingsTest, NoteSaysWhatTheGateDid) {
  v1::AnonymizationReport report;
  report.set_mode(v1::PRIVACY_MODE_REDACT);
  (*report.mutable_counts())["PERSON"] = 2;
  (*report.mutable_counts())["BSN"] = 1;
  report.set_gate_version("test-1");
  std::string note = AnonymizationNote(report, nullptr);
  EXPECT_THAT(note, HasSubstr("2 NAAM"));
  EXPECT_THAT(note, HasSubstr("1 BSN"));
  EXPECT_EQ(AnonymizationNote(v1::AnonymizationReport(), nullptr), "");
}

}  // namespace
}  // namespace kompas::cli
