// The update dialog: what the new version brings, then the download's
// progress, then "Restart now". Opened from the status bar's notice (a
// background check never interrupts) or from Settings → Check now.
import { h, fill } from "./dom";
import { errorBox } from "./errors";
import { api, type UpdateOffer } from "./ipc";
import { formatNumber } from "./format";
import { state, update } from "./state";

const megabytes = (bytes: number) => `${formatNumber(bytes / 1e6, 1)} MB`;

export function showUpdate(offer: UpdateOffer): void {
  document.getElementById("update-dialog")?.remove();
  const progress = h("progress", { id: "update-progress", max: 1, value: 0, hidden: true });
  const line = h("p", { id: "update-line", "aria-live": "polite" });
  const problem = h("div");
  const actions = h("div", { class: "row right" });
  const dialog = h("dialog", { id: "update-dialog", class: "dialog", "aria-labelledby": "update-title" },
    h("h2", { id: "update-title" }, `HPI Studio ${offer.version} is available`),
    h("p", { class: "hint" }, `You have ${offer.current}.`, offer.date ? ` Published ${offer.date}.` : ""),
    offer.notes.trim() ? h("pre", { class: "notes", id: "update-notes" }, offer.notes.trim()) : null,
    progress, line, problem, actions);
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  const running = state.progress !== null;
  if (running) line.textContent = "A run is going: install the update when it has finished.";
  fill(actions,
    h("button", { id: "update-later", onclick: close }, "Not now"),
    h("button", { id: "update-install", class: "primary", disabled: running, onclick: () => void install() }, "Install"));

  async function install(): Promise<void> {
    fill(actions);
    progress.hidden = false;
    line.textContent = "Downloading…";
    try {
      const version = await api.installUpdate((e) => {
        if (e.event === "downloading") {
          if (e.total) progress.value = e.done / e.total;
          line.textContent = `Downloading… ${megabytes(e.done)}${e.total ? ` of ${megabytes(e.total)}` : ""}`;
        } else {
          progress.removeAttribute("value");
          line.textContent = e.event === "verifying" ? "Checking the signature…" : "Installing…";
        }
      });
      progress.value = 1;
      line.textContent = `HPI Studio ${version} is installed. Restart to use it; your project stays as it is.`;
      update({ updateOffer: null });
      fill(actions,
        h("button", { id: "update-close", onclick: close }, "Later"),
        h("button", { id: "update-restart", class: "primary", onclick: () => restart() }, "Restart now"));
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
      await api.restart();
    } catch (e) {
      problem.replaceChildren(errorBox(e));
    }
  }

  document.body.append(dialog);
  dialog.showModal();
}
