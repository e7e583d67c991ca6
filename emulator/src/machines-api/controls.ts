import { readContent, writeContent } from "../content";
import { setHostDown, setRegionFull } from "../faults";
import { advanceDays } from "../snapshots";
import { AccountAdapter } from "./account-adapter";
import { Json } from "./answers";
import { badRequest } from "./errors";
import { Answer } from "./routes";

/**
 * Test and drill controls: not Fly's API, so under `/__emulator/` where no Fly path is. The
 * control CLI (`control.js`) does the same to the account file without a server.
 */
export interface ControlRoute {
  readonly method: "GET" | "PUT" | "POST" | "DELETE";
  readonly path: string;
  readonly handle: (params: Record<string, string>, body: unknown, account: AccountAdapter) => Answer;
}

const fields = (body: unknown): Record<string, unknown> => {
  if (body === undefined) return {};
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw badRequest("the request body must be a JSON object");
  return body as Record<string, unknown>;
};

const ok = (body: Json): Answer => ({ status: 200, body });

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  {
    method: "GET",
    path: "/__emulator/volumes/{volume_id}/content",
    handle: (p, _b, account) => ok({ ...readContent(account.read(), p.volume_id) }),
  },
  {
    method: "PUT",
    path: "/__emulator/volumes/{volume_id}/content",
    handle: (p, body, account) => {
      const { content, bytes } = fields(body);
      if (typeof content !== "string") throw badRequest("content must be a string");
      if (bytes !== undefined && typeof bytes !== "number") throw badRequest("bytes must be a number");
      return ok({ ...account.update((file) => writeContent(file, p.volume_id, content, bytes, account.now())) });
    },
  },
  {
    method: "POST",
    path: "/__emulator/hosts/{id}/fail",
    handle: (p, _b, account) => ok({ ...account.update((file) => setHostDown(file, p.id, true, account.now())) }),
  },
  {
    method: "POST",
    path: "/__emulator/hosts/{id}/heal",
    handle: (p, _b, account) => ok({ ...account.update((file) => setHostDown(file, p.id, false, account.now())) }),
  },
  {
    method: "POST",
    path: "/__emulator/clock/advance",
    handle: (_p, body, account) => {
      const { days } = fields(body);
      if (typeof days !== "number") throw badRequest("days must be a number");
      return ok({ ...account.update((file) => advanceDays(file, days, account.now())) });
    },
  },
  {
    method: "PUT",
    path: "/__emulator/regions/{region}/full",
    handle: (p, _b, account) => {
      account.update((file) => setRegionFull(file, p.region, true));
      return ok({ region: p.region, full: true });
    },
  },
  {
    method: "DELETE",
    path: "/__emulator/regions/{region}/full",
    handle: (p, _b, account) => {
      account.update((file) => setRegionFull(file, p.region, false));
      return ok({ region: p.region, full: false });
    },
  },
];
