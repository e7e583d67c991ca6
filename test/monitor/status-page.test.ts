import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { BEAT_INTERVAL_MS, Fleet, startFleet } from "./fleet-fixture";
import { sleep, waitFor } from "./helpers";

const ARTIFACTS = path.join(__dirname, "..", "..", ".tmp", "artifacts");
const SCREENSHOT = path.join(ARTIFACTS, "monitor-status.png");

/** Debian's chromium, or the one `CHROMIUM` names. Missing is a failure, not a skip. */
function chromium(): string {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", ...(process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "chromium"))];
  const found = candidates.find((file) => file && fs.existsSync(file));
  if (!found) throw new Error("chromium is not installed: the status page test loads the page in a real browser; .ci/run installs it (apt-get install chromium)");
  return found;
}

/** Runs headless chromium on `url` with `args`; async, so the monitor in this process can answer it. */
async function runChromium(args: string[], url: string): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-"));
  try {
    const { stdout } = await promisify(execFile)(
      chromium(),
      ["--headless", "--no-sandbox", "--disable-gpu", "--no-proxy-server", "--no-first-run", `--user-data-dir=${profile}`, ...args, url],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();

/** The page as the browser built it: summary, open issues, and per region its heading and rows. */
function readPage(dom: string) {
  const summary = decode(/<p class="summary">([\s\S]*?)<\/p>/.exec(dom)?.[1] ?? "");
  const issues = [...dom.matchAll(/<li class="issue" data-cell="([^"]*)" data-kind="([^"]*)">([\s\S]*?)<\/li>/g)].map((m) => ({ cell: m[1], kind: m[2], text: decode(m[3]) }));
  const regions = [...dom.matchAll(/<section class="region" data-region="([^"]*)">([\s\S]*?)<\/section>/g)].map(([, region, body]) => ({
    region,
    heading: decode(/<h2>([\s\S]*?)<\/h2>/.exec(body)?.[1] ?? ""),
    rows: [...body.matchAll(/<tr class="cell-row[^"]*" data-cell="([^"]*)">([\s\S]*?)<\/tr>/g)].map(([, cell, row]) => {
      const column = (name: string) => decode(new RegExp(`<td class="${name}[^"]*">([\\s\\S]*?)</td>`).exec(row)?.[1] ?? "");
      return { cell, state: column("state"), heartbeat: column("heartbeat"), issues: column("issue-kinds") };
    }),
  }));
  return { summary, issues, regions };
}

describe("the monitor's status page in a real browser", () => {
  let fleet: Fleet | undefined;
  afterAll(() => fleet?.close());

  it("shows cells by region with state, last heartbeat and open issues, every value escaped", async () => {
    const hostile = "registry.fly.io/acme:2<img src=x onerror=alert(1)>";
    fleet = await startFleet({
      acme: { region: "ams" },
      globex: { region: "ams", state: "stopped" },
      initech: { region: "fra", state: "failed" },
      umbrella: { region: "syd", runs: hostile },
    });
    const f = fleet;
    await waitFor("two issues", () => f.events().length >= 2, 3000);
    // The beating cells' first beats went out at start.
    await sleep(BEAT_INTERVAL_MS);
    expect((await f.status()).cells.filter((c) => c.lastHeartbeat).map((c) => c.cell)).toEqual(["acme", "umbrella"]);

    const dom = await runChromium(["--dump-dom"], `${f.monitor.url}/`);
    expect(dom).toContain("<h1>flycell monitor</h1>");
    // The hostile tag is text, not an element; the page has no script at all.
    expect(dom).not.toMatch(/<img/i);
    expect(dom).not.toMatch(/<script/i);
    const page = readPage(dom);
    expect(page.summary).toMatch(/^4 cells in 3 regions: 1 failed, 2 started, 1 stopped; 2 open issues/);
    expect(page.issues.map((i) => [i.cell, i.kind])).toEqual(expect.arrayContaining([["initech", "failed"], ["umbrella", "image"]]));
    expect(page.issues).toHaveLength(2);
    expect(page.issues.find((i) => i.kind === "image")!.text).toContain(hostile);
    expect(page.regions.map((r) => r.heading)).toEqual(["Region ams (2 cells)", "Region fra (1 cell)", "Region syd (1 cell)"]);
    const rows = Object.fromEntries(page.regions.flatMap((r) => r.rows.map((row) => [row.cell, { region: r.region, ...row }])));
    expect(Object.keys(rows).sort()).toEqual(["acme", "globex", "initech", "umbrella"]);
    expect(rows.acme).toMatchObject({ region: "ams", state: "started", issues: "none" });
    expect(rows.acme.heartbeat).toMatch(/^\d{4}-\d\d-\d\dT\S+Z \(\d+ s ago\)$/);
    expect(rows.globex).toMatchObject({ region: "ams", state: "stopped", heartbeat: "never", issues: "none" });
    expect(rows.initech).toMatchObject({ region: "fra", state: "failed", heartbeat: "never", issues: "failed" });
    expect(rows.umbrella).toMatchObject({ region: "syd", state: "started", issues: "image" });

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.rmSync(SCREENSHOT, { force: true });
    await runChromium([`--screenshot=${SCREENSHOT}`, "--window-size=1200,900", "--hide-scrollbars"], `${f.monitor.url}/status`);
    const png = fs.readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);
  }, 60_000);
});
