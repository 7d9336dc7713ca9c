// The use cases the server serves, handed to every RPC of the table
// (rpc_table.h). None is owned; all must outlive the server.
#ifndef KOMPAS_API_BACKENDS_H_
#define KOMPAS_API_BACKENDS_H_

#include "auth/caller.h"
#include "auth/tokens.h"
#include "domain/administration.h"
#include "domain/annotations.h"
#include "domain/audit_trail.h"
#include "domain/auditor.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/kompas_versions.h"
#include "domain/privacy_checks.h"
#include "domain/searches.h"
#include "domain/session_feed.h"
#include "domain/sessions.h"
#include "domain/standards.h"
#include "store/store.h"

namespace kompas::api {

struct Backends {
  domain::Communities* communities;
  domain::Cases* cases;
  domain::PrivacyChecks* privacy;
  domain::AuditTrail* audit_trail;
  domain::Sessions* sessions;
  domain::SessionFeed* session_feed;  // ended on Shutdown; may be null
  domain::Standards* standards;
  domain::KompasVersions* kompas_versions;
  domain::Searches* searches;
  domain::Annotations* annotations;
  const domain::Auditor* auditor;  // decides and writes the audit trail
  const auth::Authenticator* authenticator;
  auth::TokenStore* tokens;  // RemoveMember revokes the member's tokens
  domain::Administration* administration;  // AdminService
  // Its write health is served as health service kompas.v1.writes; may be
  // null (then that service follows the server's own status).
  store::Store* store = nullptr;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_BACKENDS_H_
