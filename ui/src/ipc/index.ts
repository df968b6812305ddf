// The only module that talks to Tauri: commands, the run and update channels,
// dialogs, and the events of a second launch and of the background update check.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open, save } from "@tauri-apps/plugin-dialog";
import type * as B from "./bindings";
import { commands } from "./commands";

export type * from "./bindings";
export { BAND_LEVELS, DEFAULTS, FILTERS_OF, INDEX_YEARS, METHOD_INFO, METHODS, WEIGHT_INFO, WEIGHTS } from "./bindings";

/** A failed command: a code from the closed list, a message, what the user could change, and details. */
export class AppError extends Error {
  constructor(
    readonly code: B.ErrorCode,
    message: string,
    readonly details: string[] = [],
    readonly hints: B.Hint[] = [],
  ) {
    super(message);
  }
}

function toAppError(e: unknown): AppError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const err = e as B.IpcError;
    return new AppError(err.code, err.message, err.details, err.hints);
  }
  return new AppError("internal", String(e));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

const generated = commands(call);

/** The commands, as generated from Rust; those that report progress take a callback instead of a channel. */
export const api = {
  ...generated,
  updateInstall(onEvent: (e: B.UpdateEvent) => void): Promise<string> {
    const channel = new Channel<B.UpdateEvent>();
    channel.onmessage = onEvent;
    return generated.updateInstall(channel);
  },
  runEvaluate(id: number, request: B.EvaluateRequest, onEvent: (e: B.RunEvent) => void): Promise<B.Evaluation> {
    const channel = new Channel<B.RunEvent>();
    channel.onmessage = onEvent;
    return generated.runEvaluate(id, request, channel);
  },
  runStart(request: B.RunRequest, onEvent: (e: B.RunEvent) => void): Promise<B.RunRecord> {
    const channel = new Channel<B.RunEvent>();
    channel.onmessage = onEvent;
    return generated.runStart(request, channel);
  },
};

const PROJECT = [{ name: "HPI Studio project", extensions: ["hpiproj"] }];

/** File dialogs; each returns null when the user cancels. */
export const dialogs = {
  async openProject(folder?: string | null): Promise<string | null> {
    const picked = await open({ filters: PROJECT, defaultPath: folder ?? undefined });
    return typeof picked === "string" ? picked : null;
  },
  async newProject(folder?: string | null): Promise<string | null> {
    const base = folder ? `${folder}/Study.hpiproj` : "Study.hpiproj";
    return (await save({ filters: PROJECT, defaultPath: base })) ?? null;
  },
  async dataFile(): Promise<string | null> {
    const picked = await open({
      filters: [{ name: "Data", extensions: ["csv", "txt", "tsv", "xlsx", "parquet"] }],
    });
    return typeof picked === "string" ? picked : null;
  },
  async boundaryFile(): Promise<string | null> {
    const picked = await open({
      filters: [{ name: "Tract boundaries", extensions: ["zip", "geojson", "json", "shp"] }],
    });
    return typeof picked === "string" ? picked : null;
  },
  async saveAs(name: string, extension: string): Promise<string | null> {
    return (
      (await save({ defaultPath: name, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] })) ?? null
    );
  },
};

/** Calls `handler` when the background check finds a newer version. */
export function onUpdateAvailable(handler: (offer: B.UpdateOffer) => void): void {
  void listen<B.UpdateOffer>("update-available", (e) => handler(e.payload));
}

/** Calls `handler` when a second launch asks to open a project. */
export function onOpenProject(handler: (path: string) => void): void {
  void listen<string>("open-project", (e) => handler(e.payload));
}
