// A fixed pool of threads that runs the blocking part of RPCs (RocksDB reads,
// synced writes) off gRPC's callback threads, which must never block. Many
// threads, because a synced write mostly waits on the disk, and concurrent
// writers share one WAL sync (RocksDB group commit).
#ifndef KOMPAS_API_WORK_POOL_H_
#define KOMPAS_API_WORK_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace kompas::api {

class WorkPool {
 public:
  explicit WorkPool(int threads);
  // Runs every task already posted, then joins the threads.
  ~WorkPool();

  // Queues a task. After shutdown began, runs it on the caller's thread so
  // no reactor is left unfinished.
  void Post(std::function<void()> task);

 private:
  void Loop();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_WORK_POOL_H_
