# Fetches the third-party .proto files Kompas builds against from pinned npm
# packages into the build tree. Nothing from them is committed.
#   google-proto-files: google/rpc/{status,error_details,code}.proto, google/api/*,
#                       google/type/date.proto
#   grpc-health-check:  grpc.health.v1 (client stubs for tests and tools)
#   @grpc/reflection:   grpc.reflection.v1alpha (client stubs for tests)
#   @bufbuild/buf-linux-x64: the buf binary for `buf lint` (a ctest test)
# The packages are fetched with `npm pack` (the tarball only, no install
# scripts, no dependency tree) and unpacked once; a re-configure reuses them.

set(KOMPAS_NPM_PROTO_PACKAGES
  "google-proto-files@5.0.3"
  "grpc-health-check@2.1.0"
  "@grpc/reflection@1.0.4")
# buf (the linter the API is held to) ships per-platform npm packages.
if(CMAKE_HOST_SYSTEM_NAME STREQUAL "Linux" AND CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  list(APPEND KOMPAS_NPM_PROTO_PACKAGES "@bufbuild/buf-linux-x64@1.47.2")
endif()

set(_npm_dir ${CMAKE_BINARY_DIR}/_deps/npm)
set(KOMPAS_THIRD_PARTY_PROTO_DIR ${CMAKE_BINARY_DIR}/_deps/protos)
set(_stamp ${KOMPAS_THIRD_PARTY_PROTO_DIR}/.fetched-v2)

if(NOT EXISTS ${_stamp})
  find_program(NPM_PROGRAM npm REQUIRED)
  file(REMOVE_RECURSE ${_npm_dir} ${KOMPAS_THIRD_PARTY_PROTO_DIR})
  file(MAKE_DIRECTORY ${_npm_dir} ${KOMPAS_THIRD_PARTY_PROTO_DIR})
  foreach(pkg IN LISTS KOMPAS_NPM_PROTO_PACKAGES)
    message(STATUS "Fetching protos from npm package ${pkg}")
    execute_process(
      COMMAND ${NPM_PROGRAM} pack --silent ${pkg}
      WORKING_DIRECTORY ${_npm_dir}
      OUTPUT_VARIABLE _tarball OUTPUT_STRIP_TRAILING_WHITESPACE
      RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "npm pack ${pkg} failed (${_rc}); the build needs the npm registry once")
    endif()
    string(REGEX REPLACE ".*\n" "" _tarball "${_tarball}")
    string(REGEX REPLACE "[@/]" "_" _unpack "${pkg}")
    file(ARCHIVE_EXTRACT INPUT ${_npm_dir}/${_tarball} DESTINATION ${_npm_dir}/${_unpack})
  endforeach()

  configure_file(${_npm_dir}/grpc-health-check_2.1.0/package/proto/health/v1/health.proto
                 ${KOMPAS_THIRD_PARTY_PROTO_DIR}/grpc/health/v1/health.proto COPYONLY)
  configure_file(${_npm_dir}/_grpc_reflection_1.0.4/package/build/proto/grpc/reflection/v1alpha/reflection.proto
                 ${KOMPAS_THIRD_PARTY_PROTO_DIR}/grpc/reflection/v1alpha/reflection.proto COPYONLY)
  file(WRITE ${_stamp} "ok\n")
endif()

# Copied on every configure (cheap, and rewritten only when changed), so a
# proto added to this list reaches existing build trees without a re-fetch.
set(_gpf ${_npm_dir}/google-proto-files_5.0.3/package)
foreach(f google/rpc/status.proto google/rpc/error_details.proto google/rpc/code.proto
          google/api/field_behavior.proto google/api/resource.proto google/type/date.proto)
  configure_file(${_gpf}/${f} ${KOMPAS_THIRD_PARTY_PROTO_DIR}/${f} COPYONLY)
endforeach()

set(KOMPAS_BUF ${_npm_dir}/_bufbuild_buf-linux-x64_1.47.2/package/bin/buf)
if(NOT EXISTS ${KOMPAS_BUF})
  set(KOMPAS_BUF "")
endif()
