// Everything below the gRPC server, opened in dependency order and owned in
// one place: the store, the PII gate, the audit log, tokens and the domain's
// use cases. kompasd, the integration tests and the server benchmark all
// assemble a server this one way.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Core> core, Core::Open(options));
//   ASSIGN_OR_RETURN(auto server, Server::Start(server_options, core->backends()));
//   ...
//   server->Shutdown();
//   RETURN_IF_ERROR(core->Close());
#ifndef KOMPAS_API_CORE_H_
#define KOMPAS_API_CORE_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "api/server.h"
#include "audit/audit_log.h"
#include "audit/checkpoint.h"
#include "auth/caller.h"
#include "auth/tokens.h"
#include "domain/annotations.h"
#include "domain/audit_trail.h"
#include "domain/auditor.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/key_secret.h"
#include "domain/privacy_checks.h"
#include "domain/retention.h"
#include "domain/session_feed.h"
#include "domain/kompas_versions.h"
#include "domain/searches.h"
#include "domain/sessions.h"
#include "domain/standards.h"
#include "domain/text_gate.h"
#include "privacy/gate.h"
#include "search/index.h"
#include "store/store.h"

namespace kompas::api {

struct CoreOptions {
  store::StoreOptions store;
  privacy::GateOptions gate;
  domain::CasesOptions cases;
  domain::SessionFeedOptions session_feed;
  // The server secret that keys evaluation and request-id keys
  // (domain/key_secret.h): read, or created 0600 when the store has none
  // yet. Empty (the default): `<store.data_dir>.secret`, beside the store.
  // Back it up apart from the store: a restored store needs it.
  std::string secret_file;
  // The Ed25519 key that signs audit checkpoints (audit/checkpoint.h),
  // created (mode 0600) when missing. Keep it outside the store and its
  // backups: whoever can read it can sign a rewritten history. Empty: no
  // checkpoints (GetAuditCheckpoint is FAILED_PRECONDITION). Default empty;
  // kompasd passes --signing_key.
  std::string signing_key_file;
  // The checkpoints' origin line and key name, e.g. the server's host name
  // and "/audit". Default "kompas/audit".
  std::string checkpoint_origin = "kompas/audit";
  // The retention sweep (domain/retention.h); kompasd starts it with
  // retention().Start() once it serves.
  domain::RetentionOptions retention;
};

class Core {
 public:
  // Opens the store, loads the PII gate (or uses `shared_gate`, which is not
  // owned and must outlive the core — tests share one across restarts), opens
  // the audit log and raises the id floor past every stored case.
  static absl::StatusOr<std::unique_ptr<Core>> Open(const CoreOptions& options,
                                                    const privacy::Gate* shared_gate = nullptr);
  ~Core();

  // What api::Server::Start needs; valid while the core is.
  Backends backends();

  store::Store& store() { return *store_; }
  const privacy::Gate& gate() const { return *gate_; }
  auth::TokenStore& tokens() { return *tokens_; }
  domain::Communities& communities() { return *communities_; }
  domain::Cases& cases() { return *cases_; }
  domain::Sessions& sessions() { return *sessions_; }
  domain::SessionFeed& session_feed() { return *session_feed_; }
  domain::Standards& standards() { return *standards_; }
  domain::KompasVersions& kompas_versions() { return *kompas_versions_; }
  search::SearchIndex& search_index() { return *search_index_; }
  domain::Searches& searches() { return *searches_; }
  domain::Annotations& annotations() { return *annotations_; }
  audit::AuditLog& audit() { return *audit_; }
  domain::Administration& administration() { return *administration_; }
  const domain::KeySecret& key_secret() const { return *key_secret_; }
  const domain::Auditor& auditor() const { return *auditor_; }

  // The store's part of GET /metrics, in the Prometheus text format: its
  // size on disk, its write stalls, the audit chain's length, what retention
  // removed and, once a backup was made, when and how long ago. Reads a few RocksDB properties
  // and two keys; for scrapes, not for the hot path.
  std::string MetricsText() const;
  // Null when the core has no signing key.
  audit::Checkpoints* checkpoints() { return checkpoints_.get(); }
  // Null on a read-only core.
  domain::Retention* retention() { return retention_.get(); }

  // Stops the retention sweep and closes the store; later calls fail.
  // Idempotent. Stop the server first.
  [[nodiscard]] absl::Status Close();

 private:
  Core() = default;

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<domain::KeySecret> key_secret_;
  std::unique_ptr<privacy::Gate> owned_gate_;
  const privacy::Gate* gate_ = nullptr;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<audit::Checkpoints> checkpoints_;
  std::unique_ptr<auth::TokenStore> tokens_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<domain::TextGate> text_gate_;
  std::unique_ptr<domain::Communities> communities_;
  std::unique_ptr<domain::Cases> cases_;
  std::unique_ptr<domain::SessionFeed> session_feed_;
  std::unique_ptr<domain::Sessions> sessions_;
  std::unique_ptr<domain::Standards> standards_;
  std::unique_ptr<domain::KompasVersions> kompas_versions_;
  std::unique_ptr<search::SearchIndex> search_index_;
  std::unique_ptr<domain::Searches> searches_;
  std::unique_ptr<domain::Annotations> annotations_;
  std::unique_ptr<domain::PrivacyChecks> privacy_checks_;
  std::unique_ptr<domain::AuditTrail> audit_trail_;
  std::unique_ptr<domain::Auditor> auditor_;
  std::unique_ptr<domain::Administration> administration_;
  std::unique_ptr<domain::Retention> retention_;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_CORE_H_
