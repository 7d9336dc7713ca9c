// Standards, their endorsements, errata and positions against a real store.
#include "domain/standards.h"

#include <string>

#include "domain/test_world.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::domain {
namespace {

using ::testing::HasSubstr;

class StandardsTest : public ::testing::Test {
 protected:
  v1::Standard Draft(const std::string& title = "Vraag eerst toestemming") {
    v1::CreateStandardRequest r;
    r.set_parent(testing::kCommunity);
    v1::StandardContent* c = r.mutable_standard()->mutable_content();
    c->set_title(title);
    c->set_kind(v1::STANDARD_KIND_RULE_OF_THUMB);
    c->set_modality(v1::MODALITY_SHOULD);
    c->set_statement("Vraag eerst toestemming voordat je gegevens deelt.");
    return testing::ValueOrFail(w_.standards().Create(w_.As("ann"), r));
  }

  // Drafted, proposed, endorsed from both municipalities and adopted.
  v1::Standard Adopted() {
    const v1::Standard s = Draft();
    v1::ProposeStandardRequest propose;
    propose.set_name(s.name());
    EXPECT_TRUE(w_.standards().Propose(w_.As("ann"), propose).ok());
    for (const char* member : {"ann", "bob"}) {
      v1::EndorseStandardRequest endorse;
      endorse.set_name(s.name());
      auto e = w_.standards().Endorse(w_.As(member), endorse);
      EXPECT_TRUE(e.ok()) << e.status();
    }
    v1::AdoptStandardRequest adopt;
    adopt.set_name(s.name());
    return testing::ValueOrFail(w_.standards().Adopt(w_.As("ann"), adopt));
  }

  testing::TestWorld w_;
};

TEST_F(StandardsTest, CreateStartsADraftAtRevisionOneAndUpdateChecksTheEtag) {
  const v1::Standard s = Draft();
  EXPECT_EQ(s.status(), v1::STANDARD_STATUS_DRAFT);
  EXPECT_EQ(s.revision(), 1);
  EXPECT_EQ(s.author(), "communities/noord/members/ann");

  v1::UpdateStandardRequest update;
  *update.mutable_standard() = s;
  update.mutable_standard()->mutable_content()->set_title("Vraag altijd eerst toestemming");
  update.mutable_update_mask()->add_paths("content.title");
  update.set_change_note("Duidelijker");
  auto updated = w_.standards().Update(w_.As("ann"), update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->revision(), 2);
  EXPECT_NE(updated->etag(), s.etag());

  // The same request again carries the old etag now.
  auto stale = w_.standards().Update(w_.As("ann"), update);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(stale.status().message()), HasSubstr("changed by someone else"));
}

TEST_F(StandardsTest, ListPagesWithATokenBoundToItsFilters) {
  for (int i = 0; i < 3; ++i) Draft("Standaard " + std::to_string(i));
  v1::ListStandardsRequest r;
  r.set_parent(testing::kCommunity);
  v1::ListStandardsResponse first, second;
  ASSERT_NO_FATAL_FAILURE(testing::ExpectTwoPages(
      r, {2, 1},
      [&](const v1::ListStandardsRequest& req) { return w_.standards().List(w_.As("bob"), req); },
      [](const v1::ListStandardsResponse& page) { return page.standards_size(); }, &first,
      &second));
  r.set_status(v1::STANDARD_STATUS_DRAFT);  // other filters: the token does not fit
  EXPECT_EQ(w_.standards().List(w_.As("bob"), r).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StandardsTest, ListErrataIsPaged) {
  const v1::Standard s = Adopted();
  ASSERT_EQ(s.status(), v1::STANDARD_STATUS_ADOPTED);
  for (int i = 0; i < 3; ++i) {
    v1::ReportErratumRequest r;
    r.set_parent(s.name());
    r.mutable_erratum()->set_description("Een tikfout in zin " + std::to_string(i + 1) + ".");
    auto e = w_.standards().ReportErratum(w_.As("bob"), r);
    ASSERT_TRUE(e.ok()) << e.status();
  }
  v1::ListErrataRequest list;
  list.set_parent(s.name());
  v1::ListErrataResponse first, second;
  ASSERT_NO_FATAL_FAILURE(testing::ExpectTwoPages(
      list, {2, 1},
      [&](const v1::ListErrataRequest& req) { return w_.standards().ListErrata(w_.As("ann"), req); },
      [](const v1::ListErrataResponse& page) { return page.errata_size(); }, &first, &second));
  EXPECT_NE(second.errata(0).name(), first.errata(0).name());
  EXPECT_NE(second.errata(0).name(), first.errata(1).name());

  // Without a page size: the default page, everything here.
  v1::ListErrataRequest all;
  all.set_parent(s.name());
  auto everything = w_.standards().ListErrata(w_.As("ann"), all);
  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(everything->errata_size(), 3);
  all.set_page_size(-1);
  EXPECT_EQ(w_.standards().ListErrata(w_.As("ann"), all).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StandardsTest, ListPositionsIsPagedAndTheRegisterSeesEveryPage) {
  const v1::Standard s = Adopted();
  for (const auto& [member, code] : {std::pair<const char*, const char*>{"ann", "GM0001"},
                                     std::pair<const char*, const char*>{"bob", "GM0002"}}) {
    v1::SetPositionRequest r;
    r.mutable_position()->set_name(s.name() + "/positions/" + code);
    r.mutable_position()->set_stance(v1::STANCE_FOLLOWS);
    r.mutable_position()->mutable_review_on()->set_year(2030);
    r.mutable_position()->mutable_review_on()->set_month(1);
    r.mutable_position()->mutable_review_on()->set_day(1);
    auto p = w_.standards().SetPosition(w_.As(member), r);
    ASSERT_TRUE(p.ok()) << p.status();
  }
  v1::ListPositionsRequest list;
  list.set_parent(testing::kCommunity);
  v1::ListPositionsResponse first, second;
  ASSERT_NO_FATAL_FAILURE(testing::ExpectTwoPages(
      list, {1, 1},
      [&](const v1::ListPositionsRequest& req) {
        return w_.standards().ListPositions(w_.As("ann"), req);
      },
      [](const v1::ListPositionsResponse& page) { return page.positions_size(); }, &first, &second));
  EXPECT_THAT(first.positions(0).name(), HasSubstr("GM0001"));
  EXPECT_THAT(second.positions(0).name(), HasSubstr("GM0002"));

  v1::GetRegisterSummaryRequest summary;
  summary.set_parent(testing::kCommunity);
  auto register_summary = w_.standards().GetRegisterSummary(w_.As("ann"), summary);
  ASSERT_TRUE(register_summary.ok()) << register_summary.status();
  int follows = 0;
  for (const auto& line : register_summary->municipalities()) follows += line.follows();
  EXPECT_EQ(follows, 2);
}

}  // namespace
}  // namespace kompas::domain
