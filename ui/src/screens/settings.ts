// Settings and About.
import { h, field } from "../dom";
import { errorBox } from "../errors";
import {
  api,
  BAND_LEVELS,
  dialogs,
  type NumberFormat,
  type Theme,
  type UpdateChannel,
  type UpdateStatus,
} from "../ipc";
import { showUpdate } from "../update";
import { applyTheme } from "../theme";
import { setNumberFormat } from "../format";
import { state, update } from "../state";

const MANAGED = "Managed by your organization";

export async function settingsScreen(root: HTMLElement): Promise<void> {
  const s = state.settings;
  if (!s) return;
  const policy = (await api.appInfo()).policy;
  const folderLocked = policy.default_project_folder !== null;
  const message = h("div", { "aria-live": "polite" });
  const save = async (patch: Partial<typeof s>) => {
    try {
      const saved = await api.settingsSet({ ...s, ...patch });
      applyTheme(saved.theme);
      setNumberFormat(saved.number_format);
      update({ settings: saved });
    } catch (e) {
      message.replaceChildren(errorBox(e));
    }
  };
  const theme = h(
    "select",
    { id: "settings-theme", onchange: (e: Event) => save({ theme: (e.target as HTMLSelectElement).value as Theme }) },
    (["system", "light", "dark"] as Theme[]).map((t) =>
      h(
        "option",
        { value: t, selected: s.theme === t },
        { system: "Follow the system", light: "Light", dark: "Dark" }[t],
      ),
    ),
  );
  const numbers = h(
    "select",
    {
      id: "settings-numbers",
      onchange: (e: Event) => save({ number_format: (e.target as HTMLSelectElement).value as NumberFormat }),
    },
    (["comma", "dot", "space"] as NumberFormat[]).map((f) =>
      h(
        "option",
        { value: f, selected: s.number_format === f },
        { comma: "1,234.5", dot: "1.234,5", space: "1 234,5" }[f],
      ),
    ),
  );
  const bandLevel = h(
    "select",
    {
      id: "settings-band-level",
      title: "How sure the shaded bands around an index are to hold the true value",
      onchange: (e: Event) => save({ band_level: Number((e.target as HTMLSelectElement).value) }),
    },
    BAND_LEVELS.map((b) =>
      h("option", { value: String(b.level), selected: s.band_level === b.level }, `${Math.round(b.level * 100)} %`),
    ),
  );
  const folder = h("input", {
    id: "settings-folder",
    type: "text",
    value: s.default_folder ?? "",
    placeholder: "the system's Documents folder",
    disabled: folderLocked,
    onchange: (e: Event) => save({ default_folder: (e.target as HTMLInputElement).value.trim() || null }),
  });
  root.append(
    h("h1", {}, "Settings"),
    h(
      "section",
      { class: "panel form-grid" },
      field("Theme", theme),
      field("Numbers", numbers),
      field("Bands", bandLevel),
      field(
        "Default folder",
        h(
          "div",
          { class: "row" },
          folder,
          h(
            "button",
            {
              disabled: folderLocked,
              onclick: async () => {
                const p = await dialogs.openProject(s.default_folder);
                if (p) void save({ default_folder: p.replace(/[\\/][^\\/]*$/, "") });
              },
            },
            "Choose…",
          ),
        ),
        folderLocked ? MANAGED : "where New and Open start",
        true,
      ),
    ),
    h("h2", {}, "Updates"),
    updatesPanel(await api.updateStatus(), s.check_updates, s.update_channel, save),
    message,
  );
}

function updatesPanel(
  status: UpdateStatus,
  checking: boolean,
  channel: UpdateChannel,
  save: (patch: { check_updates?: boolean; update_channel?: UpdateChannel }) => Promise<void>,
): HTMLElement {
  const found = h("div", { id: "update-found", "aria-live": "polite" });
  const off = status.unavailable !== null;
  const auto = h("input", {
    id: "settings-check-updates",
    type: "checkbox",
    checked: checking,
    disabled: off || status.check_locked,
    onchange: (e: Event) => save({ check_updates: (e.target as HTMLInputElement).checked }),
  });
  const channels = h(
    "select",
    {
      id: "settings-channel",
      disabled: off || status.channel_locked,
      onchange: (e: Event) => save({ update_channel: (e.target as HTMLSelectElement).value as UpdateChannel }),
    },
    (["stable", "beta"] as UpdateChannel[]).map((c) =>
      h("option", { value: c, selected: channel === c }, { stable: "Stable", beta: "Beta (pre-releases)" }[c]),
    ),
  );
  const checkNow = h(
    "button",
    {
      id: "update-check",
      disabled: off,
      onclick: async () => {
        checkNow.disabled = true;
        found.textContent = "Looking for updates…";
        try {
          const offer = await api.updateCheck();
          found.textContent = offer ? "" : `HPI Studio ${status.current} is the newest version.`;
          if (offer) showUpdate(offer);
        } catch (e) {
          found.replaceChildren(errorBox(e));
        } finally {
          checkNow.disabled = false;
        }
      },
    },
    "Check now",
  );
  return h(
    "section",
    { class: "panel", id: "settings-updates" },
    h(
      "p",
      { id: "update-state" },
      status.unavailable ?? `Version ${status.current}. Updates come from ${status.feed}.`,
    ),
    status.installed
      ? h("p", { class: "ok" }, `HPI Studio ${status.installed} is installed and starts with the next start.`)
      : null,
    h(
      "div",
      { class: "form-grid" },
      field(
        "Look for updates",
        h("label", { class: "check" }, auto, "in the background"),
        status.check_locked ? MANAGED : "once after start, then every six hours",
      ),
      field("Channel", channels, status.channel_locked ? MANAGED : "Beta brings new versions weeks earlier"),
    ),
    h("div", { class: "row" }, checkNow, status.last_check ? h("span", { class: "hint" }, status.last_check) : null),
    found,
  );
}

export async function aboutScreen(root: HTMLElement): Promise<void> {
  const info = await api.appInfo();
  root.append(
    h("h1", {}, "About HPI Studio"),
    h("p", { class: "lead", id: "about-version" }, `Version ${info.version}`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Log files"),
      h("dd", {}, h("code", {}, info.log_folder)),
      h("dt", {}, "App data"),
      h("dd", {}, h("code", {}, info.data_folder)),
      h("dt", {}, "Settings"),
      h("dd", {}, h("code", {}, info.config_folder)),
    ),
    h("h2", {}, "Organization policy"),
    info.policy.source === null
      ? h("p", { id: "about-policy" }, "None: every setting is yours to choose.")
      : h(
          "div",
          { id: "about-policy" },
          h("p", {}, "Read from ", h("code", {}, info.policy.source), "."),
          h(
            "dl",
            { class: "facts" },
            h("dt", {}, "Updates"),
            h("dd", {}, info.policy.updates === null ? "not set" : info.policy.updates ? "allowed" : "turned off"),
            h("dt", {}, "Update address"),
            h("dd", {}, info.policy.update_url ?? "not set"),
            h("dt", {}, "Update channel"),
            h("dd", {}, info.policy.channel ?? "not set"),
            h("dt", {}, "Default project folder"),
            h("dd", {}, info.policy.default_project_folder ?? "not set"),
          ),
          info.policy.problems.length
            ? h(
                "ul",
                { class: "problems" },
                info.policy.problems.map((m) => h("li", {}, m)),
              )
            : null,
        ),
    h("h2", {}, "Licences"),
    h("pre", { class: "licenses" }, info.licenses),
  );
}
