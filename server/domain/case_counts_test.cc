// A case's reflection_count against a real store: kept by a merge in each
// reflection's own batch, shown wherever a case is handed out, never set by
// a client, dropped with its case, and built once for an older store.
#include <string>
#include <thread>
#include <vector>

#include "domain/cases.h"
#include "domain/test_world.h"
#include "gtest/gtest.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;

class CaseCountsTest : public ::testing::Test {
 protected:
  absl::Status Reflect(const v1::Case& c, const std::string& member) {
    v1::CreateReflectionRequest r;
    r.set_parent(c.name());
    r.mutable_reflection()->set_kind(v1::REFLECTION_KIND_EXPERIENCE);
    r.mutable_reflection()->set_text("Dit herken ik uit mijn eigen praktijk.");
    return w_.cases().CreateReflection(w_.As(member), r).status();
  }
  int CountByGet(const v1::Case& c) {
    auto got = w_.GetCase(c.name(), "bob");
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? got->reflection_count() : -1;
  }
  // The count ListCases shows for `c`, with the status filter too (which
  // reads the cases through their index rather than in one scan).
  int CountByList(const v1::Case& c, bool by_status = false) {
    v1::ListCasesRequest list;
    list.set_parent(testing::kCommunity);
    if (by_status) list.set_status(c.status());
    auto listed = w_.cases().List(w_.As("bob"), list);
    EXPECT_TRUE(listed.ok()) << listed.status();
    if (!listed.ok()) return -1;
    for (const v1::Case& x : listed->cases()) {
      if (x.name() == c.name()) return x.reflection_count();
    }
    ADD_FAILURE() << c.name() << " not listed";
    return -1;
  }
  std::string CountsKey(const v1::Case& c) {
    return store::keys::Case("noord", std::string(IdOfName(c.name())));
  }
  v1::Case StoredCase(const v1::Case& c) {
    v1::Case stored;
    auto raw = w_.store().Get(Table::kCases, CountsKey(c));
    EXPECT_TRUE(raw.ok() && raw->has_value());
    if (raw.ok() && raw->has_value()) {
      EXPECT_TRUE(stored.ParseFromString(**raw));
    }
    return stored;
  }

  testing::TestWorld w_;
};

TEST_F(CaseCountsTest, GoesFromZeroToOneToTwoInGetAndList) {
  const v1::Case c = w_.NewCase("Met inbreng");
  const v1::Case other = w_.NewCase("Zonder inbreng");
  EXPECT_EQ(c.reflection_count(), 0);
  EXPECT_EQ(CountByGet(c), 0);
  EXPECT_EQ(CountByList(c), 0);
  for (int expected : {1, 2}) {
    ASSERT_TRUE(Reflect(c, expected == 1 ? "bob" : "pia").ok());
    EXPECT_EQ(CountByGet(c), expected);
    EXPECT_EQ(CountByList(c), expected);
    EXPECT_EQ(CountByList(c, /*by_status=*/true), expected);
  }
  EXPECT_EQ(CountByGet(other), 0);
  EXPECT_EQ(CountByList(other), 0);

  // The case UpdateCase returns carries it too.
  v1::UpdateCaseRequest update;
  *update.mutable_case_() = c;
  update.mutable_case_()->set_title("Met inbreng, herzien");
  update.mutable_update_mask()->add_paths("title");
  auto updated = w_.cases().Update(w_.As("ann"), update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->reflection_count(), 2);
}

TEST_F(CaseCountsTest, AClientCannotSetIt) {
  v1::CreateCaseRequest create;
  create.set_parent(testing::kCommunity);
  create.mutable_case_()->set_title("Een casus");
  create.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
  create.mutable_case_()->set_reflection_count(99);
  auto made = w_.cases().Create(w_.As("ann"), create);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(made->reflection_count(), 0);
  EXPECT_EQ(CountByGet(*made), 0);
  ASSERT_TRUE(Reflect(*made, "bob").ok());

  // Sent back on an update (a read-modify-write), it is ignored...
  v1::UpdateCaseRequest update;
  *update.mutable_case_() = *made;
  update.mutable_case_()->set_reflection_count(99);
  update.mutable_case_()->set_title("Een andere titel");
  update.mutable_update_mask()->add_paths("title");
  auto updated = w_.cases().Update(w_.As("ann"), update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->reflection_count(), 1);
  EXPECT_EQ(CountByGet(*made), 1);
  EXPECT_EQ(CountByList(*made), 1);
  // ...never stored with the case (the counter is the one truth)...
  EXPECT_EQ(StoredCase(*made).reflection_count(), 0);
  // ...and cannot be named in the mask.
  update.mutable_case_()->set_etag(updated->etag());
  update.mutable_update_mask()->set_paths(0, "reflection_count");
  EXPECT_EQ(w_.cases().Update(w_.As("ann"), update).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountByGet(*made), 1);
}

TEST_F(CaseCountsTest, FourConcurrentReflectorsAreCountedExactly) {
  const v1::Case c = w_.NewCase();
  constexpr int kEach = 10;
  const std::vector<std::string> reflectors = {"ann", "bob", "pia", "bob"};
  std::vector<std::thread> threads;
  std::vector<int> failures(reflectors.size(), 0);
  for (size_t t = 0; t < reflectors.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) failures[t] += Reflect(c, reflectors[t]).ok() ? 0 : 1;
    });
  }
  for (std::thread& t : threads) t.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  const int total = kEach * static_cast<int>(reflectors.size());
  EXPECT_EQ(CountByGet(c), total);
  EXPECT_EQ(CountByList(c), total);
  v1::ListReflectionsRequest list;
  list.set_parent(c.name());
  list.set_page_size(200);
  auto listed = w_.cases().ListReflections(w_.As("bob"), list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->reflections_size(), total);
}

TEST_F(CaseCountsTest, ADeletedCaseTakesItsCountAlong) {
  const v1::Case c = w_.NewCase();
  ASSERT_TRUE(Reflect(c, "bob").ok());
  ASSERT_TRUE(Reflect(c, "bob").ok());
  ASSERT_TRUE(w_.store().Get(Table::kCaseCounts, CountsKey(c))->has_value());
  v1::DeleteCaseRequest del;
  del.set_name(c.name());
  ASSERT_TRUE(w_.cases().Delete(w_.As("ann"), del).ok());
  auto left = w_.store().Get(Table::kCaseCounts, CountsKey(c));
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_FALSE(left->has_value());
}

TEST_F(CaseCountsTest, ARemovedReflectorsReflectionsStillCount) {
  const v1::Case c = w_.NewCase();
  ASSERT_TRUE(Reflect(c, "bob").ok());
  ASSERT_TRUE(Reflect(c, "bob").ok());
  auto removed = w_.RemoveMember("bob");
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(removed->contributions(), 2);
  auto got = w_.GetCase(c.name(), "ann");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->reflection_count(), 2);
}

TEST_F(CaseCountsTest, AnOlderStoreIsCountedOnceAtStartUp) {
  const v1::Case three = w_.NewCase("Drie");
  const v1::Case none = w_.NewCase("Geen");
  const v1::Case one = w_.NewCase("Een");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Reflect(three, "bob").ok());
  ASSERT_TRUE(Reflect(one, "pia").ok());
  // As a store written before case_counts: no counters, no marker.
  store::WriteBatch older;
  for (const v1::Case* c : {&three, &none, &one}) older.Delete(Table::kCaseCounts, CountsKey(*c));
  older.Delete(Table::kMeta, "case_counts");
  ASSERT_TRUE(w_.store().Write(older).ok());
  EXPECT_EQ(CountByGet(three), 0);

  ASSERT_TRUE(UpgradeCaseCounts(w_.store()).ok());
  EXPECT_EQ(CountByGet(three), 3);
  EXPECT_EQ(CountByGet(none), 0);
  EXPECT_EQ(CountByGet(one), 1);
  // Counted by merge from then on.
  ASSERT_TRUE(Reflect(one, "bob").ok());
  EXPECT_EQ(CountByList(one), 2);

  // Later starts count nothing again: the store says it was done.
  store::WriteBatch drop;
  drop.Delete(Table::kCaseCounts, CountsKey(three));
  ASSERT_TRUE(w_.store().Write(drop).ok());
  ASSERT_TRUE(UpgradeCaseCounts(w_.store()).ok());
  EXPECT_EQ(CountByGet(three), 0);
}

}  // namespace
}  // namespace kompas::domain
