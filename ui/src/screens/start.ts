// Start: new project, open, recent projects, the sample project.
import { h } from "../dom";
import { errorBox } from "../errors";
import { api, dialogs } from "../ipc";
import { state } from "../state";
import { openedProject } from "../actions";

export function startScreen(root: HTMLElement): void {
  const status = h("div", { class: "status-line", "aria-live": "polite" });
  const pathInput = h("input", {
    id: "project-path",
    type: "text",
    placeholder: "/path/to/Study.hpiproj",
    spellcheck: false,
  });
  const attempt = async (work: () => Promise<void>) => {
    status.replaceChildren("Working…");
    try {
      await work();
      status.replaceChildren();
    } catch (e) {
      status.replaceChildren(errorBox(e));
    }
  };
  const folder = state.settings?.default_folder ?? null;
  const create = (path: string) => attempt(async () => openedProject(await api.projectCreate(path), "data"));
  const open = (path: string) => attempt(async () => openedProject(await api.projectOpen(path), "overview"));
  const recent = state.settings?.recent ?? [];
  root.append(
    h("h1", {}, "Welcome to HPI Studio"),
    h(
      "p",
      { class: "lead" },
      "House price indices from repeat sales — FHFA's RSAI, BMN and Case-Shiller-style WRS — on your own data, on this computer.",
    ),
    h(
      "div",
      { class: "cards" },
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Sample study"),
        h(
          "p",
          {},
          "Three metropolitan areas of generated sales, with tracts and attributes, and an RSAI index already computed.",
        ),
        h(
          "button",
          {
            id: "open-sample",
            class: "primary",
            onclick: () => attempt(async () => openedProject(await api.projectOpenSample(), "results")),
          },
          "Open the sample",
        ),
      ),
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Your own study"),
        h(
          "div",
          { class: "row" },
          h(
            "button",
            {
              id: "new-project",
              onclick: async () => {
                const p = await dialogs.newProject(folder);
                if (p) void create(p);
              },
            },
            "New project…",
          ),
          h(
            "button",
            {
              id: "open-project",
              onclick: async () => {
                const p = await dialogs.openProject(folder);
                if (p) void open(p);
              },
            },
            "Open…",
          ),
        ),
        h("p", { class: "hint" }, "Or type a project file's path:"),
        h(
          "div",
          { class: "row" },
          pathInput,
          h("button", { id: "create-at-path", onclick: () => pathInput.value && create(pathInput.value) }, "Create"),
          h("button", { id: "open-at-path", onclick: () => pathInput.value && open(pathInput.value) }, "Open"),
        ),
      ),
    ),
    status,
    h("h2", {}, "Recent projects"),
    recent.length
      ? h(
          "ul",
          { class: "recent" },
          recent.map((p) => h("li", {}, h("button", { class: "link", onclick: () => open(p) }, p))),
        )
      : h("p", { class: "hint" }, "Projects you open appear here."),
  );
}
