// The shell: title bar, navigation, the current screen, the status bar.
import "./locale-guard";
import "./style.css";
import { fill, h } from "./dom";
import { errorBox } from "./errors";
import { api, onOpenProject, onUpdateAvailable } from "./ipc";
import { showUpdate } from "./update";
import { count } from "./format";
import { applyTheme } from "./theme";
import { setNumberFormat } from "./format";
import { openedProject } from "./actions";
import { type Screen, state, subscribe, update } from "./state";
import { startScreen } from "./screens/start";
import { dataScreen } from "./screens/data";
import { overviewScreen } from "./screens/overview";
import { indexScreen } from "./screens/index";
import { resultsScreen } from "./screens/results";
import { runsScreen } from "./screens/runs";
import { queueDropped } from "./screens/data";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { aboutScreen, settingsScreen } from "./screens/settings";

const NAV: [Screen, string, boolean][] = [
  ["start", "Start", false],
  ["overview", "Overview", true],
  ["data", "Data", true],
  ["index", "Index", true],
  ["results", "Results", true],
  ["runs", "Runs", true],
  ["settings", "Settings", false],
  ["about", "About", false],
];

const projectName = h("span", { id: "project-name", class: "project-name" });
const runAction = h(
  "button",
  { id: "title-run", class: "primary", title: "Run (Ctrl+R)", onclick: () => update({ screen: "index" }) },
  "● Run",
);
const nav = h("nav", { class: "nav", "aria-label": "Screens" });
const main = h("main", { id: "main", class: "main", tabindex: "-1" });
const status = h("footer", { class: "status", id: "status", "aria-live": "polite" });

document
  .getElementById("app")!
  .append(
    h(
      "header",
      { class: "titlebar" },
      h("span", { class: "brand" }, "▣ HPI Studio"),
      projectName,
      h("span", { class: "spacer" }),
      runAction,
    ),
    h("div", { class: "body" }, nav, main),
    status,
  );

let shown = "";

function render(): void {
  const p = state.project;
  projectName.textContent = p ? p.name : "No project open";
  projectName.title = p?.path ?? "";
  runAction.hidden = !p;
  fill(
    nav,
    NAV.map(([screen, title, needsProject]) =>
      h(
        "button",
        {
          class: state.screen === screen ? "nav-item active" : "nav-item",
          id: `nav-${screen}`,
          disabled: needsProject && !p,
          "aria-current": state.screen === screen ? "page" : undefined,
          onclick: () => update({ screen }),
        },
        title,
      ),
    ),
    h(
      "button",
      { class: "nav-item", id: "nav-help", title: "The user guide (F1)", onclick: () => void openHelp() },
      "Help",
    ),
  );
  const pr = state.progress;
  fill(
    status,
    p
      ? h(
          "span",
          {},
          `${count(p.transactions)} sales · ${count(p.tracts)} tracts · ${count(p.runs)} ${p.runs === 1 ? "run" : "runs"}`,
        )
      : h("span", {}, "Open or create a project to begin"),
    state.notice ? h("span", { class: "notice" }, state.notice) : null,
    h("span", { class: "spacer" }),
    state.updateOffer
      ? h(
          "button",
          { class: "link", id: "update-notice", onclick: () => state.updateOffer && showUpdate(state.updateOffer) },
          `HPI Studio ${state.updateOffer.version} is available`,
        )
      : null,
    pr
      ? h(
          "span",
          { class: "busy" },
          `${pr.label}${pr.share !== null ? ` ${Math.round(pr.share * 100)}%` : "…"}`,
          " ",
          h("button", { class: "link", onclick: () => void api.runCancel() }, "Cancel"),
        )
      : null,
  );
  // Screens re-render only when what they show changes, not on progress ticks.
  const key = JSON.stringify([
    state.screen,
    p?.path,
    p?.transactions,
    p?.tracts,
    p?.attributes,
    state.runs.map((r) => [r.id, r.status]),
    state.run,
    state.settings,
    state.drops,
  ]);
  if (key === shown) return;
  shown = key;
  main.replaceChildren();
  const screens: Record<Screen, (root: HTMLElement) => unknown> = {
    start: startScreen,
    overview: overviewScreen,
    data: dataScreen,
    index: indexScreen,
    results: resultsScreen,
    runs: runsScreen,
    settings: settingsScreen,
    about: aboutScreen,
  };
  const screen = p || !NAV.find(([s]) => s === state.screen)?.[2] ? state.screen : "start";
  Promise.resolve(screens[screen](main)).catch((e) => main.append(errorBox(e)));
}

subscribe(render);

async function openPath(path: string): Promise<void> {
  try {
    await openedProject(await api.projectOpen(path), "overview");
  } catch (e) {
    update({ screen: "start" });
    main.prepend(errorBox(e));
  }
}

/** The guide's page for the screen shown. */
const HELP_PAGES: Record<Screen, string> = {
  start: "guide/start.html",
  overview: "guide/overview.html",
  data: "guide/data.html",
  index: "guide/index-screen.html",
  results: "guide/results.html",
  runs: "guide/runs.html",
  settings: "guide/settings.html",
  about: "guide/settings.html",
};

async function openHelp(): Promise<void> {
  try {
    await api.helpOpen(HELP_PAGES[state.screen]);
  } catch (e) {
    main.prepend(errorBox(e));
  }
}

document.addEventListener("keydown", (e) => {
  if (e.key === "F1") {
    e.preventDefault();
    void openHelp();
    return;
  }
  if (!(e.ctrlKey || e.metaKey)) return;
  const key = e.key.toLowerCase();
  if (key === "o") {
    e.preventDefault();
    update({ screen: "start" });
    document.getElementById("open-project")?.focus();
  } else if (key === "r" && state.project) {
    e.preventDefault();
    if (state.screen === "index") document.getElementById("run-button")?.click();
    else update({ screen: "index" });
  } else if (key === "e" && state.project) {
    e.preventDefault();
    if (state.screen !== "results" && state.screen !== "runs") update({ screen: "results" });
    setTimeout(() => document.getElementById("export-menu")?.click(), 0);
  }
});

/** Files dropped anywhere on the window: a project opens, data files queue for the import wizard. */
async function dropped(paths: string[]): Promise<void> {
  const projects = paths.filter((p) => p.toLowerCase().endsWith(".hpiproj"));
  const files = paths.filter((p) => !p.toLowerCase().endsWith(".hpiproj"));
  if (projects.length) {
    await openPath(projects[0]);
    if (projects.length > 1) update({ notice: `Opened ${projects[0]}; drop the other projects one at a time.` });
  }
  if (!files.length) return;
  if (!state.project) {
    update({ notice: "Open or create a project first, then drop data files on the window to import them." });
    return;
  }
  await queueDropped(files);
  // `drops` redraws Data even when it is shown, so that it takes the first file.
  update({ screen: "data", drops: state.drops + 1 });
}

const dropZone = h(
  "div",
  { class: "drop-zone", id: "drop-zone", hidden: true },
  "Drop files to import them, or a project to open it",
);
document.body.append(dropZone);

async function boot(): Promise<void> {
  await getCurrentWebview().onDragDropEvent((e) => {
    const p = e.payload;
    dropZone.hidden = !(p.type === "enter" || p.type === "over");
    if (p.type === "drop") void dropped(p.paths);
  });
  const settings = await api.settingsGet();
  applyTheme(settings.theme);
  setNumberFormat(settings.number_format);
  window
    .matchMedia("(prefers-color-scheme: dark)")
    .addEventListener("change", () => applyTheme(state.settings?.theme ?? "system"));
  update({ settings });
  onOpenProject((path) => void openPath(path));
  // A background find waits in the status bar: no dialog appears by itself.
  onUpdateAvailable((offer) => update({ updateOffer: offer }));
  const launch = await api.launch();
  if (launch.file) return openPath(launch.file);
  // First launch: the sample study, with its chart, so there is something to see at once.
  if (launch.sample || !settings.recent.length) {
    try {
      await openedProject(await api.projectOpenSample(), "results");
    } catch (e) {
      main.append(errorBox(e));
    }
  }
}

render();
void boot();
