// Request fuzzer: every kompas.v1 RPC of the RPC table (api/rpc_table.h),
// called with fuzzed request bytes through the server's own path — gRPC's
// in-process channel into a real api::Server, so each call is parsed,
// validated, authorized and run by the use case exactly as a remote call is —
// on a real RocksDB store in a temp directory, seeded with the demo community
// (data/demo_community.json) so authorized paths are reached.
//
// One input is: byte 0 picks the RPC, byte 1 the caller (no token, a forged
// token, a member of each role, an outsider, an administrator), byte 2 the
// mode, the rest is either (a) the request's bytes as they are, or (b) the
// entropy from which a request of the method's type is built by walking its
// descriptor (extreme sizes, invalid UTF-8, huge repeated fields, forged
// names and page tokens, names harvested from the seeded community and from
// earlier responses) — either gently (what a real client would send, to get
// past validation into the use cases) or wildly, and then optionally damaged
// on the wire (truncated, a bit flipped, deeply nested unknown groups).
//
// Invariants: no crash, no sanitizer finding, no INTERNAL, UNKNOWN or
// DATA_LOSS status; at exit (and every KOMPAS_FUZZ_VERIFY_EVERY executions,
// default 500000) the audit chain verifies and the search index is
// consistent (what `kompas-admin audit verify` and `check-index` check).
// A finding prints the method, caller, status and the request in hex, then
// aborts (libFuzzer keeps the input).
//
// Streams: ExportKompas is read to its end; WatchSession is read for at
// most two messages within 20 ms, then cancelled (a bounded read).
//
// The store is stateful across inputs (cases created by one input are seen
// by the next), so a saved crash input may need the run before it to repeat.
// Built with clang as a libFuzzer target (request_fuzzer) or with g++ and
// request_fuzz_main.cc as a driver (request_fuzz_driver); see CMakeLists.txt.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "api/core.h"
#include "api/rpc_table.h"
#include "api/server.h"
#include "audit/audit_log.h"
#include "common/log.h"
#include "domain/seed.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/client_unary_call.h"
#include "grpcpp/impl/rpc_method.h"
#include "grpcpp/support/sync_stream.h"
#include "kompas/internal/v1/seed.pb.h"
#include "kompas/v1/community.pb.h"
#include "privacy/gate.h"
#include "spdlog/spdlog.h"

#ifndef KOMPAS_DATA_DIR
#error "KOMPAS_DATA_DIR (the repository's data/ folder) must be defined"
#endif

namespace kompas::fuzz {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using api::Rpc;

// The fuzzer's bytes, read front to back; zeros once they run out, so every
// input decodes to some request.
class Entropy {
 public:
  Entropy(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | Byte();
    return v;
  }
  uint64_t U64() { return (static_cast<uint64_t>(U32()) << 32) | U32(); }
  // Uniform-ish in [0, n); 0 when n is 0.
  size_t Below(size_t n) { return n == 0 ? 0 : U32() % n; }
  std::string Bytes(size_t n) {
    std::string out;
    n = std::min(n, size_ - pos_);
    out.assign(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }
  std::string Rest() { return Bytes(size_ - pos_); }
  bool Exhausted() const { return pos_ >= size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Who calls: the demo community's members by role, an outsider with a valid
// token, an administrator, nobody, and a forged token.
struct Caller {
  const char* member;  // nullptr: no token
  bool admin;
  const char* label;
};
constexpr Caller kCallers[] = {
    {"anna-zaanstad", false, "professional"},
    {"bram-enschede", false, "facilitator"},
    {"chris-utrecht", false, "privacy_officer"},
    {"dewi-westland", false, "steward"},
    {"export-bot", false, "exporter"},
    {"zoe-buiten", false, "outsider"},
    {"beheerder", true, "admin"},
    {nullptr, false, "anonymous"},
    {"", false, "forged_token"},
};
constexpr size_t kCallerCount = sizeof(kCallers) / sizeof(kCallers[0]);
constexpr char kCommunity[] = "communities/wijkteams";

// A bounded pool of strings seen in responses (names, etags, page tokens).
class Pool {
 public:
  explicit Pool(size_t cap) : cap_(cap) {}
  void Add(const std::string& s, uint64_t salt) {
    if (s.empty() || s.size() > 400 || seen_.count(s) > 0) return;
    if (items_.size() < cap_) {
      items_.push_back(s);
    } else {
      // Keep the first quarter (the seed's names) and replace the rest.
      const size_t keep = cap_ / 4;
      const size_t slot = keep + salt % (cap_ - keep);
      seen_.erase(items_[slot]);
      items_[slot] = s;
    }
    seen_.insert(s);
  }
  std::string Pick(Entropy& e, const std::string& fallback) const {
    return items_.empty() ? fallback : items_[e.Below(items_.size())];
  }
  size_t size() const { return items_.size(); }

 private:
  size_t cap_;
  std::vector<std::string> items_;
  std::set<std::string> seen_;
};

// Builds a random message of a request type from the entropy.
class Builder {
 public:
  // `gentle`: values a real client would send (harvested names, plausible
  // text, small numbers), so calls get past validation into the use cases;
  // otherwise anything goes.
  // `collection` ("cases", "standards", ...): what the method's service is
  // about, preferred among harvested names in gentle mode.
  Builder(Entropy& e, const Pool& names, const Pool& etags, const Pool& tokens, bool gentle,
          std::string collection)
      : e_(e), names_(names), etags_(etags), tokens_(tokens), gentle_(gentle),
        collection_(std::move(collection)) {
    // Most requests stay small; one in 32 may be huge (up to ~3.5 MiB,
    // under the 4 MiB message limit).
    budget_ = !gentle && e_.Byte() < 8 ? (3 << 20) + (1 << 19) : (64 << 10);
  }

  void Fill(Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    const Reflection* r = m->GetReflection();
    if (FillWellKnown(m, d, r)) return;
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      const bool key = IsKeyField(f);
      const uint8_t choice = e_.Byte();
      if (choice >= (key ? (gentle_ ? 256 : 230) : 110)) continue;  // left unset
      if (f->is_repeated()) {
        size_t n = e_.Byte() % (gentle_ ? 3 : 4);
        if (!gentle_ && e_.Byte() == 0xFF) n = 1000 + e_.Below(20000);  // a huge repeated field
        for (size_t k = 0; k < n && budget_ > 0; ++k) PutOne(m, f, r, depth);
      } else {
        PutOne(m, f, r, depth);
      }
    }
  }

 private:
  static bool IsKeyField(const FieldDescriptor* f) {
    const std::string& n = f->name();
    return n == "name" || n == "parent" || n == "community" || n == "page_token" ||
           n == "update_mask" || absl::EndsWith(n, "_id") || n == "etag";
  }

  bool FillWellKnown(Message* m, const Descriptor* d, const Reflection* r) {
    const std::string& full = d->full_name();
    if (full == "google.protobuf.Timestamp" || full == "google.protobuf.Duration") {
      r->SetInt64(m, d->FindFieldByName("seconds"), Int64());
      r->SetInt32(m, d->FindFieldByName("nanos"), static_cast<int32_t>(Int64()));
      return true;
    }
    if (full == "google.protobuf.FieldMask") {
      static const char* const kPaths[] = {
          "title", "situation", "question", "status", "framing", "framing.task", "laws",
          "themes", "display_name", "roles", "text", "body", "*", "", "name", "etag",
          "create_time", "municipality", "kind", "conclusion", "nonexistent.field", "a..b"};
      const FieldDescriptor* paths = d->FindFieldByName("paths");
      const size_t n = e_.Byte() % 5;
      for (size_t k = 0; k < n; ++k) {
        r->AddString(m, paths,
                     e_.Byte() < 200 ? kPaths[e_.Below(std::size(kPaths))] : String(nullptr));
      }
      return true;
    }
    return false;
  }

  int64_t Int64() {
    if (gentle_) return e_.Byte() % 60;
    switch (e_.Byte() % 9) {
      case 0: return 0;
      case 1: return 1;
      case 2: return -1;
      case 3: return std::numeric_limits<int64_t>::max();
      case 4: return std::numeric_limits<int64_t>::min();
      case 5: return std::numeric_limits<int32_t>::max();
      case 6: return std::numeric_limits<int32_t>::min();
      case 7: return static_cast<int64_t>(e_.Byte());
      default: return static_cast<int64_t>(e_.U64());
    }
  }

  double Double() {
    switch (e_.Byte() % 6) {
      case 0: return 0;
      case 1: return std::numeric_limits<double>::quiet_NaN();
      case 2: return std::numeric_limits<double>::infinity();
      case 3: return -std::numeric_limits<double>::infinity();
      case 4: return std::numeric_limits<double>::max();
      default: return static_cast<double>(static_cast<int32_t>(e_.U32())) / 7.0;
    }
  }

  int EnumNumber(const FieldDescriptor* f) {
    const auto* en = f->enum_type();
    if (gentle_ || e_.Byte() < 220 || f->file()->syntax() != google::protobuf::FileDescriptor::SYNTAX_PROTO3) {
      return en->value(static_cast<int>(e_.Below(en->value_count())))->number();
    }
    return static_cast<int>(Int64());  // open enum: an unknown number
  }

  // A name that looks like ours: a harvested one, changed or not, or made up.
  std::string Name() {
    if (gentle_) {
      const uint8_t b = e_.Byte();
      if (b % 4 == 0) return kCommunity;  // the parent of most collections
      if (b % 8 != 1) {
        // A name of the service's own collection, when one turns up.
        for (int tries = 0; tries < 12; ++tries) {
          std::string n = names_.Pick(e_, kCommunity);
          const std::vector<absl::string_view> parts = absl::StrSplit(n, '/');
          if (parts.size() == 4 && parts[2] == collection_) return n;
        }
        return names_.Pick(e_, kCommunity);
      }
    }
    static const char* const kCollections[] = {
        "cases", "sessions", "standards", "kompasVersions", "annotations", "reflections",
        "members", "auditEvents", "positions", "parkedQuestions", "errata", "endorsements",
        "privacyChecks", "searches", "x", ""};
    static const char* const kCommunities[] = {"wijkteams", "elders", "", "WIJKTEAMS",
                                               "wijkteams/../wijkteams", "-", "a"};
    switch (e_.Byte() % 8) {
      case 0:
      case 1:
      case 2: return names_.Pick(e_, kCommunity);
      case 3: {
        static const char* const kSuffix[] = {"/", "//", "/..", "/reflections/1", "/x/y/z",
                                              "/cases/-", "%2F", "\n", "/sessions/0"};
        return names_.Pick(e_, kCommunity) + kSuffix[e_.Below(std::size(kSuffix))];
      }
      case 4: {
        std::string n = "communities/";
        n += kCommunities[e_.Below(std::size(kCommunities))];
        const size_t levels = e_.Byte() % 4;
        for (size_t k = 0; k < levels; ++k) {
          absl::StrAppend(&n, "/", kCollections[e_.Below(std::size(kCollections))], "/", Id());
        }
        return n;
      }
      case 5: return absl::StrCat("municipalities/GM0", e_.Byte() % 10, e_.Byte() % 100);
      case 6: {  // a harvested name with one character changed
        std::string n = names_.Pick(e_, kCommunity);
        if (!n.empty()) n[e_.Below(n.size())] = static_cast<char>(e_.Byte());
        return n;
      }
      default: return std::string(300 + e_.Below(300), 'c');
    }
  }

  std::string Id() {
    switch (e_.Byte() % 6) {
      case 0: return absl::StrCat(e_.Byte());
      case 1: return absl::StrCat(e_.U64());
      case 2: return "-";
      case 3: return std::string(e_.Byte() % 2 == 0 ? 64 : 300, '7');
      case 4: return "0123456789abcdef0123456789abcdef";
      default: return absl::StrCat("a", e_.U32() % 1000, "-b");
    }
  }

  std::string InvalidUtf8() {
    static const char* const kBad[] = {"\xff", "\xc0\x80", "\xed\xa0\x80", "\xe2\x82",
                                       "\xf4\x90\x80\x80", "\x80", "\xf0\x9f\x98"};
    std::string s = "tekst ";
    const size_t n = 1 + e_.Byte() % 4;
    for (size_t k = 0; k < n; ++k) s += kBad[e_.Below(std::size(kBad))];
    return s;
  }

  std::string Long() {
    const size_t want = size_t{1} << (8 + e_.Byte() % 12);  // 256 B .. 512 KiB
    const size_t n = std::min<size_t>(want, budget_ > 0 ? static_cast<size_t>(budget_) : 0);
    static const char* const kUnits[] = {"a", "é", "😀", " ", "\u202e", "ij"};
    const std::string unit = kUnits[e_.Below(std::size(kUnits))];
    std::string s;
    s.reserve(n);
    while (s.size() + unit.size() <= n) s += unit;
    return s;
  }

  std::string Odd() {
    if (e_.Byte() % 8 == 0) return std::string("nul\0byte", 8);
    static const char* const kOdd[] = {
        "\u200b", "\u202eesrever", "e\u0301\u0301\u0301",
        "\U0001F600", "\r\n", "' OR 1=1 --", "${jndi:x}", "%s%n", "\t", "  ", "AND OR NOT ((",
        "\"", "*", "title:", "-", "_", "\\"};
    return kOdd[e_.Below(std::size(kOdd))];
  }

  std::string PageToken() {
    switch (e_.Byte() % 5) {
      case 0: return tokens_.Pick(e_, "");
      case 1: {
        std::string t = tokens_.Pick(e_, "AAAA");
        if (!t.empty()) t[e_.Below(t.size())] ^= static_cast<char>(1 + e_.Byte() % 255);
        return t;
      }
      case 2: return "AAAAAAAAAAAAAAAA";
      case 3: return e_.Bytes(e_.Byte() % 64);
      default: return std::string(e_.Byte() % 2 == 0 ? "eyJvZmZzZXQiOi0xfQ==" : "!!!");
    }
  }

  std::string ForField(const FieldDescriptor* f) {
    const std::string& n = f->name();
    if (n == "page_token") return gentle_ ? tokens_.Pick(e_, "") : PageToken();
    if (n == "etag") return etags_.Pick(e_, "W/\"1\"");
    if (n == "name" || n == "parent" || n == "community" || absl::EndsWith(n, "case") ||
        absl::EndsWith(n, "session") || absl::EndsWith(n, "standard")) {
      return Name();
    }
    if (absl::StrContains(n, "municipalit")) {
      static const char* const kMunicipalities[] = {"municipalities/GM0479", "municipalities/GM0153",
                                                    "municipalities/GM0344", "municipalities/GM9999"};
      if (gentle_ || e_.Byte() % 2 == 0) return kMunicipalities[e_.Below(4)];
      return Name();
    }
    if (n == "request_id") return absl::StrCat("req-", e_.Byte() % 16);
    if (absl::EndsWith(n, "_id")) return Id();
    if (n == "method") return e_.Byte() % 2 == 0 ? "incident" : "x";
    // Plausible text for any other field, so requests also pass validation.
    static const char* const kText[] = {
        "Mag ik dat bevestigen zonder toestemming van de ouders?",
        "Jeugdwet: toegang tot jeugdhulp", "gegevensdeling-school", "Jeugdwet", "Wmo 2015",
        "De school wil weten of er al hulp is.", "Een korte reflectie op de casus."};
    return kText[e_.Below(std::size(kText))];
  }

  std::string String(const FieldDescriptor* f) {
    std::string s;
    if (gentle_) {
      s = f != nullptr ? ForField(f) : Name();
      budget_ -= static_cast<int64_t>(s.size()) + 2;
      return s;
    }
    switch (e_.Byte() % 16) {
      case 0: break;
      case 1:
      case 2:
      case 3:
      case 12:
      case 13: s = f != nullptr ? ForField(f) : Name(); break;
      case 4: s = Name(); break;
      case 5: s = InvalidUtf8(); break;
      case 6: s = Long(); break;
      case 7: s = Odd(); break;
      case 8: s = e_.Bytes(e_.Byte()); break;  // raw bytes, often not UTF-8
      case 9: s = PageToken(); break;
      default: {  // short printable text
        const size_t n = e_.Byte() % 48;
        for (size_t k = 0; k < n; ++k) s += static_cast<char>(' ' + e_.Byte() % 95);
      }
    }
    budget_ -= static_cast<int64_t>(s.size()) + 2;
    return s;
  }

  // One value from the input into field `f` of `m`: set, or appended when
  // `f` is repeated.
  void PutOne(Message* m, const FieldDescriptor* f, const Reflection* r, int depth) {
    budget_ -= 2;
    const bool repeated = f->is_repeated();
    // Reflection's Set* or its Add* twin, whichever `f` takes.
    auto put = [&](auto set, auto add, auto value) {
      (r->*(repeated ? add : set))(m, f, std::move(value));
    };
    using R = Reflection;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: put(&R::SetString, &R::AddString, String(f)); break;
      case FieldDescriptor::CPPTYPE_INT32:
        put(&R::SetInt32, &R::AddInt32, static_cast<int32_t>(Int64()));
        break;
      case FieldDescriptor::CPPTYPE_INT64: put(&R::SetInt64, &R::AddInt64, Int64()); break;
      case FieldDescriptor::CPPTYPE_UINT32:
        put(&R::SetUInt32, &R::AddUInt32, static_cast<uint32_t>(Int64()));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        put(&R::SetUInt64, &R::AddUInt64, static_cast<uint64_t>(Int64()));
        break;
      case FieldDescriptor::CPPTYPE_BOOL: put(&R::SetBool, &R::AddBool, e_.Byte() % 2 == 1); break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        put(&R::SetFloat, &R::AddFloat, static_cast<float>(Double()));
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE: put(&R::SetDouble, &R::AddDouble, Double()); break;
      case FieldDescriptor::CPPTYPE_ENUM:
        put(&R::SetEnumValue, &R::AddEnumValue, EnumNumber(f));
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < kMaxDepth) {
          Fill(repeated ? r->AddMessage(m, f) : r->MutableMessage(m, f), depth + 1);
        }
        break;
    }
  }

  static constexpr int kMaxDepth = 8;
  Entropy& e_;
  const Pool& names_;
  const Pool& etags_;
  const Pool& tokens_;
  const bool gentle_;
  const std::string collection_;
  int64_t budget_;
};

// Damages serialized bytes the way a broken or hostile client might.
void DamageWire(Entropy& e, std::string* bytes) {
  switch (e.Byte() % 5) {
    case 0:  // truncated
      if (!bytes->empty()) bytes->resize(e.Below(bytes->size()));
      break;
    case 1:  // one bit flipped
      if (!bytes->empty()) (*bytes)[e.Below(bytes->size())] ^= static_cast<char>(1 << (e.Byte() % 8));
      break;
    case 2: {  // deeply nested unknown groups (field 4095)
      const size_t depth = 50 + e.Below(20000);
      std::string open = "\xfb\xff\x03";   // tag (4095 << 3) | 3, start group
      std::string close = "\xfc\xff\x03";  // tag (4095 << 3) | 4, end group
      for (size_t k = 0; k < depth; ++k) *bytes += open;
      for (size_t k = 0; k < depth; ++k) *bytes += close;
      break;
    }
    case 3:  // a length that runs past the end
      *bytes += "\x0a\xff\xff\xff\x7f";
      break;
    default:  // the same field twice: the last value wins for scalars
      *bytes += *bytes;
  }
}

bool IsFinding(grpc::StatusCode code) {
  return code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::DATA_LOSS;
}

std::string Hex(const std::string& s, size_t max) {
  std::string out;
  static const char* const kDigits = "0123456789abcdef";
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    out += kDigits[(static_cast<unsigned char>(s[i]) >> 4) & 0xF];
    out += kDigits[static_cast<unsigned char>(s[i]) & 0xF];
  }
  if (s.size() > max) absl::StrAppend(&out, "...(", s.size(), " bytes)");
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "request_fuzz: %s\n", why.c_str());
  std::fflush(stderr);
  std::abort();
}

class Harness {
 public:
  static Harness& Get() {
    static Harness* harness = [] {
      auto* h = new Harness;
      h->Start();
      std::atexit([] { Harness::Get().Finish(/*from_atexit=*/true); });
      return h;
    }();
    return *harness;
  }

  void RunOne(const uint8_t* data, size_t size) {
    if (size < 3) return;
    const Rpc& rpc = *rpcs_[data[0] % rpcs_.size()];
    const Caller& caller = kCallers[data[1] % kCallerCount];
    const uint8_t mode = data[2];
    Entropy e(data + 3, size - 3);
    std::string request;
    // Modes: raw bytes 1/8, gentle 4/8, wild 2/8, wild and damaged 1/8.
    const int kind = mode % 8;
    if (kind == 0) {
      request = e.Rest();  // arbitrary bytes
    } else {
      std::unique_ptr<Message> m(NewRequest(rpc));
      Builder(e, names_, etags_, page_tokens_, /*gentle=*/kind <= 4, CollectionOf(rpc))
          .Fill(m.get(), 0);
      if (!m->SerializeToString(&request)) request.clear();
      if (kind == 7) DamageWire(e, &request);
    }
    gentle_call_ = kind >= 1 && kind <= 4;
    Call(rpc, caller, request);
    if (++executions_ % verify_every_ == 0) VerifyStore();
    if (executions_ % 500 == 0) Restore();
  }

  // Verifies the store and prints the run's numbers; shuts down when called
  // from the driver. Exits non-zero (atexit) or returns false on a broken store.
  bool Finish(bool from_atexit) {
    if (finished_.exchange(true)) return true;
    const bool ok = VerifyStore(/*fatal=*/false);
    std::string codes;
    for (const auto& [code, n] : codes_) absl::StrAppend(&codes, " ", code, "=", n);
    std::fprintf(stderr,
                 "request_fuzz: executions=%llu rpcs=%zu names=%zu findings=0 store=%s codes:%s\n",
                 static_cast<unsigned long long>(executions_), rpcs_.size(), names_.size(),
                 ok ? "verified" : "BROKEN", codes.c_str());
    if (std::getenv("KOMPAS_FUZZ_STATS") != nullptr) {  // status codes per method
      for (const auto& [method, counts] : method_codes_) {
        std::string line;
        for (const auto& [code, n] : counts) absl::StrAppend(&line, " ", code, "=", n);
        std::fprintf(stderr, "  %s%s\n", method.c_str(), line.c_str());
      }
    }
    if (!from_atexit) {
      server_->Shutdown();
      server_.reset();
      if (!core_->Close().ok()) std::fprintf(stderr, "request_fuzz: store did not close\n");
      core_.reset();
      if (std::getenv("KOMPAS_FUZZ_KEEP") == nullptr) {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
      }
    } else if (!ok) {
      std::fflush(stderr);
      _exit(1);
    }
    return ok;
  }

 private:
  Harness() = default;

  // "cases" for CaseService, "kompasVersions" for KompasService, ...
  static std::string CollectionOf(const Rpc& rpc) {
    std::string service = rpc.method->service()->name();
    if (absl::EndsWith(service, "Service")) service.resize(service.size() - 7);
    if (service.empty()) return "";
    service[0] = static_cast<char>(std::tolower(service[0]));
    return service == "kompas" ? "kompasVersions" : service + "s";
  }

  static std::unique_ptr<Message> NewRequest(const Rpc& rpc) {
    const Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(
        rpc.method->input_type());
    return std::unique_ptr<Message>(prototype->New());
  }

  void Start() {
    // protobuf logs every invalid UTF-8 string it meets; millions of lines.
    google::protobuf::SetLogHandler(nullptr);
    log::Info("request_fuzz_start");  // makes the logger, whose lines we then quieten
    if (auto logger = spdlog::get("kompas")) logger->set_level(spdlog::level::warn);
    if (const char* every = std::getenv("KOMPAS_FUZZ_VERIFY_EVERY")) {
      verify_every_ = std::max<uint64_t>(1, std::strtoull(every, nullptr, 10));
    }
    std::string tmpl = (std::filesystem::temp_directory_path() / "kompas-fuzz-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) Die("cannot make a temp directory");
    dir_ = tmpl;

    auto gate = privacy::Gate::Create(privacy::GateOptions());
    if (!gate.ok()) Die(gate.status().ToString());
    gate_ = *std::move(gate);
    api::CoreOptions core_options;
    core_options.store.data_dir = dir_ + "/db";
    // What is fuzzed is the request path, not durability: no WAL syncs.
    core_options.store.sync_writes = false;
    auto core = api::Core::Open(core_options, gate_.get());
    if (!core.ok()) Die(core.status().ToString());
    core_ = *std::move(core);
    Seed();

    api::ServerOptions options;
    options.address = "127.0.0.1:0";
    options.drain = absl::ZeroDuration();
    options.shutdown_grace = absl::Seconds(2);
    options.worker_threads = 4;
    // Limits would turn most calls into RESOURCE_EXHAUSTED: lifted here.
    options.rate_limit = {.rate = 1e9, .burst = 1e9};
    options.failed_auth = {.rate = 1e9, .burst = 1e9};
    auto server = api::Server::Start(options, core_->backends());
    if (!server.ok()) Die(server.status().ToString());
    server_ = *std::move(server);
    channel_ = server_->InProcessChannel();

    for (const api::Rpc& rpc : api::Rpcs()) rpcs_.push_back(&rpc);
    for (const Caller& c : kCallers) {
      if (c.member == nullptr) continue;
      if (*c.member == '\0') {
        bearer_[c.label] = "Bearer kt_0000000000000000000000000000000000000000";
        continue;
      }
      auto issued = core_->tokens().Issue(c.member, {.admin = c.admin});
      if (!issued.ok()) Die(issued.status().ToString());
      bearer_[c.label] = "Bearer " + issued->token;
    }
    Harvest();
  }

  void Seed() {
    const std::string data = KOMPAS_DATA_DIR;
    auto list = domain::ParseMunicipalitiesTsv(ReadFile(data + "/municipalities.tsv"));
    if (!list.ok()) Die(list.status().ToString());
    if (!core_->communities().UpsertMunicipalities(*list).ok()) Die("municipalities");
    internal::v1::DemoSeed seed;
    if (!google::protobuf::util::JsonStringToMessage(ReadFile(data + "/demo_community.json"), &seed)
             .ok()) {
      Die("demo_community.json does not parse");
    }
    auto report = domain::LoadSeed(seed, core_->store(),
                                   {&core_->communities(), &core_->cases(), &core_->sessions(),
                                    &core_->standards(), &core_->kompas_versions()});
    if (!report.ok()) Die(report.status().ToString());
    for (const auto& m : seed.members()) {
      v1::AddMemberRequest add;
      add.set_parent(kCommunity);
      add.set_member_id(m.member_id());
      *add.mutable_member() = m.member();
      add.set_acknowledge_warnings(true);
      members_.push_back(add.SerializeAsString());
    }
  }

  // Fuzzed calls may revoke the callers' tokens (RevokeToken, RemoveMember)
  // or remove the seeded members; without this, a long run would end up
  // calling as nobody. Reissues revoked tokens and adds removed members back
  // (as an administrator, through the API; ALREADY_EXISTS when still there).
  void Restore() {
    for (const Caller& c : kCallers) {
      if (c.member == nullptr || *c.member == '\0') continue;
      std::string& bearer = bearer_[c.label];
      if (core_->tokens().Verify(absl::string_view(bearer).substr(7)).ok()) continue;
      auto issued = core_->tokens().Issue(c.member, {.admin = c.admin});
      if (!issued.ok()) Die(issued.status().ToString());
      bearer = "Bearer " + issued->token;
    }
    const Rpc* add = api::FindRpc("/kompas.v1.AdminService/AddMember");
    if (add == nullptr) return;
    for (const std::string& request : members_) Call(*add, *FindCaller("admin"), request);
  }

  // The seeded community's names, page tokens and etags, read through every
  // List and Get method as the steward and as a facilitator, twice (names
  // found in the first round are parents in the second).
  void Harvest() {
    names_.Add(kCommunity, 0);
    for (int round = 0; round < 2; ++round) {
      const std::vector<std::string> parents = Snapshot();
      for (const Rpc* rpc : rpcs_) {
        if (rpc->stream) continue;
        const std::string& name = rpc->method->name();
        if (!absl::StartsWith(name, "List") && !absl::StartsWith(name, "Get")) continue;
        for (const std::string& parent : parents) {
          for (const char* who : {"steward", "facilitator"}) {
            std::unique_ptr<Message> m(NewRequest(*rpc));
            const Descriptor* d = m->GetDescriptor();
            for (const char* field : {"parent", "name", "community"}) {
              const FieldDescriptor* f = d->FindFieldByName(field);
              if (f != nullptr && f->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
                  !f->is_repeated()) {
                m->GetReflection()->SetString(m.get(), f, parent);
              }
            }
            std::string bytes;
            m->SerializeToString(&bytes);
            Call(*rpc, *FindCaller(who), bytes);
          }
        }
      }
    }
  }

  std::vector<std::string> Snapshot() {
    std::vector<std::string> out;
    // The pool has no iteration; pick deterministically by index instead.
    for (size_t i = 0; i < names_.size() && i < 48; ++i) {
      uint8_t b[4] = {0, 0, 0, static_cast<uint8_t>(i)};
      Entropy e(b, 4);
      out.push_back(names_.Pick(e, kCommunity));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  static const Caller* FindCaller(absl::string_view label) {
    for (const Caller& c : kCallers) {
      if (label == c.label) return &c;
    }
    return nullptr;
  }

  // Strings worth reusing in later requests, from a response.
  void HarvestFrom(const Message& m, int depth = 0) {
    if (depth > 10) return;
    const Descriptor* d = m.GetDescriptor();
    const Reflection* r = m.GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (f->is_repeated()) {
          const int n = std::min(r->FieldSize(m, f), 16);
          for (int k = 0; k < n; ++k) HarvestFrom(r->GetRepeatedMessage(m, f, k), depth + 1);
        } else if (r->HasField(m, f)) {
          HarvestFrom(r->GetMessage(m, f), depth + 1);
        }
        continue;
      }
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
      auto take = [&](const std::string& v) {
        if (f->name() == "etag") {
          etags_.Add(v, executions_);
        } else if (f->name() == "next_page_token") {
          page_tokens_.Add(v, executions_);
        } else if (absl::StartsWith(v, "communities/")) {
          names_.Add(v, executions_);
        }
      };
      if (f->is_repeated()) {
        const int n = std::min(r->FieldSize(m, f), 16);
        for (int k = 0; k < n; ++k) take(r->GetRepeatedString(m, f, k));
      } else {
        take(r->GetString(m, f));
      }
    }
  }

  void Call(const Rpc& rpc, const Caller& caller, const std::string& request) {
    grpc::ClientContext context;
    if (caller.member != nullptr) context.AddMetadata("authorization", bearer_[caller.label]);
    grpc::Slice slice(request);
    grpc::ByteBuffer in(&slice, 1);
    grpc::Status status;
    std::vector<grpc::ByteBuffer> out;
    const bool watch = rpc.stream && rpc.method->name() == "WatchSession";
    if (rpc.stream) {
      context.set_deadline(std::chrono::system_clock::now() +
                           (watch ? std::chrono::milliseconds(20) : std::chrono::seconds(20)));
      grpc::internal::RpcMethod method(rpc.path.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING);
      std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
          grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(channel_.get(), method,
                                                                        &context, in));
      grpc::ByteBuffer message;
      while ((!watch || out.size() < 2) && reader->Read(&message)) out.push_back(message);
      if (watch) context.TryCancel();
      status = reader->Finish();
    } else {
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
      grpc::internal::RpcMethod method(rpc.path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC);
      grpc::ByteBuffer response;
      status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
          channel_.get(), method, &context, in, &response);
      if (status.ok()) out.push_back(response);
    }
    ++codes_[status.error_code()];
    ++method_codes_[rpc.path][status.error_code()];
    if (debug_ && gentle_call_ && status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      std::fprintf(stderr, "%s %s: %s\n", rpc.path.c_str(), caller.label,
                   status.error_message().c_str());
    }
    if (IsFinding(status.error_code())) {
      Die(absl::StrCat("FINDING method=", rpc.path, " caller=", caller.label,
                       " code=", status.error_code(), " message=\"", status.error_message(),
                       "\" request_hex=", Hex(request, 4096)));
    }
    for (const grpc::ByteBuffer& b : out) {
      std::vector<grpc::Slice> slices;
      if (!b.Dump(&slices).ok()) continue;
      std::string bytes;
      for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
      const Message* prototype =
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(
              rpc.method->output_type());
      std::unique_ptr<Message> response(prototype->New());
      if (response->ParseFromString(bytes)) HarvestFrom(*response);
    }
  }

  // The audit chain verifies and the search index matches the store.
  bool VerifyStore(bool fatal = true) {
    std::string problem;
    auto report = audit::AuditLog::Verify(core_->store());
    if (!report.ok()) {
      problem = "audit verify failed: " + report.status().ToString();
    } else if (report->first_damaged != 0) {
      problem = absl::StrCat("audit chain damaged at event ", report->first_damaged, ": ",
                             report->problem);
    } else {
      auto problems = core_->search_index().Check();
      if (!problems.ok()) {
        problem = "check-index failed: " + problems.status().ToString();
      } else if (!problems->empty()) {
        problem = absl::StrCat("search index inconsistent (", problems->size(),
                               " problems), first: ", problems->front());
      }
    }
    if (problem.empty()) return true;
    if (fatal) Die("FINDING store: " + problem);
    std::fprintf(stderr, "request_fuzz: FINDING store: %s\n", problem.c_str());
    return false;
  }

  std::string dir_;
  std::unique_ptr<privacy::Gate> gate_;
  std::unique_ptr<api::Core> core_;
  std::unique_ptr<api::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::vector<const Rpc*> rpcs_;
  std::map<std::string, std::string> bearer_;
  std::vector<std::string> members_;  // AddMemberRequests of the seed's members
  Pool names_{512};
  Pool etags_{64};
  Pool page_tokens_{64};
  std::map<int, uint64_t> codes_;
  std::map<std::string, std::map<int, uint64_t>> method_codes_;
  uint64_t executions_ = 0;
  bool gentle_call_ = false;
  const bool debug_ = std::getenv("KOMPAS_FUZZ_DEBUG") != nullptr;
  uint64_t verify_every_ = 500000;
  std::atomic<bool> finished_{false};
};

}  // namespace

// For the g++ driver (request_fuzz_main.cc): verifies the store, prints the
// numbers and shuts the server down. False when the store is broken.
bool FinishRequestFuzz() { return Harness::Get().Finish(/*from_atexit=*/false); }

}  // namespace kompas::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kompas::fuzz::Harness::Get().RunOne(data, size);
  return 0;
}
