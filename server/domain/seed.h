// Start-up data: the municipality reference list and the demo community.
// Both load through the same use cases as the API, so the demo data obeys
// every rule real data does, and loading twice adds nothing.
#ifndef KOMPAS_DOMAIN_SEED_H_
#define KOMPAS_DOMAIN_SEED_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/kompas_versions.h"
#include "domain/sessions.h"
#include "domain/standards.h"
#include "kompas/internal/v1/seed.pb.h"

namespace kompas::domain {

// Parses "cbs_code<TAB>display_name" lines after a header line.
absl::StatusOr<std::vector<v1::Municipality>> ParseMunicipalitiesTsv(absl::string_view tsv);

struct SeedReport {
  // True when the seed was loaded before and nothing was done: later starts
  // never touch the demo data again, so users' edits and deletions stand.
  bool already_loaded = false;
  int communities_created = 0;
  int members_created = 0;
  int cases_seen = 0;
};

// Creates the seed's community, members, cases (by their request ids) and
// reflections, moves each case to its target status, plays its sessions,
// drafts, endorses and adopts its standards and publishes its kompas versions;
// then records in the store's meta table that this community was seeded. A run interrupted
// halfway is completed by the next one (every create is idempotent).
// The use cases a seed goes through; none owned.
struct SeedTargets {
  Communities* communities;
  Cases* cases;
  Sessions* sessions;
  Standards* standards;
  KompasVersions* kompas_versions;
};
absl::StatusOr<SeedReport> LoadSeed(const ::kompas::internal::v1::DemoSeed& seed,
                                    store::Store& store, const SeedTargets& targets);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_SEED_H_
