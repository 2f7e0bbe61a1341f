// Builds the in-page query engine: engine.js (our code) with dom-accessibility-api
// bundled into one IIFE script, and roles.json (aria-query's concrete roles and the
// states each supports) that the Python side checks a role query against.
// Run by `make setup` after `npm ci`; the outputs are package data, not committed.
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { roles } = require("aria-query");

const table = {};
for (const [name, role] of roles.entries()) {
  if (role.abstract) continue;
  const props = Object.keys(role.props || {});
  table[name] = {
    checked: props.includes("aria-checked"),
    selected: props.includes("aria-selected"),
    expanded: props.includes("aria-expanded"),
    pressed: props.includes("aria-pressed"),
    level: props.includes("aria-level"),
  };
}
writeFileSync("roles.json", JSON.stringify(table, null, 1) + "\n");

await build({
  entryPoints: ["../index.js"],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "__e2eQueryEngine",
  target: ["chrome100", "firefox100", "safari15"],
  outfile: "queries.js",
  legalComments: "eof",
  logLevel: "warning",
  nodePaths: [new URL("node_modules", import.meta.url).pathname],
});
