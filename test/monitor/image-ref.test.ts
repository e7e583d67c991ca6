import { imageText, parseImage, sameImage } from "../../lib/monitor/image-ref";

describe("image references", () => {
  it("splits registry, repository, tag and digest", () => {
    expect(parseImage("registry.fly.io/acme:1")).toEqual({ registry: "registry.fly.io", repository: "acme", tag: "1", digest: undefined });
    expect(parseImage("localhost:5000/team/app@sha256:abc")).toEqual({ registry: "localhost:5000", repository: "team/app", tag: undefined, digest: "sha256:abc" });
    expect(parseImage("nginx")).toEqual({ registry: undefined, repository: "nginx", tag: undefined, digest: undefined });
    expect(imageText({ registry: "registry.fly.io", repository: "acme", tag: "2", digest: "sha256:f" })).toBe("registry.fly.io/acme:2@sha256:f");
  });

  it("compares as Fly reports images: digests first, Docker Hub's names and defaults alike", () => {
    const flyRef = { registry: "registry.fly.io", repository: "acme", tag: "1", digest: "sha256:aaa" };
    expect(sameImage("registry.fly.io/acme:1", flyRef)).toBe(true);
    expect(sameImage("registry.fly.io/acme:2", flyRef)).toBe(false);
    expect(sameImage("registry.fly.io/other:1", flyRef)).toBe(false);
    expect(sameImage("registry.fly.io/acme@sha256:aaa", flyRef)).toBe(true);
    expect(sameImage("registry.fly.io/acme:1@sha256:bbb", flyRef)).toBe(false);
    expect(sameImage("nginx", { registry: "docker-hub-mirror.fly.io", repository: "library/nginx", tag: "latest" })).toBe(true);
    expect(sameImage("docker.io/library/nginx:1.27", "nginx:1.27")).toBe(true);
    expect(sameImage("nginx:1.27", "nginx:1.26")).toBe(false);
  });
});
