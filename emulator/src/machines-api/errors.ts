import { AccountRefusal } from "../account";

/** Fly's `main.statusCode`: set on the errors Fly classifies (capacity). */
export type FlyStatusCode = "unknown" | "insufficient_capacity" | "volume_placement_capacity" | "name_taken";

/** An answer other than success, shaped as Fly's ErrorResponse: `{ "error": "<message>" }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: FlyStatusCode,
    /** Seconds, for a 429's Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  body(): { error: string; status?: FlyStatusCode } {
    return this.code ? { error: this.message, status: this.code } : { error: this.message };
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);
export const badRequest = (message: string) => new ApiError(400, message);

/** What the account refused, as Fly answers it: 404, 400, or 412 for an unreachable host or a full region. */
export function fromRefusal(refusal: AccountRefusal): ApiError {
  switch (refusal.kind) {
    case "not_found":
      return new ApiError(404, refusal.message);
    case "invalid":
      return new ApiError(400, refusal.message);
    case "unreachable":
      return new ApiError(412, refusal.message);
    case "capacity":
      return new ApiError(412, refusal.message, "volume_placement_capacity");
  }
}

/** Any thrown value as an answer; an unexpected one is a 500 whose message stays in the server's log. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof AccountRefusal) return fromRefusal(err);
  return new ApiError(500, "internal error in the flycell Machines API emulator");
}
