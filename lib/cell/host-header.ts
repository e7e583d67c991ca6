/**
 * Reads a Host header value the way nginx reads `$host` (ngx_http_validate_host): the port
 * dropped (after `]` for an IPv6 literal), then one trailing dot, then ASCII lowercased.
 * Returns undefined where nginx answers 400: an empty name, `..`, or anywhere a `/`, a space,
 * a tab or another control character (nginx 1.21.1 and later refuse those, port included).
 */
export function readHostHeader(value: string): string | undefined {
  let end = value.length;
  let state: "name" | "literal" | "rest" = "name";
  let lastDot = -2;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === ".") {
      if (lastDot === i - 1) return undefined;
      lastDot = i;
    } else if (ch === ":" && state === "name") {
      end = i;
      state = "rest";
    } else if (ch === "[" && i === 0) {
      state = "literal";
    } else if (ch === "]" && state === "literal") {
      end = i + 1;
      state = "rest";
    } else if (ch === "/" || ch <= " " || ch === "\x7f") {
      return undefined;
    }
  }
  if (lastDot === end - 1) end--;
  // ASCII only, as nginx: no other character may lowercase into a hostname.
  return end > 0 ? value.slice(0, end).replace(/[A-Z]/g, (c) => c.toLowerCase()) : undefined;
}
