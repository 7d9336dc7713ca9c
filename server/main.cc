// kompasd: the Kompas server. Opens the store, loads reference and demo
// data, serves kompas.v1 over gRPC, and shuts down cleanly on SIGINT/SIGTERM.
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "api/core.h"
#include "api/server.h"
#include "web/http_server.h"
#include "common/files.h"
#include "common/log.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "auth/caller.h"
#include "auth/tokens.h"
#include "audit/audit_log.h"
#include "domain/audit_trail.h"
#include "domain/backups.h"
#include "domain/scheduled_backups.h"
#include "domain/privacy_checks.h"
#include "domain/seed.h"
#include "domain/text_gate.h"
#include "privacy/gate.h"
#include "google/protobuf/util/json_util.h"
#include "store/store.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051",
          "host:port to listen on; port 0 picks a free port");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain to serve TLS with (with --tls_key); empty: plaintext, which is "
          "allowed only on a loopback --address");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA certificates for client certificates (mutual TLS): a verified certificate's "
          "subject CN is the member id (never admin); clients without one sign in with a token. "
          "The HTTP listener asks for them too (a browser signs in with one at /auth/signin)");
ABSL_FLAG(bool, tls_require_client_cert, false,
          "with --tls_client_ca: refuse clients without a valid client certificate, "
          "token users and admins included, on the gRPC port and the HTTP listener");
ABSL_FLAG(bool, insecure_remote, false,
          "allow plaintext on a non-loopback --address (e.g. behind a TLS-terminating proxy); "
          "tokens and case material then cross the network unencrypted");
ABSL_FLAG(std::string, http_address, "",
          "host:port for the HTTP listener (Connect protocol for browsers and curl, and the web "
          "app); empty: off. HTTPS with --tls_cert/--tls_key; plaintext only on loopback "
          "unless --insecure_remote");
ABSL_FLAG(std::string, web_root, "",
          "folder of the built web app served by the HTTP listener; empty: GET / says it is not "
          "built");
ABSL_FLAG(int32_t, http_session_idle_minutes, 30,
          "a browser session (cookie) ends after this many minutes without a call");
ABSL_FLAG(std::string, data_dir, "var/kompas", "RocksDB directory, created when missing");
ABSL_FLAG(std::string, backup_dir, "",
          "existing directory (absolute path) for scheduled backups, each in a new "
          "subdirectory kompas-YYYYMMDDTHHMMSSZ; empty (default): no scheduled backups");
ABSL_FLAG(absl::Duration, backup_every, absl::Hours(6), "time between scheduled backups");
ABSL_FLAG(int32_t, backups_to_keep, 8,
          "scheduled backups kept in --backup_dir; older ones are removed");
ABSL_FLAG(bool, metrics_from_anywhere, false,
          "serve GET /metrics on the HTTP listener to every client, not only to this machine");
ABSL_FLAG(std::string, secret_file, "",
          "file of the server secret that keys evaluation and request-id keys (64 hex digits), "
          "created 0600 when the store has none yet; default <data_dir>.secret. Back it up "
          "apart from the store: a restored store needs it");
ABSL_FLAG(std::string, signing_key, "",
          "Ed25519 key (PEM) that signs audit checkpoints, created with mode 0600 when "
          "missing; keep it outside --data_dir and its backups. Default: "
          "<data_dir>-signing.key, beside the data directory");
ABSL_FLAG(std::string, checkpoint_origin, "kompas/audit",
          "name of this server's audit log in its checkpoints, e.g. kompas.example.nl/audit");
ABSL_FLAG(int32_t, retention_sweep_seconds, 3600,
          "seconds between two retention sweeps, which remove expired audit events and "
          "archived cases (community settings); 0: no sweeps");
ABSL_FLAG(bool, sync_writes, true,
          "acknowledge a write only after the WAL is synced to disk (crash-safe); "
          "false is faster but may lose the last writes on a machine crash");
ABSL_FLAG(bool, verify_on_start, true,
          "read every table file at start and check its checksums, so a damaged store is refused "
          "before serving (about a second per GB); false skips it for a faster start");
ABSL_FLAG(int32_t, max_message_bytes, 4 << 20, "largest request/response message in bytes");
ABSL_FLAG(int32_t, worker_threads, 16, "threads running store calls");
ABSL_FLAG(int32_t, drain_ms, 1000,
          "on shutdown, how long health reports NOT_SERVING before new calls are refused");
ABSL_FLAG(int32_t, shutdown_grace_seconds, 10,
          "how long in-flight calls may finish on shutdown before they are cancelled");
ABSL_FLAG(std::string, municipalities, "",
          "TSV file of known municipalities (cbs_code<TAB>name), loaded at start");
ABSL_FLAG(std::string, seed, "",
          "JSON file with a demo community (kompas.internal.v1.DemoSeed) to create if missing");
ABSL_FLAG(std::string, gazetteer_dir, "/usr/share/frog/nld",
          "PII gate: folder of frogdata's name and street lists (Debian package frogdata)");
ABSL_FLAG(std::string, dictionary, "/usr/share/dict/nederlands",
          "PII gate: Dutch word list to tell words from names (Debian package wdutch)");
ABSL_FLAG(double, rate_limit_per_second, 50, "sustained calls per second per member");
ABSL_FLAG(double, rate_limit_burst, 100, "calls a member may make at once before the rate applies");
ABSL_FLAG(int32_t, max_watches_per_member, 8,
          "WatchSession streams one member may have open at once");
ABSL_FLAG(int32_t, max_watchers_per_session, 300,
          "WatchSession streams one session may have open at once");
ABSL_FLAG(int32_t, watch_buffer_kib, 1024,
          "live session events (KiB) a watcher may have waiting before it is told to resume");
ABSL_FLAG(int32_t, stream_stall_seconds, 30,
          "how long a stream may wait on a client that does not read before it is cut");
ABSL_FLAG(std::string, demo_tokens_file, "",
          "with --seed: issue a token per demo member and an admin token once, keep them in "
          "this file (mode 0600) and print them at every start (development only)");
ABSL_FLAG(std::string, port_file, "",
          "when set, the bound port is written to this file once serving (for tests)");
ABSL_FLAG(std::string, cli, "kompas", "path of the kompas CLI, only for the start-up hint");

namespace kompas {
namespace {

// Development convenience: ready-to-use tokens for the demo members, so the
// README tour works with two commands. Issued once; the file keeps them
// because the store only holds their hashes.
absl::Status PrintDemoTokens(const std::string& path, const internal::v1::DemoSeed& seed,
                             auth::TokenStore& tokens) {
  if (!std::filesystem::exists(path)) {
    std::string content =
        "# Demo tokens (development only). Use one with: export KOMPAS_TOKEN=<token>\n";
    auto add = [&](const std::string& member, bool admin, const std::string& roles) -> absl::Status {
      auto issued = tokens.Issue(member, {.admin = admin, .note = "demo"});
      if (!issued.ok()) return issued.status();
      absl::StrAppend(&content, member, "\t", roles, "\t", issued->token, "\n");
      return absl::OkStatus();
    };
    for (const auto& m : seed.members()) {
      std::string roles;
      for (int r : m.member().roles()) {
        absl::StrAppend(&roles, roles.empty() ? "" : ",", v1::Role_Name(static_cast<v1::Role>(r)).substr(5));
      }
      if (absl::Status s = add(m.member_id(), false, roles); !s.ok()) return s;
    }
    if (absl::Status s = add("beheerder", true, "ADMIN"); !s.ok()) return s;
    const std::string tmp = path + ".tmp";
    std::filesystem::remove(tmp);
    if (absl::Status s = CreatePrivateFile(tmp, content); !s.ok()) return s;
    std::filesystem::rename(tmp, path);
  }
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  std::cout << "Demo tokens (" << path << "):\n" << *content << std::flush;
  return absl::OkStatus();
}

// Reads the PEM file a TLS flag names; an empty flag leaves `pem` empty.
// Logs which flag failed, so the operator knows what to fix.
bool ReadPemFlag(const char* flag, const std::string& path, std::string* pem) {
  if (path.empty()) return true;
  absl::StatusOr<std::string> content = ReadFile(path);
  if (content.ok() && content->find("-----BEGIN ") == std::string::npos) {
    content = absl::InvalidArgumentError(absl::StrCat(path, " is not a PEM file"));
  }
  if (!content.ok()) {
    log::Error("tls_file_unreadable", {{"flag", absl::StrCat("--", flag)},
                                       {"path", path},
                                       {"error", std::string(content.status().message())}});
    return false;
  }
  *pem = *std::move(content);
  return true;
}

// The server options from the flags, checked before any slow start-up work
// so a wrong flag fails in milliseconds. False when kompasd must exit.
bool ServerOptionsFromFlags(api::ServerOptions* options) {
  options->address = absl::GetFlag(FLAGS_address);
  options->max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options->worker_threads = absl::GetFlag(FLAGS_worker_threads);
  options->drain = absl::Milliseconds(absl::GetFlag(FLAGS_drain_ms));
  options->shutdown_grace = absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds));
  options->rate_limit.rate = absl::GetFlag(FLAGS_rate_limit_per_second);
  options->rate_limit.burst = absl::GetFlag(FLAGS_rate_limit_burst);
  options->watch_limits.per_member = absl::GetFlag(FLAGS_max_watches_per_member);
  options->watch_limits.per_session = absl::GetFlag(FLAGS_max_watchers_per_session);
  options->stream_stall = absl::Seconds(absl::GetFlag(FLAGS_stream_stall_seconds));
  options->allow_insecure_remote = absl::GetFlag(FLAGS_insecure_remote);
  options->tls.require_client_certificate = absl::GetFlag(FLAGS_tls_require_client_cert);
  if (!ReadPemFlag("tls_cert", absl::GetFlag(FLAGS_tls_cert), &options->tls.cert_chain_pem) ||
      !ReadPemFlag("tls_key", absl::GetFlag(FLAGS_tls_key), &options->tls.private_key_pem) ||
      !ReadPemFlag("tls_client_ca", absl::GetFlag(FLAGS_tls_client_ca),
                   &options->tls.client_ca_pem)) {
    return false;
  }
  if (absl::Status s = api::ValidateServerOptions(*options); !s.ok()) {
    log::Error("bad_flags", {{"error", std::string(s.message())}});
    return false;
  }
  return true;
}

absl::Status LoadStartupData(api::Core& core) {
  store::Store& store = core.store();
  domain::Communities& communities = core.communities();
  auth::TokenStore& tokens = core.tokens();
  if (const std::string path = absl::GetFlag(FLAGS_municipalities); !path.empty()) {
    absl::StatusOr<std::string> tsv = ReadFile(path);
    if (!tsv.ok()) return tsv.status();
    auto list = domain::ParseMunicipalitiesTsv(*tsv);
    if (!list.ok()) return list.status();
    absl::Status s = communities.UpsertMunicipalities(*list);
    if (!s.ok()) return s;
    log::Info("municipalities_loaded", {{"count", absl::StrCat(list->size())}});
  }
  if (const std::string path = absl::GetFlag(FLAGS_seed); !path.empty()) {
    absl::StatusOr<std::string> json = ReadFile(path);
    if (!json.ok()) return json.status();
    internal::v1::DemoSeed seed;
    auto parsed = google::protobuf::util::JsonStringToMessage(*json, &seed);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("seed file ", path, " is not a valid kompas.internal.v1.DemoSeed: ", parsed.ToString()));
    }
    auto report = domain::LoadSeed(
        seed, store,
        {&communities, &core.cases(), &core.sessions(), &core.standards(), &core.kompas_versions()});
    if (!report.ok()) return report.status();
    if (const std::string file = absl::GetFlag(FLAGS_demo_tokens_file); !file.empty()) {
      // Printed tokens are for a developer's own machine only.
      if (!api::IsLoopbackAddress(absl::GetFlag(FLAGS_address))) {
        return absl::FailedPreconditionError(
            "--demo_tokens_file is for development on a loopback --address only");
      }
      if (absl::Status s = PrintDemoTokens(file, seed, tokens); !s.ok()) return s;
    }
    log::Info("seed_loaded", {{"community", seed.community_id()},
                              {"already_loaded", report->already_loaded ? "true" : "false"},
                              {"communities_created", absl::StrCat(report->communities_created)},
                              {"members_created", absl::StrCat(report->members_created)},
                              {"cases", absl::StrCat(report->cases_seen)}});
  }
  return absl::OkStatus();
}

int Run() {
  // Block the shutdown signals in every thread (gRPC's and RocksDB's threads
  // inherit this mask); the main thread then waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (absl::GetFlag(FLAGS_max_message_bytes) < (1 << 20) ||
      absl::GetFlag(FLAGS_worker_threads) < 1) {
    // A case can be ~600 KB, so a smaller limit could refuse valid cases.
    log::Error("bad_flags",
               {{"error", "max_message_bytes must be at least 1048576 and worker_threads >= 1"}});
    return 2;
  }
  api::ServerOptions options;
  if (!ServerOptionsFromFlags(&options)) return 1;
  web::HttpOptions http_options;
  http_options.address = absl::GetFlag(FLAGS_http_address);
  http_options.allow_insecure_remote = options.allow_insecure_remote;
  // The same certificate and client CA as the gRPC port: a browser signs in
  // with a token, or with a client certificate of that CA.
  http_options.cert_chain_pem = options.tls.cert_chain_pem;
  http_options.private_key_pem = options.tls.private_key_pem;
  http_options.client_ca_pem = options.tls.client_ca_pem;
  http_options.require_client_certificate = options.tls.require_client_certificate;
  http_options.max_message_bytes = options.max_message_bytes;
  http_options.web_root = absl::GetFlag(FLAGS_web_root);
  http_options.session_idle = absl::Minutes(absl::GetFlag(FLAGS_http_session_idle_minutes));
  http_options.metrics_from_anywhere = absl::GetFlag(FLAGS_metrics_from_anywhere);
  if (!http_options.address.empty()) {
    if (absl::Status s = web::ValidateHttpOptions(http_options); !s.ok()) {
      log::Error("bad_flags", {{"error", std::string(s.message())}});
      return 1;
    }
  }
  domain::BackupScheduleOptions backup_options;
  backup_options.directory = absl::GetFlag(FLAGS_backup_dir);
  backup_options.every = absl::GetFlag(FLAGS_backup_every);
  backup_options.keep = absl::GetFlag(FLAGS_backups_to_keep);
  if (!backup_options.directory.empty()) {
    if (absl::Status s = domain::ValidateBackupSchedule(backup_options); !s.ok()) {
      log::Error("bad_flags", {{"error", std::string(s.message())}});
      return 1;
    }
  }
  // A store `kompas-admin restore` made is checked before anything else
  // opens it for writing.
  if (absl::StatusOr<bool> restored = domain::VerifyRestoredStore(absl::GetFlag(FLAGS_data_dir));
      !restored.ok()) {
    log::Error("restored_store_refused", {{"dir", absl::GetFlag(FLAGS_data_dir)},
                                          {"error", std::string(restored.status().message())}});
    std::cerr << "kompasd: " << restored.status().message() << "\n";
    return 1;
  } else if (*restored) {
    log::Info("restored_store_verified", {{"dir", absl::GetFlag(FLAGS_data_dir)}});
  }
  api::CoreOptions core_options;
  core_options.store.data_dir = absl::GetFlag(FLAGS_data_dir);
  core_options.store.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  core_options.secret_file = absl::GetFlag(FLAGS_secret_file);
  core_options.signing_key_file = absl::GetFlag(FLAGS_signing_key);
  if (core_options.signing_key_file.empty()) {
    // Beside the data directory, never inside it: a copy of the store
    // (backup, stolen disk image) must not carry the key that signs it.
    std::string dir = core_options.store.data_dir;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    core_options.signing_key_file = dir + "-signing.key";
  }
  core_options.checkpoint_origin = absl::GetFlag(FLAGS_checkpoint_origin);
  core_options.retention.interval = absl::Seconds(absl::GetFlag(FLAGS_retention_sweep_seconds));
  core_options.store.verify_checksums_on_open = absl::GetFlag(FLAGS_verify_on_start);
  core_options.gate.gazetteer_dir = absl::GetFlag(FLAGS_gazetteer_dir);
  core_options.gate.dictionary = absl::GetFlag(FLAGS_dictionary);
  core_options.session_feed.watcher_buffer_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_watch_buffer_kib)) * 1024;
  core_options.cases.max_page_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_message_bytes)) / 2;
  const absl::Time open_start = absl::Now();
  auto core = api::Core::Open(core_options);
  if (!core.ok()) {
    log::Error("open_failed", {{"dir", core_options.store.data_dir},
                               {"error", std::string(core.status().message())}});
    return 1;
  }
  log::Info("core_ready",
            {{"pii_gate", std::string((*core)->gate().version())},
             {"ms", absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - open_start))}});
  if (absl::Status s = LoadStartupData(**core);
      !s.ok()) {
    log::Error("startup_data_failed", {{"error", std::string(s.message())}});
    return 1;
  }

  auto server = api::Server::Start(options, (*core)->backends());
  if (!server.ok()) {
    log::Error("server_start_failed", {{"error", std::string(server.status().message())}});
    return 1;
  }
  std::unique_ptr<web::HttpServer> http;
  if (!http_options.address.empty()) {
    // Both outlive the listener (it is shut down first).
    http_options.metrics = [grpc = server->get(), below = core->get()] {
      std::string text;
      grpc->metrics().AppendText(&text);
      return text + below->MetricsText();
    };
    auto started = web::HttpServer::Start(http_options, (*server)->InProcessChannel());
    if (!started.ok()) {
      log::Error("http_start_failed", {{"error", std::string(started.status().message())}});
      (*server)->Shutdown();
      return 1;
    }
    http = *std::move(started);
  }
  std::unique_ptr<domain::BackupSchedule> backups;
  if (!backup_options.directory.empty()) {
    auto started = domain::BackupSchedule::Start(backup_options, &(*core)->administration(),
                                                 &(*core)->auditor(), &(*core)->store());
    if (!started.ok()) {
      log::Error("backup_schedule_failed", {{"error", std::string(started.status().message())}});
      if (http) http->Shutdown();
      (*server)->Shutdown();
      return 1;
    }
    backups = *std::move(started);
  }
  if ((*core)->retention() != nullptr) (*core)->retention()->Start();
  const int port = (*server)->port();
  if (const std::string path = absl::GetFlag(FLAGS_port_file); !path.empty()) {
    // Write then rename, so a reader never sees a half-written file.
    const std::string tmp = path + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), path.c_str());
  }
  const std::string cli = absl::GetFlag(FLAGS_cli);
  std::string host = options.address.substr(0, options.address.rfind(':'));
  std::cout << "kompasd is serving on " << host << ":" << port << "\n"
            << "Talk to it from another terminal, e.g.:\n"
            << "  export KOMPAS_SERVER=" << host << ":" << port
            << " KOMPAS_COMMUNITY=wijkteams KOMPAS_TOKEN=<a token above>"
            << (options.tls.cert_chain_pem.empty() ? "" : " KOMPAS_TLS=1 KOMPAS_CA=<CA file>")
            << "\n"
            << "  " << cli << " community list\n"
            << "  " << cli << " case list\n"
            << (http ? absl::StrCat(http_options.web_root.empty() ? "Kompas over HTTP (Connect): "
                                                                  : "Kompas in de browser: ",
                                    http_options.cert_chain_pem.empty() ? "http://" : "https://",
                                    http_options.address.substr(0, http_options.address.rfind(':')),
                                    ":", http->port(), "\n")
                     : std::string())
            << "Stop with Ctrl-C.\n"
            << std::flush;

  int received = 0;
  sigwait(&signals, &received);
  log::Info("signal_received", {{"signal", received == SIGINT ? "SIGINT" : "SIGTERM"}});
  if (backups) backups->Stop();  // waits for a backup under way
  if (http) http->Shutdown();  // first: its calls go to the gRPC server
  (*server)->Shutdown();
  absl::Status closed = (*core)->Close();
  if (!closed.ok()) {
    log::Error("store_close_failed", {{"error", std::string(closed.message())}});
    return 1;
  }
  log::Info("kompasd_exit", {{"code", "0"}});
  return 0;
}

}  // namespace
}  // namespace kompas

// kompasd is linked with jemalloc (server/CMakeLists.txt). With glibc's
// malloc, RSS under mixed load crept up without bound: its per-thread arenas
// kept the block cache's and memtables' freed memory, which other threads
// had allocated (403 MiB after 10 minutes on the 100,000-case store, with
// about 200 MiB in use). jemalloc hands unused pages back to the system.
// With its default eight arenas (four per core) and a 1 s decay, short
// peaks still reached 291 MiB; two arenas and a half-second decay lowered
// them by 20-80 MiB for a few % of throughput. Its background
// thread does the purging off the request path. MALLOC_CONF overrides this.
extern "C" {
// NOLINTNEXTLINE: jemalloc reads this name.
const char* malloc_conf = "background_thread:true,narenas:2,dirty_decay_ms:500,muzzy_decay_ms:0";
}

int main(int argc, char** argv) {
  // Debian's absl is built without NDEBUG, so every Mutex lock would update
  // a global lock-order graph (a few % of a read's CPU). The tests keep the
  // check on; the server, whose lock order they cover, runs without it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "kompasd: the Kompas server. Example:\n"
      "  kompasd --address=127.0.0.1:50051 --data_dir=var/kompas "
      "--municipalities=data/municipalities.tsv --seed=data/demo_community.json");
  absl::ParseCommandLine(argc, argv);
  return kompas::Run();
}
