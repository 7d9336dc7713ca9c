#include "api/core.h"

#include <utility>

#include "common/status_macros.h"
#include "absl/time/clock.h"
#include "api/metrics.h"
#include "domain/backups.h"
#include "domain/search_documents.h"
#include "store/keys.h"

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
    const std::string secret_file = options.secret_file.empty()
                                        ? domain::DefaultSecretFile(options.store.data_dir)
                                        : options.secret_file;
    ASSIGN_OR_RETURN(domain::KeySecret secret,
                     domain::OpenKeySecret(*core->store_, secret_file));
    core->key_secret_ = std::make_unique<domain::KeySecret>(std::move(secret));
    if (!options.signing_key_file.empty()) {
      ASSIGN_OR_RETURN(std::unique_ptr<audit::CheckpointSigner> signer,
                       audit::CheckpointSigner::LoadOrCreate(options.signing_key_file,
                                                             options.checkpoint_origin));
      core->checkpoints_ = std::make_unique<audit::Checkpoints>(
          core->store_.get(), core->audit_.get(), std::move(signer));
    }
  } else {
    // Nothing is created on a read-only store, so no key is ever looked up
    // for a write; an unknown secret matches no stored key.
    core->key_secret_ = std::make_unique<domain::KeySecret>(domain::RandomKeySecret());
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
  core->cases_->set_key_secret(core->key_secret_.get());
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
  if (core->checkpoints_ != nullptr) {
    core->audit_trail_->set_checkpoints(core->checkpoints_.get());
  }
  core->administration_ = std::make_unique<domain::Administration>(
      core->store_.get(), core->communities_.get(), core->cases_.get(), core->tokens_.get());
  if (!options.store.read_only) {
    core->retention_ = std::make_unique<domain::Retention>(
        core->store_.get(), core->audit_.get(), core->checkpoints_.get(),
        core->communities_.get(), core->cases_.get(), options.retention);
  }
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
                  administration_.get(), store_.get()};
}

std::string Core::MetricsText() const {
  std::string out;
  int64_t bytes = 0;
  for (int t = 0; t < store::kTableCount; ++t) {
    bytes += store_->TableBytes(static_cast<store::Table>(t));
  }
  AppendSample(&out, "kompas_store_bytes", "gauge",
               "Bytes of the store's table files on disk (without the write-ahead log).",
               static_cast<double>(bytes));
  const store::Store::WriteStalls stalls = store_->Stalls();
  AppendSample(&out, "kompas_store_write_slowdowns_total", "counter",
               "Times RocksDB slowed writes down since kompasd started, because flushes or "
               "compactions fell behind.",
               static_cast<double>(stalls.slowdowns));
  AppendSample(&out, "kompas_store_write_stops_total", "counter",
               "Times RocksDB stopped writes since kompasd started, until flushes or compactions "
               "caught up.",
               static_cast<double>(stalls.stops));
  AppendSample(&out, "kompas_store_writes_stopped", "gauge",
               "1 while RocksDB stops writes, else 0.", stalls.stopped_now ? 1 : 0);
  uint64_t events = 0;
  (void)store_->Scan(store::Table::kAudit, "", {.reverse = true},
                     [&](absl::string_view key, absl::string_view) {
                       events = store::keys::ParseSequence(key);
                       return false;
                     });
  AppendSample(&out, "kompas_audit_events", "gauge",
               "Events on the audit chain: the sequence number of the newest.",
               static_cast<double>(events));
  if (retention_ != nullptr) {
    AppendSample(&out, "kompas_retention_expired_audit_events_total", "counter",
                 "Audit events removed by retention since kompasd started (each run leaves a "
                 "signed record of what it removed).",
                 static_cast<double>(retention_->expired_audit_events()));
    AppendSample(&out, "kompas_retention_expired_cases_total", "counter",
                 "Archived cases removed by retention since kompasd started.",
                 static_cast<double>(retention_->expired_cases()));
  }
  if (absl::StatusOr<std::optional<absl::Time>> last = domain::LastBackupTime(*store_);
      last.ok() && last->has_value()) {
    AppendSample(&out, "kompas_last_backup_timestamp_seconds", "gauge",
                 "When the newest backup of this store was started (Unix time).",
                 static_cast<double>(absl::ToUnixSeconds(**last)));
    AppendSample(&out, "kompas_backup_age_seconds", "gauge",
                 "Seconds since the newest backup of this store was started.",
                 absl::ToDoubleSeconds(absl::Now() - **last));
  }
  return out;
}

absl::Status Core::Close() {
  if (retention_ != nullptr) retention_->Stop();
  return store_ ? store_->Close() : absl::OkStatus();
}

}  // namespace kompas::api
