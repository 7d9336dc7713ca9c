// Every request of every RPC in the table, with every OUTPUT_ONLY field set
// at any depth, parsed the way each call is parsed: nothing the server sets
// survives into what a use case sees — so it cannot reach storage.
#include "api/raw_request.h"

#include <memory>
#include <string>
#include <vector>

#include "api/rpc_table.h"
#include "domain/output_only.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"
#include "testing/recognisable_value.h"

namespace kompas::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Sets every field of `m` that is OUTPUT_ONLY (to a value that shows), and
// recurses into every message field, OUTPUT_ONLY or not. Returns how many
// OUTPUT_ONLY fields it set.
int PlantOutputOnly(Message& m, int depth) {
  if (depth > 4) return 0;
  int planted = 0;
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_map()) continue;
    const bool output_only = domain::IsOutputOnly(*f);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* child = f->is_repeated() ? r->AddMessage(&m, f) : r->MutableMessage(&m, f);
      planted += PlantOutputOnly(*child, depth + 1) + (output_only ? 1 : 0);
      continue;
    }
    // Kinds no kompas.v1 OUTPUT_ONLY field has are not counted.
    if (output_only && kompas::testing::SetRecognisable(m, f, "Jan de Vries 999912343", 7)) ++planted;
  }
  return planted;
}

// The paths of OUTPUT_ONLY fields still set in `m`.
void Surviving(const Message& m, const std::string& path, std::vector<std::string>& out) {
  std::vector<const FieldDescriptor*> set;
  m.GetReflection()->ListFields(m, &set);
  for (const FieldDescriptor* f : set) {
    const std::string here = path + "." + f->name();
    if (domain::IsOutputOnly(*f)) out.push_back(here);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_map()) continue;
    const auto* r = m.GetReflection();
    if (f->is_repeated()) {
      for (int i = 0; i < r->FieldSize(m, f); ++i) Surviving(r->GetRepeatedMessage(m, f, i), here, out);
    } else {
      Surviving(r->GetMessage(m, f), here, out);
    }
  }
}

TEST(RawRequestTest, NoOutputOnlyFieldOfAnyRequestReachesAUseCase) {
  int planted_total = 0;
  for (const Rpc& rpc : Rpcs()) {
    const Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            rpc.method->input_type());
    ASSERT_NE(prototype, nullptr) << rpc.path;
    std::unique_ptr<Message> sent(prototype->New());
    planted_total += PlantOutputOnly(*sent, 0);
    std::unique_ptr<Message> parsed(prototype->New());
    ASSERT_TRUE(ParseRequestBytes(sent->SerializeAsString(), parsed.get()).ok()) << rpc.path;
    std::vector<std::string> survived;
    Surviving(*parsed, rpc.method->input_type()->name(), survived);
    EXPECT_TRUE(survived.empty()) << rpc.path << " lets through " << survived.front();
  }
  // The walk did plant something: a case's active_session, create_time, …
  EXPECT_GT(planted_total, 50);
}

}  // namespace
}  // namespace kompas::api
