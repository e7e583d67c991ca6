// Request paths that nginx and a cell could read two ways are refused by both with 400. One
// expression serves both: the middleware runs it and the nginx renderer writes its source into
// `if ($request_uri ~* '…')`. So it keeps to syntax JavaScript and PCRE read alike, and holds
// no quote and no backslash (the config travels in a Terraform string, where `\` escapes).
const AMBIGUOUS = [
  "//", // an empty segment: nginx merges slashes
  "/([.]|%2e){1,2}([/?]|$)", // a `.` or `..` segment, raw or encoded
  "%2f|%5c", // an encoded `/` or `\`: a separator to one reader, data to the other
  "(?![[]|]|[Z^])[Z-^]", // a raw `\` (to URL parsers a `/`), spelled as: from Z to ^, but none of Z [ ] ^
  "%[01][0-9a-f]|%7f", // an encoded control character: nginx refuses NUL, and `/acme%0a` matches its `^/acme(/|$)`
  "%(?![0-9a-f]{2})", // invalid percent-encoding: nginx refuses it
  "#", // a fragment, which clients never send: nginx ends the path there
];

/** The source of `AMBIGUOUS_PATH`, to match case-insensitively (written as is, unlike `RegExp.source`, which escapes `/`). */
export const AMBIGUOUS_PATH_PATTERN = `^[^?]*(${AMBIGUOUS.join("|")})`;

/** Matches a request target (path and query as sent) whose path, before any `?`, could be read two ways. */
export const AMBIGUOUS_PATH = new RegExp(AMBIGUOUS_PATH_PATTERN, "i");

/** The path of a request target (before `?`), percent-decoded byte by byte as nginx decodes `$uri`. */
export function decodedPath(target: string): string {
  const path = target.split("?")[0];
  return path.replace(/%([0-9a-f]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
