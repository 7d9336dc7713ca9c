#include "domain/annotation_anchors.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "domain/internal/etag.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/text_gate.h"
#include "google/protobuf/util/message_differencer.h"
#include "store/keys.h"

namespace kompas::domain {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using store::Table;
namespace keys = store::keys;

TextAnchor AnchorOf(const v1::Annotation& a) {
  TextAnchor anchor;
  anchor.exact = a.quote().exact();
  anchor.prefix = a.quote().prefix();
  anchor.suffix = a.quote().suffix();
  anchor.start = static_cast<size_t>(std::max(0, a.position().start()));
  anchor.end = static_cast<size_t>(std::max(0, a.position().end()));
  return anchor;
}

void SetAnchor(v1::Annotation& a, const TextAnchor& anchor) {
  a.mutable_quote()->set_exact(anchor.exact);
  a.mutable_quote()->set_prefix(anchor.prefix);
  a.mutable_quote()->set_suffix(anchor.suffix);
  a.mutable_position()->set_start(static_cast<int32_t>(anchor.start));
  a.mutable_position()->set_end(static_cast<int32_t>(anchor.end));
}


std::optional<std::string> TextAt(const Message& message, absl::string_view field) {
  const Message* m = &message;
  std::vector<absl::string_view> parts = absl::StrSplit(field, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    // Only what people wrote, as the gate screens it (a message it skips,
    // such as the anonymization report, holds none): an annotation quotes
    // its words to every reader, and an author or an origin would quote
    // who or where.
    if (f == nullptr || f->is_repeated() || !IsFreeText(f)) return std::nullopt;
    if (i + 1 == parts.size()) {
      if (f->type() != FieldDescriptor::TYPE_STRING) return std::nullopt;
      return m->GetReflection()->GetString(*m, f);
    }
    if (f->type() != FieldDescriptor::TYPE_MESSAGE) return std::nullopt;
    m = &m->GetReflection()->GetMessage(*m, f);
  }
  return std::nullopt;
}

absl::Status StageReanchoring(const store::Store& store, const std::string& community,
                              const std::string& target_name, const Message& target,
                              const std::string& revision, store::WriteBatch& batch) {
  std::vector<std::string> ids;
  RETURN_IF_ERROR(store.Scan(Table::kAnnotationTargets, keys::Prefix({community, target_name}), {},
                             [&](absl::string_view key, absl::string_view) {
                               ids.emplace_back(keys::LastPart(key));
                               return true;
                             }));
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(auto a, internal::LoadRecord<v1::Annotation>(store, Table::kAnnotations,
                                                                  keys::Join({community, id})));
    if (!a.has_value()) continue;
    const std::optional<std::string> text = TextAt(target, a->field());
    // No free text at that field (an annotation on an author or an origin,
    // made before TextAt allowed only free text): orphaned, and its quote
    // goes, since it may hold a name or an origin hidden since.
    const Reanchored r = text.has_value()
                             ? Reanchor(AnchorOf(*a), *text)
                             : Reanchored{AnchorOutcome::kOrphaned, TextAnchor{}};
    v1::Annotation updated = *a;
    SetAnchor(updated, r.anchor);
    updated.set_state(r.outcome == AnchorOutcome::kOrphaned ? v1::ANNOTATION_STATE_ORPHANED
                                                            : v1::ANNOTATION_STATE_ANCHORED);
    updated.set_target_revision(revision);
    if (google::protobuf::util::MessageDifferencer::Equals(updated, *a)) continue;
    *updated.mutable_update_time() = internal::Now();
    updated.set_etag(internal::NextEtag(a->etag()));
    batch.Put(Table::kAnnotations, keys::Join({community, id}), updated.SerializeAsString());
  }
  return absl::OkStatus();
}

absl::Status StageAnnotationRemoval(const store::Store& store, const std::string& community,
                                    const std::string& target_name, store::WriteBatch& batch) {
  // The target's own entries (community 0 target 0 id), then those of the
  // resources below it (community 0 target/... 0 id).
  for (const std::string& prefix :
       {keys::Prefix({community, target_name}), keys::Join({community, target_name + "/"})}) {
    RETURN_IF_ERROR(store.Scan(Table::kAnnotationTargets, prefix, {},
                               [&](absl::string_view key, absl::string_view) {
                                 batch.Delete(Table::kAnnotationTargets, key);
                                 batch.Delete(Table::kAnnotations,
                                              keys::Join({community, keys::LastPart(key)}));
                                 return true;
                               }));
  }
  return absl::OkStatus();
}

}  // namespace kompas::domain
