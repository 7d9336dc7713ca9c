// AIP-203: fields annotated (google.api.field_behavior) = OUTPUT_ONLY are
// the server's to set. A client may send them back (a read-modify-write
// sends the whole resource), and they are then ignored: every create and
// update use case clears them from its input before anything is checked or
// stored, so a client can never plant, say, a case's active_session or its
// derived_standards.
//
//   v1::Case c = request.case_();
//   ClearOutputOnly(c);
#ifndef KOMPAS_DOMAIN_OUTPUT_ONLY_H_
#define KOMPAS_DOMAIN_OUTPUT_ONLY_H_

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace kompas::domain {

// True when `field` carries (google.api.field_behavior) = OUTPUT_ONLY.
bool IsOutputOnly(const google::protobuf::FieldDescriptor& field);

// Clears every OUTPUT_ONLY field of `message`, and of every message set in
// it, at any depth (map values included). Unknown fields are dropped too:
// fields this server does not know would bypass every check.
void ClearOutputOnly(google::protobuf::Message& message);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_OUTPUT_ONLY_H_
