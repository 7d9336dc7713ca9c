#include "domain/cases.h"


#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/annotation_anchors.h"
#include "domain/case_lifecycle.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/case_rules.h"
#include "domain/internal/etag.h"
#include "domain/output_only.h"
#include "domain/internal/page_token.h"
#include "domain/internal/rename.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/names.h"
#include "kompas/v1/kompas.pb.h"
#include "kompas/v1/standard.pb.h"
#include "domain/search_documents.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

namespace keys = store::keys;

void CheckOption(FieldViolations& v, absl::string_view field, absl::string_view text) {
  CheckText(v, field, text, /*required=*/true);
}

}  // namespace

// Index entries of a case (see store/keys.h). A hidden origin is not
// indexed, so a municipality filter cannot reveal it.
std::set<std::string> CaseIndexKeys(const std::string& community, const v1::Case& c,
                                    const std::string& case_id) {
  std::set<std::string> out;
  out.insert(keys::CaseIndex(community, "status", absl::StrCat(static_cast<int>(c.status())),
                             case_id));
  for (const std::string& t : c.themes()) out.insert(keys::CaseIndex(community, "theme", t, case_id));
  for (const std::string& l : c.laws()) out.insert(keys::CaseIndex(community, "law", l, case_id));
  if (!c.origin_municipality().empty() && !c.hide_origin()) {
    out.insert(keys::CaseIndex(community, "municipality", c.origin_municipality(), case_id));
  }
  return out;
}

void ValidateCaseFields(FieldViolations& v, const std::string& prefix, const v1::Case& c) {
  CheckTitle(v, prefix + ".title", c.title());
  CheckText(v, prefix + ".situation", c.situation(), false);
  CheckText(v, prefix + ".question", c.question(), false);
  CheckText(v, prefix + ".framing.task", c.framing().task(), false);
  CheckText(v, prefix + ".framing.purpose", c.framing().purpose(), false);
  CheckText(v, prefix + ".framing.necessary_data", c.framing().necessary_data(), false);
  CheckText(v, prefix + ".framing.legal_basis_and_proportionality",
            c.framing().legal_basis_and_proportionality(), false);
  CheckRepeated(v, prefix + ".options", c.options(), &CheckOption);
  CheckText(v, prefix + ".decision", c.decision(), false);
  CheckText(v, prefix + ".outcome", c.outcome(), false);
  CheckRepeated(v, prefix + ".laws", c.laws(), &CheckLabel);
  CheckRepeated(v, prefix + ".themes", c.themes(), &CheckTheme);
  if (!c.origin_municipality().empty() &&
      !ParseMunicipalityName(c.origin_municipality(), "").ok()) {
    v.Add(prefix + ".origin_municipality",
          "must be municipalities/{cbs_code}, e.g. municipalities/GM0479");
  }
  if (!v1::Visibility_IsValid(c.visibility())) {
    v.Add(prefix + ".visibility", "is not a known visibility (COMMUNITY or SHARED)");
  }
  if (!v1::CaseStatus_IsValid(c.status())) {
    v.Add(prefix + ".status", "is not a known case status");
  }
}

}  // namespace kompas::domain
