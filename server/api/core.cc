#include "api/core.h"

#include <utility>

#include "common/status_macros.h"
#include "domain/search_documents.h"

namespace kompas::api {

absl::StatusOr<std::unique_ptr<Core>> Core::Open(const CoreOptions& options,
                                                 const privacy::Gate* shared_gate) {
  std::unique_ptr<Core> core(new Core());
  ASSIGN_OR_RETURN(core->store_, store::Store::Open(options.store));
  if (shared_gate != nullptr) {
    core->gate_ = shared_gate;
  } else {
    ASSIGN_OR_RETURN(core->owned_gate_, privacy::Gate::Create(options.gate));
    core->gate_ = core->owned_gate_.get();
  }
  if (!options.store.read_only) {
    ASSIGN_OR_RETURN(core->audit_, audit::AuditLog::Open(core->store_.get()));
  }
  core->tokens_ = std::make_unique<auth::TokenStore>(core->store_.get());
  core->authenticator_ = std::make_unique<auth::Authenticator>(core->tokens_.get());
  core->text_gate_ = std::make_unique<domain::TextGate>(core->gate_);
  core->communities_ =
      std::make_unique<domain::Communities>(core->store_.get(), core->text_gate_.get());
  core->cases_ = std::make_unique<domain::Cases>(core->store_.get(), core->communities_.get(),
                                                 core->text_gate_.get(), options.cases);
  core->session_feed_ =
      std::make_unique<domain::SessionFeed>(core->store_.get(), options.session_feed);
  core->sessions_ = std::make_unique<domain::Sessions>(
      core->store_.get(), core->communities_.get(), core->cases_.get(), core->text_gate_.get(),
      core->session_feed_.get());
  core->standards_ = std::make_unique<domain::Standards>(
      core->store_.get(), core->communities_.get(), core->cases_.get(), core->sessions_.get(),
      core->text_gate_.get());
  core->kompas_versions_ = std::make_unique<domain::KompasVersions>(
      core->store_.get(), core->communities_.get(), core->standards_.get(),
      core->text_gate_.get());
  core->search_index_ = std::make_unique<search::SearchIndex>(core->store_.get());
  core->cases_->set_search_index(core->search_index_.get());
  core->standards_->set_search_index(core->search_index_.get());
  core->searches_ = std::make_unique<domain::Searches>(
      core->search_index_.get(), core->cases_.get(), core->standards_.get());
  core->annotations_ = std::make_unique<domain::Annotations>(
      core->store_.get(), core->communities_.get(), core->cases_.get(), core->standards_.get(),
      core->text_gate_.get());
  core->privacy_checks_ =
      std::make_unique<domain::PrivacyChecks>(core->text_gate_.get(), core->communities_.get());
  core->audit_trail_ = std::make_unique<domain::AuditTrail>(core->audit_.get());
  core->auditor_ =
      std::make_unique<domain::Auditor>(core->audit_.get(), core->communities_.get());
  core->administration_ = std::make_unique<domain::Administration>(
      core->store_.get(), core->communities_.get(), core->cases_.get(), core->tokens_.get());
  RETURN_IF_ERROR(core->cases_->RaiseIdFloor());
  if (!options.store.read_only) {
    RETURN_IF_ERROR(domain::UpgradeSearchIndex(*core->store_, *core->search_index_));
    RETURN_IF_ERROR(domain::UpgradeCaseCounts(*core->store_));
  }
  return core;
}

Core::~Core() { (void)Close(); }

Backends Core::backends() {
  return Backends{communities_.get(), cases_.get(),    privacy_checks_.get(),
                  audit_trail_.get(), sessions_.get(), session_feed_.get(),
                  standards_.get(),   kompas_versions_.get(), searches_.get(),
                  annotations_.get(),
                  auditor_.get(),     authenticator_.get(),   tokens_.get(),
                  administration_.get()};
}

absl::Status Core::Close() { return store_ ? store_->Close() : absl::OkStatus(); }

}  // namespace kompas::api
