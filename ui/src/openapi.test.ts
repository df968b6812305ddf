// The server's OpenAPI document (docs/openapi.json, which a Rust test keeps
// equal to what `hpi serve` serves) is valid OpenAPI, checked by an
// independent validator, and documents every route the server has.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileErrors, validate } from "@readme/openapi-parser";
import { expect, test } from "vitest";

const path = fileURLToPath(new URL("../../docs/openapi.json", import.meta.url));

test("the server's OpenAPI document validates and covers its routes", async () => {
  const doc = JSON.parse(readFileSync(path, "utf-8"));
  const result = await validate(structuredClone(doc));
  expect(result.valid ? "" : compileErrors(result)).toBe("");
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect(Object.keys(doc.paths).sort()).toEqual([
    "/health",
    "/metrics",
    "/ready",
    "/v1/jobs/{id}",
    "/v1/jobs/{id}/events",
    "/v1/projects",
    "/v1/projects/{name}/imports",
    "/v1/projects/{name}/runs",
    "/v1/projects/{name}/runs/{run}",
    "/v1/projects/{name}/runs/{run}/chart",
    "/v1/projects/{name}/runs/{run}/report",
    "/v1/projects/{name}/runs/{run}/{what}",
  ]);
});
