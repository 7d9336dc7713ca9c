// Reads RocksDB's write-ahead log files on its own, to say where one is
// damaged and what lies beyond the damage: RocksDB's recovery reports only
// "checksum mismatch", without the file or the offset, and recovery to a
// point in time drops everything after it without counting.
//
// The format (RocksDB's db/log_format.h, unchanged since LevelDB): 32 KiB
// blocks of records, each a 7-byte header (masked CRC32C of type and
// payload, 2-byte length, type) and a payload; a write batch spans one
// FULL record or a FIRST, MIDDLE…, LAST run. Recyclable records (11-byte
// headers) are not written by our options and count as damage.
#ifndef KOMPAS_STORE_INTERNAL_WAL_SCAN_H_
#define KOMPAS_STORE_INTERNAL_WAL_SCAN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kompas::store::internal {

struct WalDamage {
  std::string file;     // path of the damaged log file
  uint64_t offset = 0;  // byte offset of the first damaged record
  std::string reason;   // "checksum mismatch", "record runs past its block", …
  // Byte offset where the damaged write batch begins (its first record,
  // which may lie before `offset` when the batch spans records): the log
  // is whole up to here.
  uint64_t batch_offset = 0;
};

struct WalScan {
  // The first damage that is not a torn tail, in log order; none when every
  // log reads cleanly up to at most an incomplete last record.
  std::optional<WalDamage> damage;
  // Intact write batches found after the damage (in the damaged file and in
  // every later one): what recovery to the point before it drops.
  int64_t batches_after = 0;
  // Their changes (puts, deletes, merges) by column family id.
  std::map<uint32_t, int64_t> changes_after;
  // Intact write batches in all logs.
  int64_t batches = 0;
  // The highest sequence number written by an intact batch before the
  // damage (0 when none): the last point a recovery to the damage keeps.
  uint64_t last_sequence_before = 0;
  // The log files after the damaged one, in log-number order.
  std::vector<std::string> logs_after;
};

// Scans every *.log file in dir in log-number order.
WalScan ScanWals(const std::string& dir);

// The CRC32C (Castagnoli) of data, as RocksDB computes it.
uint32_t Crc32c(const char* data, size_t size, uint32_t init = 0);

}  // namespace kompas::store::internal

#endif  // KOMPAS_STORE_INTERNAL_WAL_SCAN_H_
