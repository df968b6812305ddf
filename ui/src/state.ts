// What every screen shares: the open project, settings, runs, the run in
// progress, and the screen shown. Screens re-render when it changes.
import type { ProjectInfo, RunRecord, Settings, UpdateOffer } from "./ipc";

export type Screen = "start" | "overview" | "data" | "index" | "results" | "runs" | "settings" | "about";

export interface Progress {
  label: string;
  share: number | null;
}

export const state = {
  screen: "start" as Screen,
  project: null as ProjectInfo | null,
  settings: null as Settings | null,
  runs: [] as RunRecord[],
  /** The run the Results screen shows. */
  run: null as number | null,
  progress: null as Progress | null,
  /** A message for the status bar. */
  notice: "",
  /** Counts drops of files on the window (each redraws the screen that takes them). */
  drops: 0,
  /** A newer version found in the background, offered in the status bar. */
  updateOffer: null as UpdateOffer | null,
};

type Listener = () => void;
const listeners: Listener[] = [];

export function subscribe(l: Listener): void {
  listeners.push(l);
}

export function update(patch: Partial<typeof state>): void {
  Object.assign(state, patch);
  for (const l of listeners) l();
}
