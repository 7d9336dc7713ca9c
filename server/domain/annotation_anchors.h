// What the other modules' writes need from annotations, without depending on
// the Annotations class: a write that changes a target's text re-anchors its
// annotations, and a delete removes them, in the writer's own batch. (Kept
// apart from annotations.h, which needs cases.h and standards.h, so that
// cases and standards can include this without an include cycle.)
#ifndef KOMPAS_DOMAIN_ANNOTATION_ANCHORS_H_
#define KOMPAS_DOMAIN_ANNOTATION_ANCHORS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/anchoring.h"
#include "google/protobuf/message.h"
#include "kompas/v1/annotation.pb.h"
#include "store/store.h"

namespace kompas::domain {

// The text of the singular free-text field (IsFreeText in text_gate.h) at
// dotted path `field` of `message` ("situation", "framing.purpose",
// "content.statement"), or nullopt when there is no such field.
std::optional<std::string> TextAt(const google::protobuf::Message& message,
                                  absl::string_view field);

// Re-anchors every annotation on `target_name` against `target` — the
// record as this write leaves it, at `revision` — and adds the annotations
// that changed to `batch`. Call with the target's lock held.
[[nodiscard]] absl::Status StageReanchoring(const store::Store& store, const std::string& community,
                                            const std::string& target_name,
                                            const google::protobuf::Message& target,
                                            const std::string& revision, store::WriteBatch& batch);

// Adds to `batch` the removal of every annotation on `target_name` and on
// the resources below it (a case's reflections), with the target.
[[nodiscard]] absl::Status StageAnnotationRemoval(const store::Store& store,
                                                  const std::string& community,
                                                  const std::string& target_name,
                                                  store::WriteBatch& batch);

// The anchor an annotation stores, and storing one.
TextAnchor AnchorOf(const v1::Annotation& a);
void SetAnchor(v1::Annotation& a, const TextAnchor& anchor);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_ANNOTATION_ANCHORS_H_
