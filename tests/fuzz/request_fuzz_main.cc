// A driver for request_fuzz_target.cc without libFuzzer, so the g++ build can
// run the request fuzzer in ctest (request_fuzz_smoke): it makes random
// inputs from a seed and feeds them to LLVMFuzzerTestOneInput, then verifies
// the store. The libFuzzer build (clang) is for long runs; see CMakeLists.txt.
//
//   request_fuzz_driver [--seed=N] [--runs=N] [--max_seconds=S]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
namespace kompas::fuzz {
bool FinishRequestFuzz();
}

int main(int argc, char** argv) {
  uint64_t seed = 1;
  uint64_t runs = 20000;
  double max_seconds = 45;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (std::strncmp(a, "--seed=", 7) == 0) {
      seed = std::strtoull(a + 7, nullptr, 10);
    } else if (std::strncmp(a, "--runs=", 7) == 0) {
      runs = std::strtoull(a + 7, nullptr, 10);
    } else if (std::strncmp(a, "--max_seconds=", 14) == 0) {
      max_seconds = std::strtod(a + 14, nullptr);
    } else {
      std::fprintf(stderr, "usage: %s [--seed=N] [--runs=N] [--max_seconds=S]\n", argv[0]);
      return 2;
    }
  }
  std::mt19937_64 rng(seed);
  const auto start = std::chrono::steady_clock::now();
  std::vector<uint8_t> input;
  uint64_t done = 0;
  for (; done < runs; ++done) {
    // Mostly short inputs (the builder reads zeros past the end), some long.
    const size_t size = (rng() % 8 == 0) ? rng() % 8192 : rng() % 256;
    input.resize(size);
    for (auto& b : input) b = static_cast<uint8_t>(rng());
    LLVMFuzzerTestOneInput(input.data(), input.size());
    if (done % 256 == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
            max_seconds) {
      ++done;
      break;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "request_fuzz_driver: seed=%llu inputs=%llu seconds=%.1f\n",
               static_cast<unsigned long long>(seed), static_cast<unsigned long long>(done),
               seconds);
  return kompas::fuzz::FinishRequestFuzz() ? 0 : 1;
}
