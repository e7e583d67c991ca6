import { liveSnapshots, takeSnapshot } from "../snapshots";
import { createVolume, CreateVolumeInput } from "../volume-create";
import { AccountAdapter, PowerAction } from "./account-adapter";
import { Json, machineAnswer, snapshotAnswer, volumeAnswer } from "./answers";
import { badRequest } from "./errors";
import { CallKind } from "./rate-limiter";

/** What a route answers: a status and a JSON body, or no body (the spec's `content: {}`). */
export interface Answer {
  readonly status: number;
  readonly body?: Json;
}

export interface RouteContext {
  /** Path parameters by the spec's names; a record without a prototype. */
  readonly params: Record<string, string>;
  readonly body: unknown;
  readonly account: AccountAdapter;
}

export interface Route {
  readonly method: "GET" | "POST";
  /** The path exactly as Fly's OpenAPI spec names it (a test checks each against the vendored spec). */
  readonly path: string;
  /** The rate limit's action name. */
  readonly action: string;
  readonly kind: CallKind;
  /** What the rate limit counts per: the machine, the volume, or the app. */
  readonly target: (params: Record<string, string>) => string;
  readonly handle: (ctx: RouteContext) => Answer;
}

const APP = "/v1/apps/{app_name}";
const byApp = (p: Record<string, string>) => p.app_name;
const byMachine = (p: Record<string, string>) => `${p.app_name}/${p.machine_id}`;
const byVolume = (p: Record<string, string>) => `${p.app_name}/${p.volume_id}`;

const ok = (body: Json): Answer => ({ status: 200, body });

function power(action: PowerAction): Route {
  return {
    method: "POST",
    path: `${APP}/machines/{machine_id}/${action}`,
    action: `${action}_machine`,
    kind: "write",
    target: byMachine,
    handle: ({ params, account }) => {
      account.power(params.app_name, params.machine_id, action);
      return { status: 200 };
    },
  };
}

/** The Machines API calls the emulator answers: the ones flycell's monitor, status and recover steps make. */
export const ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: `${APP}/machines`,
    action: "list_machines",
    kind: "read",
    target: byApp,
    handle: ({ params, account }) => {
      const file = account.read();
      const machines = account.listOf(file, "fly_machine", params.app_name).filter((m) => m.state !== "destroyed");
      return ok(machines.map((m) => machineAnswer(file, m, account.now())));
    },
  },
  {
    method: "GET",
    path: `${APP}/machines/{machine_id}`,
    action: "get_machine",
    kind: "read",
    target: byMachine,
    handle: ({ params, account }) => {
      const file = account.read();
      return ok(machineAnswer(file, account.machine(file, params.app_name, params.machine_id), account.now()));
    },
  },
  power("start"),
  power("stop"),
  power("restart"),
  {
    method: "GET",
    path: `${APP}/volumes`,
    action: "list_volumes",
    kind: "read",
    target: byApp,
    handle: ({ params, account }) => {
      const file = account.read();
      return ok(account.listOf(file, "fly_volume", params.app_name).map((v) => volumeAnswer(file, v, account.attachedMachine(file, String(v.id)), account.now())));
    },
  },
  {
    method: "POST",
    path: `${APP}/volumes`,
    action: "create_volume",
    kind: "write",
    target: byApp,
    handle: ({ params, body, account }) => {
      if (body === null || typeof body !== "object" || Array.isArray(body)) throw badRequest("the request body must be a CreateVolumeRequest object");
      const now = account.now();
      return ok(
        account.update((file) => {
          account.requireApp(file, params.app_name);
          // A new volume: no machine mounts it yet.
          return volumeAnswer(file, createVolume(file, params.app_name, body as CreateVolumeInput, now), undefined, now);
        }),
      );
    },
  },
  {
    method: "GET",
    path: `${APP}/volumes/{volume_id}`,
    action: "get_volume",
    kind: "read",
    target: byVolume,
    handle: ({ params, account }) => {
      const file = account.read();
      return ok(volumeAnswer(file, account.volume(file, params.app_name, params.volume_id), account.attachedMachine(file, params.volume_id), account.now()));
    },
  },
  {
    method: "GET",
    path: `${APP}/volumes/{volume_id}/snapshots`,
    action: "list_snapshots",
    kind: "read",
    target: byVolume,
    // Snapshots live off the host: listed even when the volume's host is unreachable.
    handle: ({ params, account }) => {
      const file = account.read();
      account.volume(file, params.app_name, params.volume_id);
      return ok(liveSnapshots(file, params.volume_id, account.now()).map(snapshotAnswer));
    },
  },
  {
    method: "POST",
    path: `${APP}/volumes/{volume_id}/snapshots`,
    action: "create_snapshot",
    kind: "write",
    target: byVolume,
    handle: ({ params, account }) => {
      const now = account.now();
      account.update((file) => {
        account.volume(file, params.app_name, params.volume_id);
        takeSnapshot(file, params.volume_id, now);
      });
      return { status: 200 };
    },
  },
];

/** Splits a spec path into its parts; `{name}` parts are parameters. */
const partsOf = (path: string) => path.split("/").slice(1);

/**
 * The route for a request path, with its parameters, or why none fits: no path (404) or not this
 * method (405). Parameters are decoded; a bad %-escape is a 400.
 */
export function matchRoute<R extends { readonly method: string; readonly path: string }>(
  routes: readonly R[],
  method: string,
  path: string,
): { route: R; params: Record<string, string> } | "no_path" | "no_method" {
  const parts = path.split("/").slice(1);
  let pathFound = false;
  for (const route of routes) {
    const pattern = partsOf(route.path);
    if (pattern.length !== parts.length) continue;
    const params = Object.create(null) as Record<string, string>;
    const fits = pattern.every((p, i) => {
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i] === "") return false;
        let value: string;
        try {
          value = decodeURIComponent(parts[i]);
        } catch {
          throw badRequest(`bad %-escape in the path: ${JSON.stringify(parts[i])}`);
        }
        params[p.slice(1, -1)] = value;
        return true;
      }
      return p === parts[i];
    });
    if (!fits) continue;
    pathFound = true;
    if (route.method === method) return { route, params };
  }
  return pathFound ? "no_method" : "no_path";
}
