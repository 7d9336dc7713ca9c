// Published kompas versions: PublishKompas snapshots every ADOPTED standard
// at its current revision into an immutable, numbered version; versions are
// read, listed, compared and exported as they were published, so the same
// version always exports the same bytes, whatever happened to the
// standards since.
#ifndef KOMPAS_DOMAIN_KOMPAS_VERSIONS_H_
#define KOMPAS_DOMAIN_KOMPAS_VERSIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/call.h"
#include "domain/communities.h"
#include "domain/internal/lock_table.h"
#include "domain/standards.h"
#include "domain/text_gate.h"
#include "kompas/v1/kompas.pb.h"
#include "store/store.h"

namespace kompas::domain {

// Thread-safe. Does not own its arguments, which must outlive it.
class KompasVersions {
 public:
  KompasVersions(store::Store* store, const Communities* communities, const Standards* standards,
                 const TextGate* gate)
      : store_(store), communities_(communities), standards_(standards), gate_(gate) {
    standards_->member_registry().Register(
        "kompas_versions", &locks_,
        {MemberTable::Of<v1::Kompas>(store::Table::kKompasVersions)});
  }

  absl::StatusOr<v1::Kompas> Publish(const Call& call,
                                     const v1::PublishKompasRequest& request);
  absl::StatusOr<v1::Kompas> Get(const Call& call, const v1::GetKompasRequest& request) const;
  absl::StatusOr<v1::ListKompasVersionsResponse> List(
      const Call& call, const v1::ListKompasVersionsRequest& request) const;
  absl::StatusOr<v1::DiffKompasResponse> Diff(const Call& call,
                                              const v1::DiffKompasRequest& request) const;
  // ExportKompas's messages: the header, then one per standard.
  absl::StatusOr<std::vector<v1::ExportKompasResponse>> Export(
      const Call& call, const v1::ExportKompasRequest& request) const;

 private:
  // A version by name (`.../kompasVersions/3` or `.../latest`); `field`
  // names the request field in errors.
  absl::StatusOr<v1::Kompas> Load(const std::string& name, const std::string& field) const;
  // The newest version of a community, or nullopt.
  absl::StatusOr<std::optional<v1::Kompas>> Latest(const std::string& community) const;

  store::Store* store_;
  const Communities* communities_;
  const Standards* standards_;
  const TextGate* gate_;
  internal::LockTable locks_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_KOMPAS_VERSIONS_H_
