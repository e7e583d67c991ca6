const LABEL_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Fly's private names: `<app>.flycast` (through the proxy) and `<app>.internal` (6PN). Never a tenant's. */
const PRIVATE_TLDS = ["flycast", "internal"];

/** Checks a DNS hostname (optionally a `*.` wildcard); returns a message or undefined. */
export function hostnameProblem(hostname: string): string | undefined {
  const name = hostname.toLowerCase();
  const labels = (name.startsWith("*.") ? name.slice(2) : name).split(".");
  if (name.length > 253 || labels.length < 2 || !labels.every((l) => LABEL_PATTERN.test(l))) {
    return `${JSON.stringify(hostname)} is not a valid hostname`;
  }
  if (!/^[a-z]/.test(labels[labels.length - 1])) {
    return `${JSON.stringify(hostname)} does not end in a top-level domain`;
  }
  const tld = labels[labels.length - 1];
  if (PRIVATE_TLDS.includes(tld)) {
    return `${JSON.stringify(hostname)} is a name on Fly's private network (.${tld}), such as the fleet's own apps <app>.flycast; a tenant's hostnames are public domains of your own`;
  }
  if (name === "fly.dev" || name.endsWith(".fly.dev")) {
    return `${JSON.stringify(hostname)} is a fly.dev name; certificates are for your own domains`;
  }
  return undefined;
}
