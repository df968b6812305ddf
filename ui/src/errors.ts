// Errors for people: what happened and what to do, with the technical
// detail folded under "Details".
import { h } from "./dom";
import { AppError } from "./ipc";
import { hintText } from "./hints";

const ADVICE: Record<AppError["code"], string> = {
  bad_input: "Fix the rows listed under Details, or tick “Skip bad rows” to import only the good ones.",
  already_imported: "This file is in the project already; nothing was changed.",
  not_a_project: "Choose a file made by HPI Studio (.hpiproj), or create a new project.",
  no_data: "The data hold too few repeat sales for this choice; widen the years or lower the threshold.",
  cancelled: "The run was cancelled; nothing was changed.",
  invalid_request: "",
  not_found: "",
  io: "Check that the folder exists and that you may write to it.",
  network:
    "HPI Studio works offline; it will look again later. If your organization uses a proxy or an update mirror, ask your IT department.",
  untrusted:
    "Nothing was installed and this version keeps running. Tell your IT department: the update server may be misconfigured or tampered with.",
  internal: "This is a bug in HPI Studio; the log folder (Help → About) has the details.",
};

export function errorBox(e: unknown): HTMLElement {
  const err = e instanceof AppError ? e : new AppError("internal", String(e));
  const advice = err.hints.length ? err.hints.map(hintText) : [ADVICE[err.code]].filter((a) => a);
  return h(
    "div",
    { class: "error", role: "alert", "data-code": err.code },
    h("strong", {}, err.message),
    advice.map((a) => h("p", { class: "advice" }, a)),
    err.details.length
      ? h(
          "details",
          {},
          h("summary", {}, `Details (${err.details.length} lines)`),
          h("pre", { class: "issues" }, err.details.join("\n")),
        )
      : null,
  );
}
