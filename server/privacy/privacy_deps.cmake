# The PII gate's sources and third-party dependencies, shared by the main build
# (server/privacy/CMakeLists.txt, g++) and the fuzzer's clang sub-build
# (tests/fuzz/clang). All dependencies are Debian bookworm packages:
#   libre2-dev (RE2), libutf8proc-dev (utf8proc), libphonenumber-dev
#   (libphonenumber; links protobuf and ICU), libabsl-dev.
# Defines KOMPAS_PRIVACY_SOURCES (absolute paths) and KOMPAS_PRIVACY_DEPS.
find_package(PkgConfig REQUIRED)
pkg_check_modules(KOMPAS_RE2 QUIET IMPORTED_TARGET GLOBAL re2)
if(NOT KOMPAS_RE2_FOUND)
  message(FATAL_ERROR "RE2 not found (pkg-config re2): install the Debian package libre2-dev")
endif()
pkg_check_modules(KOMPAS_UTF8PROC QUIET IMPORTED_TARGET GLOBAL libutf8proc)
if(NOT KOMPAS_UTF8PROC_FOUND)
  message(FATAL_ERROR "utf8proc not found (pkg-config libutf8proc): install the Debian package libutf8proc-dev")
endif()
find_path(KOMPAS_PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h)
find_library(KOMPAS_PHONENUMBER_LIBRARY phonenumber)
if(NOT KOMPAS_PHONENUMBER_INCLUDE_DIR OR NOT KOMPAS_PHONENUMBER_LIBRARY)
  message(FATAL_ERROR "libphonenumber not found: install the Debian package libphonenumber-dev")
endif()
if(NOT TARGET kompas::phonenumber)
  add_library(kompas::phonenumber UNKNOWN IMPORTED GLOBAL)
  set_target_properties(kompas::phonenumber PROPERTIES
    IMPORTED_LOCATION ${KOMPAS_PHONENUMBER_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${KOMPAS_PHONENUMBER_INCLUDE_DIR}
    INTERFACE_LINK_LIBRARIES protobuf::libprotobuf)
endif()

set(KOMPAS_PRIVACY_SOURCES
  gate.cc
  internal/address_detector.cc
  internal/builtin_words.cc
  internal/checksums.cc
  internal/gazetteer.cc
  internal/institution_detector.cc
  internal/normalize.cc
  internal/number_detectors.cc
  internal/pattern_detectors.cc
  internal/patterns.cc
  internal/person_detector.cc
  internal/scan_context.cc)
list(TRANSFORM KOMPAS_PRIVACY_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
set(KOMPAS_PRIVACY_DEPS
  absl::status absl::statusor absl::strings absl::flat_hash_map absl::flat_hash_set absl::span
  PkgConfig::KOMPAS_RE2 PkgConfig::KOMPAS_UTF8PROC kompas::phonenumber)
