// AIP-203 on input: no OUTPUT_ONLY field a client sends survives into
// storage. The planted fields are found by walking the descriptors, so a
// field added to the API later is covered without touching this test.
#include "domain/output_only.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/test_world.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/standard.pb.h"
#include "store/keys.h"
#include "testing/recognisable_value.h"

namespace kompas::domain {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kPlanted[] = "communities/noord/sessions/planted";
constexpr int kPlantedNumber = 4242;

// Gives every field of `m` a recognisable value, nested messages included
// (to `depth`).
void FillAll(Message& m, int depth) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_map()) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (depth > 0) FillAll(f->is_repeated() ? *r->AddMessage(&m, f) : *r->MutableMessage(&m, f), depth - 1);
      continue;
    }
    kompas::testing::SetRecognisable(m, f, kPlanted, kPlantedNumber);
  }
}

// Calls visit(f, path) for every field f of `m`'s type, where path is
// `prefix` followed by f's name.
template <typename Visit>
void ForEachField(const Message& m, const std::string& prefix, Visit visit) {
  const Descriptor* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) visit(d->field(i), prefix + d->field(i)->name());
}

// Sets every OUTPUT_ONLY field of `m` (and of its set sub-messages) to a
// planted value; returns their paths.
std::vector<std::string> Plant(Message& m, const std::string& prefix = "") {
  std::vector<std::string> planted;
  const Reflection* r = m.GetReflection();
  ForEachField(m, prefix, [&](const FieldDescriptor* f, const std::string& path) {
    if (IsOutputOnly(*f)) {
      // Fill just this field: a scratch copy of the message filled whole.
      std::unique_ptr<Message> scratch(m.New());
      FillAll(*scratch, 2);
      r->ClearField(&m, f);
      std::vector<const FieldDescriptor*> one{f};
      r->SwapFields(&m, scratch.get(), one);
      planted.push_back(path);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated() &&
               r->HasField(m, f)) {
      for (std::string& p : Plant(*r->MutableMessage(&m, f), path + ".")) planted.push_back(p);
    }
  });
  return planted;
}

// The paths of `stored` whose value is still the one `planted` carried in an
// OUTPUT_ONLY field.
std::vector<std::string> Survivors(const Message& planted, const Message& stored,
                                   const std::string& prefix = "") {
  std::vector<std::string> out;
  const Descriptor* d = planted.GetDescriptor();
  const Reflection* r = planted.GetReflection();
  ForEachField(planted, prefix, [&](const FieldDescriptor* f, const std::string& path) {
    const bool present = f->is_repeated() ? r->FieldSize(planted, f) > 0 : r->HasField(planted, f);
    if (!present) return;
    if (IsOutputOnly(*f)) {
      std::unique_ptr<Message> a(planted.New()), b(stored.New());
      std::vector<const FieldDescriptor*> one{f};
      a->CopyFrom(planted);
      b->CopyFrom(stored);
      // Compare just field f: clear everything else of both copies.
      for (int j = 0; j < d->field_count(); ++j) {
        if (d->field(j) == f) continue;
        a->GetReflection()->ClearField(a.get(), d->field(j));
        b->GetReflection()->ClearField(b.get(), d->field(j));
      }
      bool survived = google::protobuf::util::MessageDifferencer::Equals(*a, *b);
      // A repeated string with the planted entry among others survived too.
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && f->is_repeated()) {
        for (int j = 0; j < stored.GetReflection()->FieldSize(stored, f); ++j) {
          survived |= stored.GetReflection()->GetRepeatedString(stored, f, j) == kPlanted;
        }
      }
      if (survived) out.push_back(path);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated()) {
      for (std::string& p : Survivors(r->GetMessage(planted, f),
                                      stored.GetReflection()->GetMessage(stored, f), path + ".")) {
        out.push_back(p);
      }
    }
  });
  return out;
}

template <typename T>
T Stored(store::Store& store, store::Table table, const std::string& key) {
  auto raw = store.Get(table, key);
  EXPECT_TRUE(raw.ok() && raw->has_value()) << key;
  T record;
  if (raw.ok() && raw->has_value()) {
    EXPECT_TRUE(record.ParseFromString(**raw));
  }
  return record;
}

std::string LastPart(const std::string& name) { return name.substr(name.rfind('/') + 1); }

TEST(ClearOutputOnlyTest, ClearsEveryOutputOnlyFieldAtAnyDepthAndKeepsTheRest) {
  v1::Session s;
  FillAll(s, 3);
  ClearOutputOnly(s);
  EXPECT_TRUE(s.state() == v1::SESSION_STATE_UNSPECIFIED);
  EXPECT_FALSE(s.has_phase());
  EXPECT_EQ(s.participants_size(), 0);
  EXPECT_EQ(s.parked_questions_size(), 0);
  EXPECT_FALSE(s.has_create_time());
  EXPECT_EQ(s.name(), kPlanted);   // IDENTIFIER, not OUTPUT_ONLY
  EXPECT_EQ(s.case_(), kPlanted);  // the client names the case

  // Inside a kept message (a case's framing) nothing is lost.
  v1::Case c;
  FillAll(c, 3);
  ClearOutputOnly(c);
  EXPECT_FALSE(c.has_anonymization());
  EXPECT_TRUE(c.active_session().empty());
  EXPECT_EQ(c.derived_standards_size(), 0);
  EXPECT_EQ(c.reflection_count(), 0);
  EXPECT_TRUE(c.author().empty());
  EXPECT_EQ(c.title(), kPlanted);
  EXPECT_EQ(c.etag(), kPlanted);
  EXPECT_EQ(c.framing().task(), kPlanted);
}

TEST(ClearOutputOnlyTest, FindsTheOutputOnlyFieldsOfACaseByItsDescriptor) {
  v1::Case c;
  c.set_title("t");
  const std::vector<std::string> planted = Plant(c);
  for (const char* field : {"author", "create_time", "update_time", "anonymization",
                            "active_session", "derived_standards", "reflection_count"}) {
    EXPECT_NE(std::find(planted.begin(), planted.end(), field), planted.end()) << field;
  }
}

class OutputOnlyInStorageTest : public ::testing::Test {
 protected:
  testing::TestWorld w_;
};

TEST_F(OutputOnlyInStorageTest, CreateCaseStoresNoOutputOnlyFieldOfTheRequest) {
  v1::CreateCaseRequest r = testing::CaseRequest("Een casus");
  r.mutable_case_()->set_situation("Een situatie.");
  const std::vector<std::string> planted = Plant(*r.mutable_case_());
  ASSERT_FALSE(planted.empty());
  // The checker itself: every planted field is found when it does survive.
  EXPECT_EQ(Survivors(r.case_(), r.case_()), planted);
  auto made = w_.cases().Create(w_.As("ann"), r);
  ASSERT_TRUE(made.ok()) << made.status();
  const auto stored = Stored<v1::Case>(w_.store(), store::Table::kCases,
                                       store::keys::Case("noord", LastPart(made->name())));
  EXPECT_EQ(Survivors(r.case_(), stored), std::vector<std::string>());
  EXPECT_EQ(Survivors(r.case_(), *made), std::vector<std::string>());
  EXPECT_TRUE(stored.active_session().empty());
  EXPECT_EQ(stored.derived_standards_size(), 0);
  EXPECT_EQ(stored.author(), "communities/noord/members/ann");
}

TEST_F(OutputOnlyInStorageTest, UpdateCaseStoresNoOutputOnlyFieldOfTheRequest) {
  const v1::Case c = w_.NewCase();
  v1::UpdateCaseRequest r;
  *r.mutable_case_() = c;
  r.mutable_case_()->set_title("Een nieuwe titel");
  const std::vector<std::string> planted = Plant(*r.mutable_case_());
  ASSERT_FALSE(planted.empty());
  r.mutable_update_mask()->add_paths("title");
  auto updated = w_.cases().Update(w_.As("ann"), r);
  ASSERT_TRUE(updated.ok()) << updated.status();
  const auto stored = Stored<v1::Case>(w_.store(), store::Table::kCases,
                                       store::keys::Case("noord", LastPart(c.name())));
  EXPECT_EQ(stored.title(), "Een nieuwe titel");
  EXPECT_EQ(Survivors(r.case_(), stored), std::vector<std::string>());
}

TEST_F(OutputOnlyInStorageTest, CreateReflectionStoresNoOutputOnlyFieldOfTheRequest) {
  const v1::Case c = w_.NewCase();
  v1::CreateReflectionRequest r;
  r.set_parent(c.name());
  r.mutable_reflection()->set_kind(v1::REFLECTION_KIND_QUESTION);
  r.mutable_reflection()->set_text("Wat vond je lastig?");
  ASSERT_FALSE(Plant(*r.mutable_reflection()).empty());
  auto made = w_.cases().CreateReflection(w_.As("bob"), r);
  ASSERT_TRUE(made.ok()) << made.status();
  const auto stored = Stored<v1::Reflection>(
      w_.store(), store::Table::kReflections,
      store::keys::Reflection("noord", LastPart(c.name()), LastPart(made->name())));
  EXPECT_EQ(Survivors(r.reflection(), stored), std::vector<std::string>());
}

}  // namespace
}  // namespace kompas::domain
