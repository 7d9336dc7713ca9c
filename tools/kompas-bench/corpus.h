// A synthetic corpus of cases and reflections written straight into a
// Kompas store, for benchmarks (kompas-bench gen, tests/bench/search_bench).
//
// The community, its municipalities and members go through the domain use
// cases (Communities), like any other; cases and reflections are built as
// Cases::Create and Cases::CreateReflection would store them (server ids,
// status OPEN, create_time, author, etag "1", the PII gate's report) and
// written in large batches together with their case_index entries and
// their search documents (SearchIndex::Stage), skipping the per-record
// validation, locking and audit events of the use cases.
//
//   CorpusOptions options;
//   options.cases = 5000;
//   ASSIGN_OR_RETURN(CorpusReport report, GenerateCorpus(*core, options, nullptr));
//
// Texts are deterministic for a seed (vocabulary.h); ids and times are the
// clock's, as on a real server.
#ifndef KOMPAS_BENCH_CORPUS_H_
#define KOMPAS_BENCH_CORPUS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "api/core.h"
#include "kompas/v1/case.pb.h"
#include "vocabulary.h"

namespace kompas::bench {

struct CorpusOptions {
  // The community the corpus goes into; created (with its municipalities
  // and members) when missing. A valid community id.
  std::string community = "bench";
  // Cases to add. Each is OPEN, so it is indexed and accepts reflections.
  int64_t cases = 100000;
  // Reflections per case (each written in its case's batch).
  int reflections_per_case = 10;
  // Seed of the texts and labels; the same seed gives the same texts.
  uint64_t seed = 1;
  // Records (cases plus their reflections) per store::WriteBatch, at least
  // one whole case per batch. Bigger batches amortize the write path; 500
  // keeps a batch at a few MB.
  int records_per_batch = 500;
  // Threads that compose, screen, tokenize and write chunks, the calling
  // thread among them. 0: as many as the machine has cores.
  int threads = 0;
  // When true (the default), every case and reflection goes through the PII
  // gate (domain::TextGate::Screen, REJECT mode) as CreateCase does, so the
  // corpus is proven free of what the gate calls personal data and carries
  // the gate's real report. A finding fails the generation: the vocabulary
  // is wrong. When false, the report is the one a clean text gets.
  bool screen = true;
};

struct CorpusReport {
  int64_t cases = 0;
  int64_t reflections = 0;
  int64_t batches = 0;
  // Bytes of case and reflection text (situation, reflection text, ...).
  int64_t text_bytes = 0;
  absl::Duration elapsed;
  // Summed over the threads: time composing chunks (texts, PII gate,
  // tokenizing, staging) and time in Store::Write.
  absl::Duration composing;
  absl::Duration writing;
};

// Called after each written batch with the totals so far, from the thread
// that wrote it, one call at a time. May be null.
using ProgressFn = std::function<void(const CorpusReport&)>;

// Adds the corpus to `core`'s store. `core` should be opened with
// sync_writes = false for speed. Must not run beside other writers of the
// community's cases (no locks are taken).
absl::StatusOr<CorpusReport> GenerateCorpus(api::Core& core, const CorpusOptions& options,
                                            const ProgressFn& progress);

// The client-written fields of one generated case (texts, options, laws,
// themes) and of one reflection (kind, text): no name, author, origin,
// status or time. GenerateCorpus builds every record from these.
v1::Case ComposeCase(TextGenerator& gen);
v1::Reflection ComposeReflection(TextGenerator& gen);

// The member every generated case is written by, first of several; it is a
// member of the community, so it may search it.
inline constexpr char kBenchMember[] = "bench-wijkcoach-a";

}  // namespace kompas::bench

#endif  // KOMPAS_BENCH_CORPUS_H_
