#include "store/internal/wal_scan.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "rocksdb/write_batch.h"

namespace kompas::store::internal {
namespace {

constexpr size_t kBlockSize = 32768;
constexpr size_t kHeaderSize = 7;
constexpr uint32_t kMaskDelta = 0xa282ead8u;
enum RecordType : uint8_t { kZero = 0, kFull = 1, kFirst = 2, kMiddle = 3, kLast = 4,
                            kSetCompression = 9 };

std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
    table[i] = c;
  }
  return table;
}

uint32_t Unmask(uint32_t masked) {
  uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

uint32_t Fixed32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} | uint32_t{u[1]} << 8 | uint32_t{u[2]} << 16 | uint32_t{u[3]} << 24;
}

// Counts a batch's changes by column family.
class Counter final : public rocksdb::WriteBatch::Handler {
 public:
  explicit Counter(std::map<uint32_t, int64_t>* counts) : counts_(counts) {}
  rocksdb::Status PutCF(uint32_t cf, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Count(cf);
  }
  rocksdb::Status DeleteCF(uint32_t cf, const rocksdb::Slice&) override { return Count(cf); }
  rocksdb::Status SingleDeleteCF(uint32_t cf, const rocksdb::Slice&) override { return Count(cf); }
  rocksdb::Status DeleteRangeCF(uint32_t cf, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Count(cf);
  }
  rocksdb::Status MergeCF(uint32_t cf, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Count(cf);
  }
  void LogData(const rocksdb::Slice&) override {}

 private:
  rocksdb::Status Count(uint32_t cf) {
    ++(*counts_)[cf];
    return rocksdb::Status::OK();
  }
  std::map<uint32_t, int64_t>* counts_;
};

// One log number from a name like 000012.log; -1 for other files.
int64_t LogNumber(const std::filesystem::path& path) {
  if (path.extension() != ".log") return -1;
  const std::string stem = path.stem().string();
  if (stem.empty() || !std::all_of(stem.begin(), stem.end(), ::isdigit)) return -1;
  return std::strtoll(stem.c_str(), nullptr, 10);
}

class Scanner {
 public:
  explicit Scanner(WalScan* out) : out_(out) {}

  void ScanFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    batch_.clear();
    in_batch_ = false;
    for (size_t block = 0; block < data.size(); block += kBlockSize) {
      const size_t end = std::min(block + kBlockSize, data.size());
      const bool last_block = end == data.size();
      size_t pos = block;
      while (pos + kHeaderSize <= end) {
        const char* h = data.data() + pos;
        const uint32_t length = static_cast<unsigned char>(h[4]) |
                                static_cast<uint32_t>(static_cast<unsigned char>(h[5])) << 8;
        const uint8_t type = static_cast<uint8_t>(h[6]);
        if (type == kZero && length == 0) break;  // preallocated zeros: rest of block
        if (pos + kHeaderSize + length > end) {
          // Past the end of the file: a torn tail, which recovery may drop.
          if (!last_block) Damage(path, pos, "record runs past its block");
          break;
        }
        const uint32_t expected = Unmask(Fixed32(h));
        const uint32_t actual = Crc32c(h + kHeaderSize, length, Crc32c(h + 6, 1));
        if (expected != actual) {
          Damage(path, pos, "checksum mismatch");
          // Resynchronise at the next record whose checksum holds, to count
          // what lies beyond the damage; else at the next block.
          pos = NextIntact(data, pos + 1, end);
          continue;
        }
        Record(path, pos, type, Payload(h + kHeaderSize, length));
        pos += kHeaderSize + length;
      }
    }
  }

 private:
  // The offset of the first record in [from, end) whose header and
  // checksum hold; `end` when there is none.
  static size_t NextIntact(const std::string& data, size_t from, size_t end) {
    for (size_t p = from; p + kHeaderSize <= end; ++p) {
      const char* h = data.data() + p;
      const uint32_t length = static_cast<unsigned char>(h[4]) |
                              static_cast<uint32_t>(static_cast<unsigned char>(h[5])) << 8;
      const uint8_t type = static_cast<uint8_t>(h[6]);
      if (type < kFull || type > kLast || p + kHeaderSize + length > end) continue;
      if (Unmask(Fixed32(h)) == Crc32c(h + kHeaderSize, length, Crc32c(h + 6, 1))) return p;
    }
    return end;
  }

  static std::string Payload(const char* p, size_t n) { return std::string(p, n); }

  void Record(const std::string& path, size_t pos, uint8_t type, std::string payload) {
    switch (type) {
      case kFull:
        if (in_batch_) Damage(path, pos, "batch without its last part");
        Batch(std::move(payload));
        in_batch_ = false;
        return;
      case kFirst:
        if (in_batch_) Damage(path, pos, "batch without its last part");
        batch_ = std::move(payload);
        in_batch_ = true;
        batch_offset_ = pos;
        return;
      case kMiddle:
      case kLast:
        if (!in_batch_) {
          // After a resynchronisation this is expected; before, it is damage.
          if (!out_->damage) Damage(path, pos, "batch without its first part");
          return;
        }
        batch_ += payload;
        if (type == kLast) {
          Batch(std::move(batch_));
          batch_.clear();
          in_batch_ = false;
        }
        return;
      case kSetCompression: return;
      default: Damage(path, pos, "unknown record type");
    }
  }

  void Batch(std::string rep) {
    ++out_->batches;
    if (!out_->damage) {
      // The batch header: an 8-byte first sequence and a 4-byte count.
      if (rep.size() >= 12) {
        uint64_t sequence = 0;
        for (int i = 7; i >= 0; --i) sequence = sequence << 8 | static_cast<unsigned char>(rep[i]);
        const uint32_t count = Fixed32(rep.data() + 8);
        if (count > 0) {
          out_->last_sequence_before = std::max(out_->last_sequence_before, sequence + count - 1);
        }
      }
      return;
    }
    ++out_->batches_after;
    if (rep.size() < 12) return;
    rocksdb::WriteBatch batch(std::move(rep));
    Counter counter(&out_->changes_after);
    (void)batch.Iterate(&counter);
  }

  void Damage(const std::string& path, size_t pos, const char* reason) {
    const size_t batch_offset = in_batch_ ? batch_offset_ : pos;
    in_batch_ = false;
    batch_.clear();
    if (out_->damage) return;
    out_->damage = WalDamage{path, pos, reason, batch_offset};
  }

  WalScan* out_;
  std::string batch_;
  bool in_batch_ = false;
  size_t batch_offset_ = 0;  // where batch_ began
};

}  // namespace

uint32_t Crc32c(const char* data, size_t size, uint32_t init) {
  static const std::array<uint32_t, 256> table = MakeTable();
  uint32_t crc = init ^ 0xffffffffu;
  for (size_t i = 0; i < size; ++i) {
    crc = table[(crc ^ static_cast<unsigned char>(data[i])) & 0xff] ^ (crc >> 8);
  }
  return crc ^ 0xffffffffu;
}

WalScan ScanWals(const std::string& dir) {
  std::vector<std::pair<int64_t, std::string>> logs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (int64_t n = LogNumber(entry.path()); n >= 0) logs.emplace_back(n, entry.path().string());
  }
  std::sort(logs.begin(), logs.end());
  WalScan out;
  Scanner scanner(&out);
  for (const auto& [number, path] : logs) {
    if (out.damage) out.logs_after.push_back(path);
    scanner.ScanFile(path);
  }
  return out;
}

}  // namespace kompas::store::internal
