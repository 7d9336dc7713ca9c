// The intervisie methods (incident, Balint, dilemma) as data: each method's
// phases in order, and per phase which reflection kinds the participants and
// the case owner may post, whether conclusions or evaluations are taken,
// and the one-line instruction participants see. Sessions enforce exactly
// what these templates say, so adding a method is adding a template to
// methods.cc — no handler changes.
#ifndef KOMPAS_DOMAIN_METHODS_H_
#define KOMPAS_DOMAIN_METHODS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "kompas/v1/session.pb.h"

namespace kompas::domain {

// Every method, ordered by id. Parsed and checked once (a broken template
// aborts start-up loudly rather than serving half a method).
const std::vector<v1::Method>& Methods();

// The method with this id, or null.
const v1::Method* FindMethod(absl::string_view id);

// The index of phase `id` in `method`, or -1.
int PhaseIndex(const v1::Method& method, absl::string_view id);

// "QUESTION" for REFLECTION_KIND_QUESTION: the word users and the CLI use.
absl::string_view KindWord(v1::ReflectionKind kind);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_METHODS_H_
