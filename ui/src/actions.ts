// Steps several screens share.
import { api, type ProjectInfo } from "./ipc";
import { type Screen, state, update } from "./state";

/** Makes `info` the open project and shows `screen` (Data when it is empty). */
export async function openedProject(info: ProjectInfo, screen: Screen): Promise<void> {
  const [runs, settings] = await Promise.all([api.runsList(), api.settingsGet()]);
  const done = runs.find((r) => r.status === "succeeded");
  const empty = info.transactions === 0;
  const next = empty ? "data" : done || screen !== "results" ? screen : "index";
  update({ project: info, runs, settings, run: done?.id ?? null, screen: next });
}

/** Re-reads the project's counts and runs after a change. */
export async function refreshProject(): Promise<void> {
  const [info, runs] = await Promise.all([api.projectInfo(), api.runsList()]);
  update({ project: info, runs });
}

export function latestRun(): number | null {
  return state.runs.find((r) => r.status === "succeeded")?.id ?? null;
}
