/**
 * Characters that can make text read other than it is: C0 and C1 controls (line breaks
 * included), the line and paragraph separators, and Unicode's invisible format and bidi
 * controls (zero-width spaces and joiners, LRM/RLM/ALM, embeddings and overrides such as
 * U+202E, isolates, the word joiner and invisible operators, the BOM). A log line, a Slack
 * message or a status page with one of these could show what it does not say.
 */
export function isUnsafeCodePoint(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0xfeff ||
    (code >= 0xfff9 && code <= 0xfffb) ||
    // A lone surrogate is no character at all.
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** Whether `text` holds any character `isUnsafeCodePoint` names. */
export function hasUnsafeText(text: string): boolean {
  for (const char of text) if (isUnsafeCodePoint(char.codePointAt(0)!)) return true;
  return false;
}

/** `text` with every such character written as `\u{…}`, so it shows instead of acting. */
export function printable(text: string): string {
  if (!hasUnsafeText(text)) return text;
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += isUnsafeCodePoint(code) ? `\\u{${code.toString(16).padStart(4, "0")}}` : char;
  }
  return out;
}
