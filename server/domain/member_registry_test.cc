// Member removal walks every table that names a member, each registered by
// its module, and excludes the writers of all of them while it runs.
#include "domain/member_registry.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "domain/test_world.h"
#include "gtest/gtest.h"

namespace kompas::domain {
namespace {

using store::Table;

class MemberRegistryTest : public ::testing::Test {
 protected:
  testing::TestWorld w_;
};

TEST_F(MemberRegistryTest, EveryModuleRegisteredTheTablesThatNameMembers) {
  const std::vector<Table> tables = w_.cases().member_registry().Tables();
  for (Table t : {Table::kCases, Table::kReflections, Table::kSessions, Table::kSessionEvents,
                  Table::kParkedQuestions, Table::kStandards, Table::kStandardRevisions,
                  Table::kErrata, Table::kPositions, Table::kKompasVersions,
                  Table::kAnnotations}) {
    EXPECT_NE(std::find(tables.begin(), tables.end(), t), tables.end()) << store::TableName(t);
  }
}

TEST_F(MemberRegistryTest, RemoveMemberRenamesCasesAndStandardsAlike) {
  const v1::Case c = w_.NewCase();
  v1::CreateStandardRequest create;
  create.set_parent(testing::kCommunity);
  v1::StandardContent* content = create.mutable_standard()->mutable_content();
  content->set_title("Een standaard");
  content->set_kind(v1::STANDARD_KIND_RULE_OF_THUMB);
  content->set_modality(v1::MODALITY_SHOULD);
  content->set_statement("Doe het zo.");
  auto s = w_.standards().Create(w_.As("ann"), create);
  ASSERT_TRUE(s.ok()) << s.status();

  auto removed = w_.RemoveMember("ann");
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(removed->contributions(), 1);  // the case; standards are not counted

  auto case_after = w_.GetCase(c.name(), "bob");
  ASSERT_TRUE(case_after.ok()) << case_after.status();
  EXPECT_EQ(case_after->author(), removed->pseudonym());
  v1::GetStandardRequest get_standard;
  get_standard.set_name(s->name());
  auto standard_after = w_.standards().Get(w_.As("bob"), get_standard);
  ASSERT_TRUE(standard_after.ok());
  EXPECT_EQ(standard_after->author(), removed->pseudonym());
}

TEST_F(MemberRegistryTest, ExclusiveHoldsBackWritersOfEveryRegisteredModule) {
  std::atomic<bool> case_locked{false}, standard_locked{false};
  std::thread case_writer, standard_writer;
  {
    MemberRegistry::Exclusive hold(w_.cases().member_registry());
    case_writer = std::thread([&] {
      auto lock = w_.cases().LockCase("noord", "x");
      case_locked = true;
    });
    standard_writer = std::thread([&] {
      auto lock = w_.standards().LockStandard("noord", "y");
      standard_locked = true;
    });
    absl::SleepFor(absl::Milliseconds(100));
    EXPECT_FALSE(case_locked);
    EXPECT_FALSE(standard_locked);
  }
  case_writer.join();
  standard_writer.join();
  EXPECT_TRUE(case_locked);
  EXPECT_TRUE(standard_locked);
}

}  // namespace
}  // namespace kompas::domain
