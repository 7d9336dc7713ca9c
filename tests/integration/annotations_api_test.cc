// Anchored annotations over real gRPC: each re-anchoring outcome when the
// annotated text is edited, and that no annotation ever disappears.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/annotation.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class AnnotationsApiTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();
    v1::Case c = SampleCase("Annotaties");
    c.set_status(v1::CASE_STATUS_OPEN);
    c.set_situation("De school vroeg of het kind bekend is. Ik twijfelde of ik dat mocht zeggen.");
    ASSERT_TRUE(CreateCase("anna-zaanstad", c, &case_).ok());
  }

  grpc::Status Annotate(const std::string& member, const std::string& exact, v1::Annotation* out,
                        const std::string& body = "Is dit niet een vraag voor de ouders?",
                        const std::string& field = "situation", const std::string& target = "") {
    v1::CreateAnnotationRequest req;
    req.set_parent("communities/wijkteams");
    req.mutable_annotation()->set_target(target.empty() ? case_.name() : target);
    req.mutable_annotation()->set_field(field);
    req.mutable_annotation()->mutable_quote()->set_exact(exact);
    req.mutable_annotation()->set_body(body);
    req.mutable_annotation()->add_tags("ouders");
    return annotation_stub_->CreateAnnotation(As(member).get(), req, out);
  }

  void EditSituation(const std::string& text) {
    v1::UpdateCaseRequest req;
    req.mutable_case_()->set_name(case_.name());
    req.mutable_case_()->set_situation(text);
    req.mutable_update_mask()->add_paths("situation");
    grpc::Status s = case_stub_->UpdateCase(As("anna-zaanstad").get(), req, &case_);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // ListAnnotations in wijkteams as bram-enschede, with the filters of `req`.
  grpc::Status ListAnnotations(v1::ListAnnotationsRequest req, v1::ListAnnotationsResponse* out) {
    req.set_parent(kCommunity);
    return annotation_stub_->ListAnnotations(As(kBram).get(), req, out);
  }

  std::vector<v1::Annotation> OnCase() {
    v1::ListAnnotationsRequest req;
    req.set_target(case_.name());
    req.set_page_size(200);
    v1::ListAnnotationsResponse resp;
    EXPECT_TRUE(ListAnnotations(req, &resp).ok());
    return {resp.annotations().begin(), resp.annotations().end()};
  }

  v1::Case case_;
};

TEST_F(AnnotationsApiTest, KeptMovedOrphanedAndBack) {
  v1::Annotation a;
  ASSERT_TRUE(Annotate("bram-enschede", "vroeg de school", &a).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);  // not in the text
  ASSERT_TRUE(Annotate("bram-enschede", "De school vroeg", &a).ok());
  EXPECT_EQ(a.state(), v1::ANNOTATION_STATE_ANCHORED);
  EXPECT_EQ(a.position().start(), 0);
  EXPECT_EQ(a.position().end(), 15);
  EXPECT_EQ(a.target_revision(), case_.etag());
  EXPECT_EQ(a.motivation(), v1::MOTIVATION_COMMENTING);

  // Text after the words changes: kept.
  EditSituation("De school vroeg of het kind bekend is. Ik twijfelde lang.");
  ASSERT_THAT(OnCase(), SizeIs(1));
  EXPECT_EQ(OnCase()[0].state(), v1::ANNOTATION_STATE_ANCHORED);
  EXPECT_EQ(OnCase()[0].position().start(), 0);
  EXPECT_EQ(OnCase()[0].target_revision(), case_.etag());

  // Text before the words changes: moved with them.
  EditSituation("Op maandag: De school vroeg of het kind bekend is.");
  v1::Annotation moved = OnCase()[0];
  EXPECT_EQ(moved.state(), v1::ANNOTATION_STATE_ANCHORED);
  EXPECT_EQ(moved.position().start(), 12);
  EXPECT_EQ(case_.situation().substr(moved.position().start(),
                                     moved.position().end() - moved.position().start()),
            "De school vroeg");

  // The words are edited away: orphaned, still listed, with its quote.
  EditSituation("Op maandag belde de leerplichtambtenaar.");
  v1::Annotation orphan = OnCase()[0];
  EXPECT_EQ(orphan.state(), v1::ANNOTATION_STATE_ORPHANED);
  EXPECT_EQ(orphan.quote().exact(), "De school vroeg");
  EXPECT_EQ(orphan.body(), "Is dit niet een vraag voor de ouders?");

  // The words come back: anchored again.
  EditSituation("Later: De school vroeg of het kind bekend is.");
  EXPECT_EQ(OnCase()[0].state(), v1::ANNOTATION_STATE_ANCHORED);
}

TEST_F(AnnotationsApiTest, NoAnnotationDisappearsOnAnySequenceOfEdits) {
  const std::vector<std::string> words = {"school", "kind", "ouders", "wijkteam", "toestemming",
                                          "vraag",  "mag",  "delen",  "dossier",  "bekend"};
  std::mt19937 random(20261122);
  auto sentence = [&] {
    std::string s;
    for (int i = 0; i < 12; ++i) absl::StrAppend(&s, i ? " " : "", words[random() % words.size()]);
    return s + ".";
  };
  std::string text = sentence() + " " + sentence() + " " + sentence();
  EditSituation(text);
  std::vector<std::string> quotes = {text.substr(0, 20), text.substr(30, 15), text.substr(60, 25)};
  int created = 0;
  for (const std::string& q : quotes) {
    v1::Annotation a;
    if (Annotate("bram-enschede", q, &a).ok()) ++created;  // an ambiguous quote is refused
  }
  ASSERT_GT(created, 0);
  for (int edit = 0; edit < 25; ++edit) {
    const size_t at = random() % (text.size() + 1);
    switch (random() % 3) {
      case 0: text.insert(at, " " + words[random() % words.size()] + " "); break;
      case 1: text.erase(at, std::min<size_t>(text.size() - at, 1 + random() % 12)); break;
      default: text = sentence() + " " + text; break;
    }
    if (text.empty()) text = sentence();
    EditSituation(text);
    std::vector<v1::Annotation> now = OnCase();
    ASSERT_THAT(now, SizeIs(created)) << "after edit " << edit;
    for (const v1::Annotation& a : now) {
      if (a.state() == v1::ANNOTATION_STATE_ANCHORED) {
        EXPECT_EQ(text.substr(a.position().start(), a.position().end() - a.position().start()),
                  a.quote().exact());
      } else {
        EXPECT_FALSE(a.quote().exact().empty());
      }
    }
  }
}

TEST_F(AnnotationsApiTest, TargetsRulesAndFilters) {
  v1::Annotation a;
  // Ambiguous words need more context.
  EditSituation("Het kind. Het kind. Verder niets.");
  grpc::Status ambiguous = Annotate("bram-enschede", "Het kind", &a);
  EXPECT_EQ(ambiguous.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // Not a text field; personal data in the comment.
  EXPECT_EQ(Annotate("bram-enschede", "Verder", &a, "x", "status").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::Status pii = Annotate("bram-enschede", "Verder", &a, "Bel Jan de Vries op 06-12345678");
  EXPECT_EQ(pii.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Annotate("bram-enschede", "Verder niets", &a).ok());

  // A reflection can be annotated too.
  v1::Reflection r;
  ASSERT_TRUE(Reflect(kBram, case_.name(), v1::REFLECTION_KIND_CONSIDERATION,
                      "Doel en grondslag ontbreken hier.", &r)
                  .ok());
  v1::Annotation on_reflection;
  ASSERT_TRUE(Annotate("anna-zaanstad", "grondslag", &on_reflection, "Welke?", "text", r.name()).ok());

  // Only the author changes or deletes.
  v1::UpdateAnnotationRequest update;
  update.mutable_annotation()->set_name(a.name());
  update.mutable_annotation()->set_body("Beter: eerst de ouders.");
  update.mutable_update_mask()->add_paths("body");
  v1::Annotation updated;
  EXPECT_EQ(annotation_stub_->UpdateAnnotation(As("anna-zaanstad").get(), update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(annotation_stub_->UpdateAnnotation(As("bram-enschede").get(), update, &updated).ok());
  EXPECT_EQ(updated.body(), "Beter: eerst de ouders.");

  v1::ListAnnotationsRequest by_author;
  by_author.set_author("communities/wijkteams/members/anna-zaanstad");
  v1::ListAnnotationsResponse listed;
  ASSERT_TRUE(ListAnnotations(by_author, &listed).ok());
  ASSERT_EQ(listed.annotations_size(), 1);
  EXPECT_EQ(listed.annotations(0).name(), on_reflection.name());
  v1::ListAnnotationsRequest by_tag;
  by_tag.set_tag("ouders");
  ASSERT_TRUE(ListAnnotations(by_tag, &listed).ok());
  EXPECT_EQ(listed.annotations_size(), 2);

  v1::DeleteAnnotationRequest del;
  del.set_name(on_reflection.name());
  google::protobuf::Empty empty;
  EXPECT_EQ(annotation_stub_->DeleteAnnotation(As("bram-enschede").get(), del, &empty).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(annotation_stub_->DeleteAnnotation(As("anna-zaanstad").get(), del, &empty).ok());

  // Deleting the case takes its annotations along.
  v1::DeleteCaseRequest delete_case;
  delete_case.set_name(case_.name());
  ASSERT_TRUE(case_stub_->DeleteCase(As("anna-zaanstad").get(), delete_case, &empty).ok());
  ASSERT_TRUE(ListAnnotations({}, &listed).ok());
  EXPECT_EQ(listed.annotations_size(), 0);
}

}  // namespace
}  // namespace kompas::testing
