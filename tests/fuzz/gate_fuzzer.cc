// libFuzzer target over the PII gate: Gate::Scan and Redact on arbitrary bytes.
// Checks the contract of gate.h: no crash; every finding has start < end <=
// size; findings are sorted and disjoint; on valid UTF-8 input every span lies
// on code-point boundaries and the redacted text is valid UTF-8 again.
//
// Built with clang (-fsanitize=fuzzer,address) by the sub-build in clang/;
// see CMakeLists.txt here for the short ctest run and the longer command.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "privacy/gate.h"

namespace {

using kompas::privacy::AllowList;
using kompas::privacy::Finding;
using kompas::privacy::Gate;

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    unsigned char c = p[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n;
  }
  return true;
}

bool Continuation(const std::string& s, size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "gate_fuzzer: violated: %s\n", what);
    std::abort();
  }
}

const Gate& TheGate() {
  static const Gate* gate = [] {
    auto created = Gate::Create(kompas::privacy::GateOptions());
    if (!created.ok()) {
      std::fprintf(stderr, "gate_fuzzer: Gate::Create failed: %s\n",
                   std::string(created.status().message()).c_str());
      std::abort();
    }
    return created->release();
  }();
  return *gate;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static const AllowList allow({"Veilig Thuis", "Bakker"});
  const bool valid = ValidUtf8(text);
  for (const AllowList* a : {static_cast<const AllowList*>(nullptr), &allow}) {
    std::vector<Finding> findings = TheGate().Scan(text, a);
    size_t prev_end = 0;
    for (const Finding& f : findings) {
      Check(f.start < f.end, "start < end");
      Check(f.end <= text.size(), "end <= size");
      Check(f.start >= prev_end, "sorted and non-overlapping");
      Check(f.confidence >= 0.0 && f.confidence <= 1.0, "confidence in 0..1");
      if (valid) {
        Check(!Continuation(text, f.start), "start on a code-point boundary");
        Check(!Continuation(text, f.end), "end on a code-point boundary");
      }
      prev_end = f.end;
    }
    std::string redacted = kompas::privacy::Redact(text, findings);
    if (valid) Check(ValidUtf8(redacted), "redaction of valid UTF-8 is valid UTF-8");
  }
  return 0;
}
