// The update dialog: what the new version brings, then the download's
// progress, then "Restart now". Opened from the status bar's notice (a
// background check never interrupts) or from Settings → Check now.
import { h, fill } from "./dom";
import { errorBox } from "./errors";
import { api, type UpdateOffer } from "./ipc";
import { formatNumber } from "./format";
import { state, update } from "./state";

const megabytes = (bytes: number) => `${formatNumber(bytes / 1e6, 1)} MB`;

/** `code` spans of a line of release notes. */
function inline(text: string): (string | HTMLElement)[] {
  return text.split("`").map((part, k) => (k % 2 ? h("code", {}, part) : part));
}

/** Release notes (a CHANGELOG section: headings, bullets, wrapped lines) as elements, never as HTML. */
function notesOf(text: string): HTMLElement {
  const root = h("div", { class: "notes", id: "update-notes" });
  let list: HTMLElement | null = null;
  let last: HTMLElement | null = null;
  for (const line of text.split("\n")) {
    const heading = /^#+\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (!line.trim()) {
      list = last = null;
    } else if (heading) {
      root.append(h("h3", {}, inline(heading[1])));
      list = last = null;
    } else if (item) {
      if (!list) root.append((list = h("ul")));
      list.append((last = h("li", {}, inline(item[1]))));
    } else if (last) {
      last.append(" ", ...inline(line.trim()));
    } else {
      root.append((last = h("p", {}, inline(line.trim()))));
    }
  }
  return root;
}

export function showUpdate(offer: UpdateOffer): void {
  document.getElementById("update-dialog")?.remove();
  const progress = h("progress", { id: "update-progress", max: 1, value: 0, hidden: true });
  const line = h("p", { id: "update-line", "aria-live": "polite" });
  const problem = h("div");
  const title = h("h2", { id: "update-title" }, `HPI Studio ${offer.version} is available`);
  const actions = h("div", { class: "row right" });
  const dialog = h(
    "dialog",
    { id: "update-dialog", class: "dialog", "aria-labelledby": "update-title" },
    title,
    h("p", { class: "hint" }, `You have ${offer.current}.`, offer.date ? ` Published ${offer.date}.` : ""),
    offer.notes.trim() ? notesOf(offer.notes) : null,
    progress,
    line,
    problem,
    actions,
  );
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  const running = state.progress !== null;
  if (running) line.textContent = "A run is going: install the update when it has finished.";
  fill(
    actions,
    h("button", { id: "update-later", onclick: close }, "Not now"),
    h(
      "button",
      { id: "update-install", class: "primary", disabled: running, onclick: () => void install() },
      "Install",
    ),
  );

  async function install(): Promise<void> {
    fill(actions);
    progress.hidden = false;
    line.textContent = "Downloading…";
    try {
      const version = await api.updateInstall((e) => {
        if (e.event === "downloading") {
          if (e.total) progress.value = e.done / e.total;
          line.textContent = `Downloading… ${megabytes(e.done)}${e.total ? ` of ${megabytes(e.total)}` : ""}`;
        } else {
          progress.removeAttribute("value");
          line.textContent = e.event === "verifying" ? "Checking the signature…" : "Installing…";
        }
      });
      progress.value = 1;
      title.textContent = `HPI Studio ${version} is installed`;
      line.textContent = "Restart to use it; your project files stay as they are.";
      update({ updateOffer: null });
      fill(
        actions,
        h("button", { id: "update-close", onclick: close }, "Later"),
        h("button", { id: "update-restart", class: "primary", onclick: () => restart() }, "Restart now"),
      );
    } catch (e) {
      progress.hidden = true;
      line.textContent = "";
      problem.replaceChildren(errorBox(e));
      update({ updateOffer: null });
      fill(actions, h("button", { id: "update-close", onclick: close }, "Close"));
    }
  }

  async function restart(): Promise<void> {
    try {
      await api.appRestart();
    } catch (e) {
      problem.replaceChildren(errorBox(e));
    }
  }

  document.body.append(dialog);
  dialog.showModal();
}
