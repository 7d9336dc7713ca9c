#include "privacy/internal/gazetteer.h"

#include <utf8proc.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "privacy/internal/builtin_words.h"
#include "privacy/internal/normalize.h"

namespace kompas::privacy::internal {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view package) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("PII gate: cannot read ", path, " (install the Debian package ", package, ")"));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::move(buf).str();
}

}  // namespace

void FoldCase(absl::string_view in, std::string* out) {
  out->clear();
  AppendFoldCase(in, out);
}

namespace {

constexpr uint64_t kEveryByte = 0x0101010101010101ULL;

// Eight ASCII bytes (all below 0x80) with A-Z lowercased: a byte's high bit
// is set by adding 0x80 - 'A' when it is 'A' or above and by adding
// 0x7F - 'Z' when it is above 'Z' (no carry crosses a byte).
inline uint64_t LowerAscii8(uint64_t x) {
  const uint64_t at_least_a = x + kEveryByte * (0x80 - 'A');
  const uint64_t above_z = x + kEveryByte * (0x7F - 'Z');
  const uint64_t upper = at_least_a & ~above_z & (kEveryByte * 0x80);
  return x | (upper >> 2);
}

}  // namespace

bool AppendFoldCase(absl::string_view in, std::string* out) {
  bool same_lengths = true;
  size_t i = 0;
  const size_t n = in.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      // A run of ASCII at once, eight bytes at a time.
      size_t j = i + 1;
      while (j + 8 <= n) {
        uint64_t x;
        std::memcpy(&x, in.data() + j, 8);
        if (x & (kEveryByte * 0x80)) break;
        j += 8;
      }
      while (j < n && static_cast<unsigned char>(in[j]) < 0x80) ++j;
      const size_t at = out->size();
      const size_t len = j - i;
      out->resize(at + len);
      char* dst = out->data() + at;
      const char* src = in.data() + i;
      size_t k = 0;
      for (; k + 8 <= len; k += 8) {
        uint64_t x;
        std::memcpy(&x, src + k, 8);
        x = LowerAscii8(x);
        std::memcpy(dst + k, &x, 8);
      }
      for (; k < len; ++k) dst[k] = absl::ascii_tolower(static_cast<unsigned char>(src[k]));
      i = j;
      continue;
    }
    size_t len = Utf8SequenceLength(in, i);
    if (len == 0) {
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const size_t before = out->size();
    AppendUtf8(utf8proc_tolower(DecodeUtf8(in, i, len)), out);
    same_lengths = same_lengths && out->size() - before == len;
    i += len;
  }
  return same_lengths;
}

void ShortWordFlags::Reserve(size_t count) {
  size_t capacity = 16;
  while (capacity * 3 < count * 5) capacity *= 2;  // at most 60% full
  if (capacity > slots_.size()) Grow(capacity);
}

void ShortWordFlags::Grow(size_t capacity) {
  std::vector<Slot> old_slots;
  std::vector<uint8_t> old_tags;
  old_slots.swap(slots_);
  old_tags.swap(tags_);
  slots_.assign(capacity, Slot());
  tags_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (size_t j = 0; j < old_slots.size(); ++j) {
    if (old_tags[j] == 0) continue;
    const Slot& s = old_slots[j];
    const uint64_t h = Hash(Key{s.a, s.b, s.len});
    size_t i = IndexOf(h);
    while (tags_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = s;
    tags_[i] = TagOf(h);
  }
}

void ShortWordFlags::Add(absl::string_view word, uint16_t flags) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow(slots_.empty() ? 16 : 2 * slots_.size());  // at most 75% full
  const Key k = KeyOf(word);
  const uint64_t h = Hash(k);
  for (size_t i = IndexOf(h);; i = (i + 1) & mask_) {
    Slot& s = slots_[i];
    if (tags_[i] == 0) {
      s.a = k.a, s.b = k.b, s.len = k.len, s.flags = flags;
      tags_[i] = TagOf(h);
      ++size_;
      return;
    }
    if (s.a == k.a && s.b == k.b && s.len == k.len) {
      s.flags |= flags;
      return;
    }
  }
}

absl::Status Gazetteer::LoadFile(const std::string& path, absl::string_view package,
                                 uint16_t flag, bool lowercase_only,
                                 absl::string_view strip_prefix) {
  absl::StatusOr<std::string> content = ReadFile(path, package);
  if (!content.ok()) return content.status();
  // All folded lines of this file go into one arena chunk; the tables point
  // into an exact-size copy of it made once the file is read.
  auto chunk = std::make_unique<std::string>();
  chunk->reserve(content->size());
  std::vector<std::pair<size_t, size_t>> spans;
  std::string folded;
  absl::string_view rest = *content;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    absl::string_view line = rest.substr(0, nl);
    rest = nl == absl::string_view::npos ? absl::string_view() : rest.substr(nl + 1);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    if (lowercase_only && !(static_cast<unsigned char>(line[0]) >= 0x80 ||
                            absl::ascii_islower(line[0]))) {
      continue;
    }
    if (!strip_prefix.empty() && absl::StartsWith(line, strip_prefix)) {
      line.remove_prefix(strip_prefix.size());
    }
    FoldCase(line, &folded);
    spans.emplace_back(chunk->size(), folded.size());
    chunk->append(folded);
  }
  arena_.push_back(std::make_unique<std::string>(*chunk));  // exact size; views point here
  chunk.reset();
  const std::string& base = *arena_.back();
  for (auto [at, len] : spans) {
    absl::string_view word(base.data() + at, len);
    if (flag == kStreet && word.find(' ') != absl::string_view::npos) {
      streets_.insert(word);
      continue;
    }
    if (flag == kStreet) streets_.insert(word);
    if (flag == kSurname && word.find(' ') != absl::string_view::npos) {
      multi_surnames_.insert(word);
      continue;
    }
    if (word.find(' ') != absl::string_view::npos && flag != kPlace) continue;
    if (word.size() <= ShortWordFlags::kMaxLength) {
      short_words_.Add(word, flag);
      continue;
    }
    auto it = words_.find(word);
    if (it != words_.end()) {
      it->second |= flag;
    } else {
      words_.emplace(word, flag);
    }
  }
  return absl::OkStatus();
}

absl::Status Gazetteer::LoadDictionary(const std::string& path) {
  absl::StatusOr<std::string> content = ReadFile(path, "wdutch");
  if (!content.ok()) return content.status();
  dict_hashes_.reserve(450000);
  std::string folded;
  absl::string_view rest = *content;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    absl::string_view line = absl::StripAsciiWhitespace(rest.substr(0, nl));
    rest = nl == absl::string_view::npos ? absl::string_view() : rest.substr(nl + 1);
    // Only lowercase entries are ordinary words; capitalized ones are names.
    if (line.empty() || !(static_cast<unsigned char>(line[0]) >= 0x80 || absl::ascii_islower(line[0]))) {
      continue;
    }
    FoldCase(line, &folded);
    if (folded.size() <= ShortWordFlags::kMaxLength) {
      if (short_words_.Contains(folded)) {
        short_words_.Add(folded, kDictWord);
      } else {
        dict_hashes_.insert(DictHash(folded));
      }
      continue;
    }
    auto it = words_.find(folded);
    if (it != words_.end()) {
      it->second |= kDictWord;
    } else {
      dict_hashes_.insert(DictHash(folded));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(const Paths& paths) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->short_words_.Reserve(300000);
  g->words_.reserve(8000);
  const std::string& dir = paths.gazetteer_dir;
  struct FileSpec {
    const char* name;
    uint16_t flag;
    absl::string_view strip;
  };
  const FileSpec kFiles[] = {
      {"voornamen.ner", kFirstName, ""},   {"familienamen.ner", kSurname, ""},
      {"straten-nld.ner", kStreet, ""},    {"plaatsen-nld.ner", kPlace, ""},
      {"gemeenten-nld.ner", kPlace, "Gemeente "}, {"provincies-nld.ner", kPlace, ""},
      {"landen-europa.ner", kPlace, ""},
  };
  for (const FileSpec& f : kFiles) {
    absl::Status s = g->LoadFile(absl::StrCat(dir, "/", f.name), "frogdata", f.flag,
                                 /*lowercase_only=*/false, f.strip);
    if (!s.ok()) return s;
  }
  absl::Status s = g->LoadDictionary(paths.dictionary);
  if (!s.ok()) return s;
  size_t builtin_count = 0;
  for (const BuiltinList& list : BuiltinLists()) builtin_count += list.words.size();
  g->short_builtins_.Reserve(builtin_count);
  for (const BuiltinList& list : BuiltinLists()) {
    for (absl::string_view w : list.words) {
      if (w.size() <= ShortWordFlags::kMaxLength) {
        g->short_builtins_.Add(w, list.flag);
      } else {
        g->builtins_[w] |= list.flag;
      }
    }
  }
  return g;
}

size_t Gazetteer::MemoryBytes() const {
  size_t bytes = 0;
  for (const auto& chunk : arena_) bytes += chunk->capacity() + sizeof(std::string);
  bytes += words_.capacity() * (sizeof(std::pair<absl::string_view, uint16_t>) + 1);
  bytes += builtins_.capacity() * (sizeof(std::pair<absl::string_view, uint16_t>) + 1);
  bytes += short_builtins_.MemoryBytes() + short_words_.MemoryBytes();
  bytes += dict_hashes_.capacity() * (sizeof(uint64_t) + 1);
  bytes += streets_.capacity() * (sizeof(absl::string_view) + 1);
  bytes += multi_surnames_.capacity() * (sizeof(absl::string_view) + 1);
  return bytes;
}

}  // namespace kompas::privacy::internal
