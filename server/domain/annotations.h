// Annotations: comments anchored to words of a case, a reflection or a
// standard (W3C Web Annotation selectors; anchoring rules in anchoring.h).
// Whenever a target's text changes, the write that changes it also
// re-anchors the target's annotations (StageReanchoring): each is kept,
// moved with its words, or marked ORPHANED with its last quote — never lost.
#ifndef KOMPAS_DOMAIN_ANNOTATIONS_H_
#define KOMPAS_DOMAIN_ANNOTATIONS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "domain/annotation_anchors.h"
#include "domain/call.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/standards.h"
#include "domain/text_gate.h"
#include "google/protobuf/message.h"
#include "kompas/v1/annotation.pb.h"
#include "store/store.h"

namespace kompas::domain {

// Thread-safe. Does not own its arguments, which must outlive it.
class Annotations {
 public:
  Annotations(store::Store* store, const Communities* communities, Cases* cases,
              Standards* standards, const TextGate* gate)
      : store_(store), communities_(communities), cases_(cases), standards_(standards),
        gate_(gate) {
    // Annotations are written under their target's lock (a case's or a
    // standard's), which Cases and Standards registered.
    cases_->member_registry().Register(
        "annotations", nullptr, {MemberTable::Of<v1::Annotation>(store::Table::kAnnotations)});
  }

  absl::StatusOr<v1::Annotation> Create(const Call& call,
                                        const v1::CreateAnnotationRequest& request);
  absl::StatusOr<v1::ListAnnotationsResponse> List(const Call& call,
                                                   const v1::ListAnnotationsRequest& request) const;
  absl::StatusOr<v1::Annotation> Update(const Call& call,
                                        const v1::UpdateAnnotationRequest& request);
  [[nodiscard]] absl::Status Delete(const Call& call,
                                    const v1::DeleteAnnotationRequest& request);

 private:
  // The target record as the caller may read it, its revision, and the lock
  // every write to it takes (held while the annotation is anchored).
  struct Target {
    std::unique_ptr<google::protobuf::Message> record;
    std::string revision;
    internal::HeldLock lock;  // the case's or the standard's
  };
  // OK when `linked` is empty or names an existing standard of `community`;
  // else INVALID_ARGUMENT on annotation.linked_standard.
  [[nodiscard]] absl::Status CheckLinkedStandard(const Call& call,
                                                 const std::string& community,
                                                 const std::string& linked) const;
  absl::StatusOr<Target> LockTarget(const Call& call, const std::string& community,
                                    const std::string& target) const;
  absl::StatusOr<v1::Annotation> Load(const std::string& name) const;
  // Screens body and tags; returns them as stored.
  absl::Status Screen(const std::string& community, v1::Annotation& a, v1::PrivacyMode mode,
                      bool acknowledge_warnings) const;

  store::Store* store_;
  const Communities* communities_;
  Cases* cases_;
  Standards* standards_;
  const TextGate* gate_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_ANNOTATIONS_H_
