// A test fixture for tests of the PII gate: one Gate for the whole suite
// (loading the gazetteers is the slow part), and expectations written as
// tables of text and the same text with each finding marked «KIND|span».
//
//   class MyGateTest : public kompas::testing::GateFixture {};
//   TEST_F(MyGateTest, Phones) {
//     ExpectMarked({
//         {"bel 06-12345678", "bel «PHONE|06-12345678»"},
//     });
//     ExpectClean({"Bel 112 bij gevaar."});
//   }
#ifndef KOMPAS_TESTING_GATE_FIXTURE_H_
#define KOMPAS_TESTING_GATE_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "privacy/gate.h"

namespace kompas::testing {

// One line of a table: a text and what Marked() must make of it.
struct MarkedCase {
  std::string text;
  std::string marked;
};

class GateFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<privacy::Gate>> gate = privacy::Gate::Create(privacy::GateOptions());
    ASSERT_TRUE(gate.ok()) << gate.status();
    gate_ = std::move(gate).value().release();
  }
  static void TearDownTestSuite() {
    delete gate_;
    gate_ = nullptr;
  }

  // The text with each finding marked «KIND|span» — easy to read in a failure.
  static std::string Marked(absl::string_view text, const privacy::AllowList* allow = nullptr) {
    std::string out;
    size_t at = 0;
    for (const privacy::Finding& f : gate_->Scan(text, allow)) {
      absl::StrAppend(&out, text.substr(at, f.start - at), "\xC2\xAB", privacy::KindName(f.kind), "|",
                      text.substr(f.start, f.end - f.start), "\xC2\xBB");
      at = f.end;
    }
    absl::StrAppend(&out, text.substr(at));
    return out;
  }
  static bool Clean(absl::string_view text) { return gate_->Scan(text).empty(); }

  // EXPECT_EQ(Marked(c.text), c.marked) for every line of `cases`.
  static void ExpectMarked(const std::vector<MarkedCase>& cases) {
    for (const MarkedCase& c : cases) EXPECT_EQ(Marked(c.text), c.marked);
  }
  // EXPECT_TRUE(Clean(text)) for every text: the gate finds nothing in them.
  static void ExpectClean(const std::vector<std::string>& texts) {
    for (const std::string& text : texts) EXPECT_TRUE(Clean(text)) << text;
  }

  // Owned; static so that one gate serves the whole suite.
  static inline privacy::Gate* gate_ = nullptr;
};

}  // namespace kompas::testing

#endif  // KOMPAS_TESTING_GATE_FIXTURE_H_
