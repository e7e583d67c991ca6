/** Plain HTTP calls to an emulated Machines API, for the emulator's own tests. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when empty. */
  readonly body: unknown;
}

export async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

/** The answer's body as an object with the given fields (a test's view of a Fly object). */
export const fieldsOf = <T = Record<string, unknown>>(a: ApiAnswer): T => a.body as T;
