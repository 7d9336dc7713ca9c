#include "corpus.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/cases.h"
#include "domain/ids.h"
#include "domain/names.h"
#include "domain/search_documents.h"
#include "domain/text_gate.h"
#include "google/protobuf/timestamp.pb.h"
#include "store/keys.h"
#include "vocabulary.h"

namespace kompas::bench {
namespace {

using store::Table;
namespace keys = store::keys;

// Municipalities of the community (real CBS codes: reference data, not
// personal) and the members who write, one municipality each.
struct MunicipalitySpec {
  const char* cbs_code;
  const char* display_name;
};
constexpr MunicipalitySpec kMunicipalities[] = {
    {"GM0479", "Zaanstad"}, {"GM0363", "Amsterdam"}, {"GM0599", "Rotterdam"}, {"GM0344", "Utrecht"}};
constexpr const char* kMembers[] = {"bench-wijkcoach-a", "bench-wijkcoach-b",
                                    "bench-wijkcoach-c", "bench-wijkcoach-d",
                                    "bench-wijkcoach-e", "bench-wijkcoach-f"};
constexpr const char* kMemberTitles[] = {"Wijkcoach noord", "Wijkcoach oost", "Wijkcoach zuid",
                                         "Wijkcoach west",  "Wijkcoach centrum",
                                         "Wijkcoach haven"};

std::string MunicipalityName(const char* cbs_code) {
  return absl::StrCat("municipalities/", cbs_code);
}

const char* MemberMunicipality(size_t member) {
  return kMunicipalities[member % std::size(kMunicipalities)].cbs_code;
}

google::protobuf::Timestamp Now() {
  const absl::Time now = absl::Now();
  const int64_t nanos = absl::ToUnixNanos(now);
  google::protobuf::Timestamp t;
  t.set_seconds(nanos / 1000000000);
  t.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return t;
}

// Creates the municipalities, community and members the corpus needs, or
// finds them from an earlier run.
absl::StatusOr<v1::Community> EnsureCommunity(domain::Communities& communities,
                                              const std::string& community_id) {
  std::vector<v1::Municipality> municipalities;
  for (const MunicipalitySpec& m : kMunicipalities) {
    v1::Municipality record;
    record.set_cbs_code(m.cbs_code);
    record.set_display_name(m.display_name);
    municipalities.push_back(std::move(record));
  }
  RETURN_IF_ERROR(communities.UpsertMunicipalities(municipalities));
  v1::CreateCommunityRequest create;
  create.set_community_id(community_id);
  create.mutable_community()->set_display_name("Leergemeenschap privacy (benchmark)");
  create.mutable_community()->set_description(
      "Synthetische casussen en reflecties voor benchmarks; geen echte gegevens.");
  for (const MunicipalitySpec& m : kMunicipalities) {
    create.mutable_community()->add_municipalities(MunicipalityName(m.cbs_code));
  }
  auto created = communities.Create(create);
  if (!created.ok() && !absl::IsAlreadyExists(created.status())) return created.status();
  for (size_t i = 0; i < std::size(kMembers); ++i) {
    v1::AddMemberRequest add;
    add.set_parent(absl::StrCat("communities/", community_id));
    add.set_member_id(kMembers[i]);
    add.mutable_member()->set_display_name(kMemberTitles[i]);
    add.mutable_member()->set_municipality(MunicipalityName(MemberMunicipality(i)));
    add.mutable_member()->add_roles(v1::ROLE_PROFESSIONAL);
    auto member = communities.AddMember(add);
    if (!member.ok() && !absl::IsAlreadyExists(member.status())) return member.status();
  }
  return communities.Load(community_id);
}

// Every free-text field of a case, as the PII gate sees them.
std::vector<std::string> CaseTexts(const v1::Case& c) {
  const v1::Framing& f = c.framing();
  std::vector<std::string> out = {c.title(),   c.situation(),      c.question(),
                                  f.task(),    f.purpose(),        f.necessary_data(),
                                  f.legal_basis_and_proportionality()};
  out.insert(out.end(), c.options().begin(), c.options().end());
  return out;
}

// One batch's worth of records, ready to write.
struct Chunk {
  store::WriteBatch batch;
  int64_t cases = 0;
  int64_t reflections = 0;
  int64_t text_bytes = 0;
};

class Generator {
 public:
  Generator(api::Core& core, const CorpusOptions& options, const v1::Community& community)
      : core_(core),
        options_(options),
        text_gate_(&core.gate()),
        allow_(domain::AllowListOf(community.pii_allow_list())) {}

  // Composes chunk `chunk_index`: `count` cases with their reflections, their
  // index entries and search documents staged in one batch.
  absl::StatusOr<Chunk> Make(int64_t chunk_index, int64_t count) const;

 private:
  // The PII gate as CreateCase applies it; on a finding, names the kinds
  // and the flagged words (synthetic text: safe to show) so the
  // vocabulary can be fixed.
  absl::StatusOr<v1::AnonymizationReport> Screen(google::protobuf::Message& m,
                                                 const char* prefix,
                                                 const std::vector<std::string>& texts) const;

  api::Core& core_;
  const CorpusOptions& options_;
  domain::TextGate text_gate_;
  privacy::AllowList allow_;
};

absl::StatusOr<v1::AnonymizationReport> Generator::Screen(
    google::protobuf::Message& m, const char* prefix, const std::vector<std::string>& texts) const {
  if (!options_.screen) {
    v1::AnonymizationReport clean;
    clean.set_mode(v1::PRIVACY_MODE_REJECT);
    clean.set_gate_version(std::string(text_gate_.version()));
    return clean;
  }
  auto report = text_gate_.Screen(m, prefix, v1::PRIVACY_MODE_UNSPECIFIED,
                                  /*acknowledge_warnings=*/false, allow_);
  if (report.ok()) return report;
  std::string flagged;
  for (const std::string& text : texts) {
    for (const privacy::Finding& f : core_.gate().Scan(text, &allow_)) {
      absl::StrAppend(&flagged, " ", privacy::KindName(f.kind), ":\"",
                      text.substr(f.start, f.end - f.start), "\"");
    }
  }
  return absl::InternalError(absl::StrCat("the PII gate flags generated ", prefix,
                                          " text; fix the vocabulary:", flagged, " (",
                                          report.status().message(), ")"));
}

absl::StatusOr<Chunk> Generator::Make(int64_t chunk_index, int64_t count) const {
  // One random stream per chunk: the texts do not depend on the threads.
  TextGenerator gen(options_.seed * 0x100000001b3ULL + static_cast<uint64_t>(chunk_index));
  const std::string& community = options_.community;
  search::SearchIndex& index = core_.search_index();
  Chunk chunk;
  for (int64_t n = 0; n < count; ++n) {
    const size_t member = gen.Below(std::size(kMembers));
    const std::string author = domain::MemberName(community, kMembers[member]);
    v1::Case c = ComposeCase(gen);
    c.set_origin_municipality(MunicipalityName(MemberMunicipality(member)));
    c.set_hide_origin(gen.Below(20) == 0);
    c.set_visibility(gen.Below(5) == 0 ? v1::VISIBILITY_SHARED : v1::VISIBILITY_COMMUNITY);
    c.set_status(v1::CASE_STATUS_OPEN);
    const std::vector<std::string> texts = CaseTexts(c);
    ASSIGN_OR_RETURN(*c.mutable_anonymization(), Screen(c, "case", texts));
    const std::string case_id = domain::NewServerId();
    c.set_name(domain::CaseName{community, case_id}.Format());
    c.set_author(author);
    *c.mutable_create_time() = Now();
    *c.mutable_update_time() = c.create_time();
    c.set_etag("1");
    for (const std::string& t : texts) chunk.text_bytes += static_cast<int64_t>(t.size());

    chunk.batch.Put(Table::kCases, keys::Case(community, case_id), c.SerializeAsString());
    for (const std::string& k : domain::CaseIndexKeys(community, c, case_id)) {
      chunk.batch.Put(Table::kCaseIndex, k, "");
    }
    RETURN_IF_ERROR(domain::StageCase(&index, community, case_id, &c, chunk.batch));
    ++chunk.cases;

    for (int i = 0; i < options_.reflections_per_case; ++i) {
      v1::Reflection r = ComposeReflection(gen);
      ASSIGN_OR_RETURN(*r.mutable_anonymization(), Screen(r, "reflection", {r.text()}));
      const std::string reflection_id = domain::NewServerId();
      r.set_name(domain::ReflectionName{community, case_id, reflection_id}.Format());
      r.set_author(domain::MemberName(community, kMembers[gen.Below(std::size(kMembers))]));
      *r.mutable_create_time() = Now();
      chunk.text_bytes += static_cast<int64_t>(r.text().size());
      chunk.batch.Put(Table::kReflections, keys::Reflection(community, case_id, reflection_id),
                      r.SerializeAsString());
      domain::StageReflectionCounted(community, case_id, chunk.batch);
      const std::optional<search::Document> doc = domain::ReflectionDocument(r, c);
      RETURN_IF_ERROR(index.Stage(community, domain::ReflectionDocKey(case_id, reflection_id),
                                  doc.has_value() ? &*doc : nullptr, chunk.batch));
      ++chunk.reflections;
    }
  }
  return chunk;
}

// The batch with its changes in (table, key) order. RocksDB's memtable is
// a skip list that inserts a run of ascending keys far faster than the same
// keys scattered (each insert starts from the last one's position), and a
// chunk's postings are scattered over thousands of terms. Safe here: the
// sort is stable, so the merge operands of one key keep their order.
store::WriteBatch Sorted(const store::WriteBatch& batch) {
  std::vector<const store::WriteBatch::Op*> ops;
  ops.reserve(batch.ops().size());
  for (const store::WriteBatch::Op& op : batch.ops()) ops.push_back(&op);
  std::stable_sort(ops.begin(), ops.end(), [](const auto* a, const auto* b) {
    return a->table != b->table ? a->table < b->table : a->key < b->key;
  });
  store::WriteBatch out;
  for (const store::WriteBatch::Op* op : ops) {
    switch (op->kind) {
      case store::WriteBatch::Kind::kPut: out.Put(op->table, op->key, op->value); break;
      case store::WriteBatch::Kind::kDelete: out.Delete(op->table, op->key); break;
      case store::WriteBatch::Kind::kMerge: out.Merge(op->table, op->key, op->value); break;
    }
  }
  return out;
}

}  // namespace

v1::Case ComposeCase(TextGenerator& gen) {
  v1::Case c;
  c.set_title(gen.Title());
  c.set_situation(gen.Situation());
  c.set_question(gen.Question());
  c.mutable_framing()->set_task(gen.Task());
  c.mutable_framing()->set_purpose(gen.Purpose());
  c.mutable_framing()->set_necessary_data(gen.NecessaryData());
  c.mutable_framing()->set_legal_basis_and_proportionality(gen.LegalBasis());
  const int options = 2 + static_cast<int>(gen.Below(2));
  for (int i = 0; i < options; ++i) c.add_options(gen.Option());
  for (const std::string& law : gen.PickLaws()) c.add_laws(law);
  for (const std::string& theme : gen.PickThemes()) c.add_themes(theme);
  return c;
}

v1::Reflection ComposeReflection(TextGenerator& gen) {
  v1::Reflection r;
  r.set_kind(static_cast<v1::ReflectionKind>(1 + gen.Below(5)));
  r.set_text(gen.Reflection());
  return r;
}

absl::StatusOr<CorpusReport> GenerateCorpus(api::Core& core, const CorpusOptions& options,
                                            const ProgressFn& progress) {
  if (options.cases < 0 || options.reflections_per_case < 0 || options.records_per_batch < 1) {
    return absl::InvalidArgumentError(
        "cases and reflections_per_case must not be negative, records_per_batch at least 1");
  }
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(v1::Community community, EnsureCommunity(core.communities(), options.community));
  const Generator generator(core, options, community);

  const int64_t per_chunk =
      std::max<int64_t>(1, options.records_per_batch / (1 + options.reflections_per_case));
  const int64_t chunks = (options.cases + per_chunk - 1) / per_chunk;
  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::thread::hardware_concurrency());
  threads = static_cast<int>(std::clamp<int64_t>(threads, 1, std::max<int64_t>(chunks, 1)));

  // Each thread composes a chunk and writes it itself: RocksDB inserts the
  // batches of concurrent writers into the memtable in parallel, and the
  // memtable insert is the most expensive step.
  std::atomic<int64_t> next{0};
  std::atomic<bool> stop{false};
  absl::Mutex mu;
  CorpusReport report;
  absl::Status failed;
  auto work = [&] {
    for (int64_t i = next++; i < chunks && !stop; i = next++) {
      const int64_t first = i * per_chunk;
      const absl::Time compose_start = absl::Now();
      absl::StatusOr<Chunk> chunk = generator.Make(i, std::min(per_chunk, options.cases - first));
      absl::Status s = chunk.status();
      const absl::Time write_start = absl::Now();
      if (s.ok()) s = core.store().Write(Sorted(chunk->batch));
      const absl::Time write_end = absl::Now();
      absl::MutexLock lock(&mu);
      if (!s.ok()) {
        if (failed.ok()) failed = s;
        stop = true;
        return;
      }
      report.cases += chunk->cases;
      report.reflections += chunk->reflections;
      report.text_bytes += chunk->text_bytes;
      ++report.batches;
      report.composing += write_start - compose_start;
      report.writing += write_end - write_start;
      report.elapsed = write_end - start;
      if (progress) progress(report);
    }
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
  RETURN_IF_ERROR(failed);
  report.elapsed = absl::Now() - start;
  return report;
}

}  // namespace kompas::bench
