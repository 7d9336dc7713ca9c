// Municipality records for a test's store, from {CBS code, display name}.
#ifndef KOMPAS_TESTING_MUNICIPALITIES_H_
#define KOMPAS_TESTING_MUNICIPALITIES_H_

#include <initializer_list>
#include <utility>
#include <vector>

#include "kompas/v1/community.pb.h"

namespace kompas::testing {

//   communities->UpsertMunicipalities(MunicipalityList({{"GM0479", "Zaanstad"}}));
inline std::vector<v1::Municipality> MunicipalityList(
    std::initializer_list<std::pair<const char*, const char*>> codes_and_names) {
  std::vector<v1::Municipality> list;
  for (const auto& [code, name] : codes_and_names) {
    v1::Municipality& m = list.emplace_back();
    m.set_cbs_code(code);
    m.set_display_name(name);
  }
  return list;
}

}  // namespace kompas::testing

#endif  // KOMPAS_TESTING_MUNICIPALITIES_H_
