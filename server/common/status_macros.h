// Early-return helpers for absl::Status and absl::StatusOr, which Debian's
// abseil 20220623 does not ship.
//
//   RETURN_IF_ERROR(store.Write(batch));
//   ASSIGN_OR_RETURN(kompas::v1::Case c, LoadCase(name));
#ifndef KOMPAS_COMMON_STATUS_MACROS_H_
#define KOMPAS_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define KOMPAS_CONCAT_INNER_(a, b) a##b
#define KOMPAS_CONCAT_(a, b) KOMPAS_CONCAT_INNER_(a, b)

#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::absl::Status kompas_status_ = (expr);            \
    if (!kompas_status_.ok()) return kompas_status_;   \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  KOMPAS_ASSIGN_OR_RETURN_IMPL_(KOMPAS_CONCAT_(kompas_statusor_, __LINE__), lhs, expr)

#define KOMPAS_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return statusor.status();            \
  lhs = std::move(statusor).value()

#endif  // KOMPAS_COMMON_STATUS_MACROS_H_
