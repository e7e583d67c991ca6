/** An image reference in parts, as the Machines API reports it in `image_ref`. */
export interface ImageRef {
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

// Docker Hub goes by several names, Fly's mirror among them.
const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "docker-hub-mirror.fly.io"]);

/** Splits `[registry/]repository[:tag][@digest]`; the first part is a registry when it has a dot or a port, or is localhost. */
export function parseImage(text: string): ImageRef {
  const [rest, digest] = text.trim().split("@", 2) as [string, string | undefined];
  const slash = rest.indexOf("/");
  const first = slash === -1 ? "" : rest.slice(0, slash);
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  const path = hasRegistry ? rest.slice(slash + 1) : rest;
  const colon = path.lastIndexOf(":");
  const [repository, tag] = colon === -1 ? [path, undefined] : [path.slice(0, colon), path.slice(colon + 1)];
  return { registry: hasRegistry ? first : undefined, repository, tag, digest };
}

/** Registry, repository and tag with Docker's defaults filled in, so equal images compare equal. */
function normalized(ref: ImageRef): { registry: string; repository: string; tag?: string; digest?: string } {
  const registry = (ref.registry ?? "docker.io").toLowerCase();
  const hub = DOCKER_HUB.has(registry);
  const repository = hub && !ref.repository.includes("/") ? `library/${ref.repository}` : ref.repository;
  const tag = ref.tag || (ref.digest ? undefined : "latest");
  return { registry: hub ? "docker.io" : registry, repository, tag, digest: ref.digest || undefined };
}

export function imageText(ref: ImageRef): string {
  const name = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  return `${name}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/**
 * Whether a machine runs the declared image. Digests decide when both sides have one; else the
 * registry, repository and tag do. A side without a tag (pinned by digest only) is not judged on tags.
 */
export function sameImage(declared: string, actual: ImageRef | string): boolean {
  const want = normalized(parseImage(declared));
  const have = normalized(typeof actual === "string" ? parseImage(actual) : actual);
  if (want.digest && have.digest) return want.digest === have.digest;
  if (want.registry !== have.registry || want.repository !== have.repository) return false;
  return want.tag === undefined || have.tag === undefined || want.tag === have.tag;
}
