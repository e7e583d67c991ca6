/**
 * The one place where user strings become Terraform values. Terraform reads every string in
 * the synthesized JSON as a template, so `${…}` and `%{…}` in an env value, an image or a
 * secret version would run as code on the deploy host. Doubling the opening character makes
 * Terraform hand Fly exactly the string the user wrote. (cdktf's `Fn.rawString` is for
 * expressions: it leaves `%{` alone and rewrites newlines, so it does not fit here.)
 */
export function literal(value: string): string {
  return value.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/** `literal` over a map's keys and values. */
export function literalMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [literal(key), literal(value)]));
}

/**
 * Text placed inside a Terraform expression's quoted string (e.g. the router's config, which
 * carries machine id references): backslashes and quotes are escapes there, and `%{` a
 * directive. cdktf itself doubles `${` and writes newlines as `\n` in that position.
 */
export function expressionText(value: string): string {
  return value.replace(/[\\"]|%\{/g, (match) => (match === "%{" ? "%%{" : `\\${match}`));
}

/** cdktf's string token (`${TfToken[TOKEN.12]}`): a reference it resolves itself, never user text. */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/** `literal` around cdktf's tokens: the text between them is escaped, the tokens are left for cdktf. */
function literalAroundTokens(value: string): string {
  let out = "";
  let at = 0;
  for (const match of value.matchAll(STRING_TOKEN)) {
    out += literal(value.slice(at, match.index)) + match[0];
    at = match.index + match[0].length;
  }
  return out + literal(value.slice(at));
}

/**
 * `literal` over every string of a value written as is into the JSON (an output's value): object
 * keys too, which Terraform also reads as templates. Objects come back with a null prototype,
 * so keys such as `constructor` or `__proto__` stay plain keys. Anything that is neither a
 * string, an array nor a plain object (a number, a cdktf resolvable) is left as it is.
 */
export function literalValue(value: unknown): unknown {
  if (typeof value === "string") return literalAroundTokens(value);
  if (Array.isArray(value)) return value.map(literalValue);
  if (typeof value !== "object" || value === null) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) {
    // `undefined` members are dropped by the JSON anyway; keeping them out keeps the shape honest.
    if (item !== undefined) out[literalAroundTokens(key)] = literalValue(item);
  }
  return out;
}
