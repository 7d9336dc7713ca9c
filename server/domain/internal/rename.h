// Renaming a departing member in stored records: RemoveMember replaces the
// member's name by one pseudonym everywhere it is stored, in the same batch.
#ifndef KOMPAS_DOMAIN_INTERNAL_RENAME_H_
#define KOMPAS_DOMAIN_INTERNAL_RENAME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "store/store.h"

namespace kompas::domain::internal {

using store::Table;

// Replaces every string field equal to `from`, at any depth, by `to`: the
// one rule for renaming a departing member, whatever field names them
// (author, facilitator, participants, actor, asked_by, set_by, ...). True
// when anything changed.
inline bool RenameStrings(google::protobuf::Message& m, const std::string& from, const std::string& to) {
  using google::protobuf::FieldDescriptor;
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  bool changed = false;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_map()) continue;  // no member names in map keys or values
    if (f->type() == FieldDescriptor::TYPE_STRING) {
      if (f->is_repeated()) {
        for (int j = 0; j < r->FieldSize(m, f); ++j) {
          if (r->GetRepeatedString(m, f, j) == from) {
            r->SetRepeatedString(&m, f, j, to);
            changed = true;
          }
        }
      } else if (r->HasField(m, f) || f->containing_oneof() == nullptr) {
        if (r->GetString(m, f) == from) {
          r->SetString(&m, f, to);
          changed = true;
        }
      }
    } else if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int j = 0; j < r->FieldSize(m, f); ++j) {
          changed |= RenameStrings(*r->MutableRepeatedMessage(&m, f, j), from, to);
        }
      } else if (r->HasField(m, f)) {
        changed |= RenameStrings(*r->MutableMessage(&m, f), from, to);
      }
    }
  }
  return changed;
}

// Adds to `batch` each record of type T under `prefix` of `table` that
// names `from`, renamed; returns how many.
template <typename T>
absl::StatusOr<int> StageRenameIn(const store::Store& store, Table table,
                                  const std::string& prefix, const std::string& from,
                                  const std::string& to, store::WriteBatch& batch) {
  int count = 0;
  absl::Status inner;
  RETURN_IF_ERROR(store.Scan(table, prefix, {}, [&](absl::string_view key, absl::string_view value) {
    T record;
    if (!record.ParseFromString(std::string(value))) {
      inner = absl::DataLossError(absl::StrCat("stored ", store::TableName(table),
                                               " record cannot be parsed"));
      return false;
    }
    if (RenameStrings(record, from, to)) {
      batch.Put(table, key, record.SerializeAsString());
      ++count;
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  return count;
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_RENAME_H_
