// Generates TypeScript message types and service descriptors for kompas.v1
// from proto/ with Debian's protoc and protoc-gen-es, into src/gen/ (not
// committed). The google/api, google/rpc and google/type protos come from the
// C++ build tree, which fetches them once (cmake/FetchProtoDeps.cmake); set
// KOMPAS_PROTO_DEPS when the build tree is not ../../build.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const protoRoot = resolve(web, "../../proto");
const deps = resolve(process.env.KOMPAS_PROTO_DEPS || join(web, "../../build/_deps/protos"));
const out = join(web, "src/gen");

if (!existsSync(join(deps, "google/rpc/error_details.proto"))) {
  console.error(
    `gen-proto: ${deps} has no google/rpc protos. Configure the C++ build first ` +
      "(cmake -S . -B build), or set KOMPAS_PROTO_DEPS to its _deps/protos folder.",
  );
  process.exit(1);
}

const kompas = readdirSync(join(protoRoot, "kompas/v1"))
  .filter((f) => f.endsWith(".proto"))
  .map((f) => `kompas/v1/${f}`);
const google = [
  "google/api/field_behavior.proto",
  "google/api/resource.proto",
  "google/rpc/error_details.proto",
  "google/rpc/status.proto",
  "google/type/date.proto",
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(
  "protoc",
  [
    `--plugin=protoc-gen-es=${join(web, "node_modules/.bin/protoc-gen-es")}`,
    `--es_out=${out}`,
    "--es_opt=target=ts,import_extension=none",
    `-I${protoRoot}`,
    `-I${deps}`,
    "-I/usr/include",
    ...kompas,
    ...google,
  ],
  { stdio: "inherit" },
);
console.log(`gen-proto: ${kompas.length + google.length} files into src/gen`);
