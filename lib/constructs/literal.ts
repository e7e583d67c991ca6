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
