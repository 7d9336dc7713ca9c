// The check of an Update request's field mask, in one wording for every
// resource (AIP-134):
//
//   FieldViolations v;
//   internal::CheckUpdateMask(v, request.update_mask(), {"title", "situation"}, "title,situation");
//   RETURN_IF_ERROR(v.ToStatus());
#ifndef KOMPAS_DOMAIN_INTERNAL_UPDATE_MASK_H_
#define KOMPAS_DOMAIN_INTERNAL_UPDATE_MASK_H_

#include <algorithm>
#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "google/protobuf/field_mask.pb.h"

namespace kompas::domain::internal {

// Adds a violation to `v` for an empty mask (naming `example`, a mask a
// client could send) and one for each path that is not in `updatable`, the
// paths the resource lets a client change (output-only fields never are).
inline void CheckUpdateMask(FieldViolations& v, const google::protobuf::FieldMask& mask,
                            std::initializer_list<absl::string_view> updatable,
                            absl::string_view example) {
  if (mask.paths_size() == 0) {
    v.Add("update_mask", absl::StrCat("is required: name the fields to change, e.g. \"", example, "\""));
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    if (std::find(updatable.begin(), updatable.end(), mask.paths(i)) == updatable.end()) {
      v.Add(absl::StrCat("update_mask.paths[", i, "]"),
            absl::StrCat("\"", mask.paths(i), "\" is not a field that can be changed"));
    }
  }
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_UPDATE_MASK_H_
