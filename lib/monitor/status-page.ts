import type { CellStatus, StatusReport } from "./report";

/** Every value on the page goes through this: cell ids are slugs, but API answers are not ours. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
.summary { color: #444; } table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th:nth-child(1), th:nth-child(3) { width: 13%; } th:nth-child(2) { width: 16%; } th:nth-child(4) { width: 12%; }
th:nth-child(5), th:nth-child(7), th:nth-child(8) { width: 8%; } td { overflow-wrap: anywhere; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th { font-weight: 600; background: #f6f6f6; }
tr.has-issues td { background: #fff3f0; } .state { font-weight: 600; }
.state-started { color: #17703a; } .state-stopped, .state-suspended, .state-unknown { color: #666; }
.state-failed, .state-missing, .state-destroyed { color: #b3261e; }
ul.issues li { margin: .2rem 0; } .kind { font-weight: 600; color: #b3261e; } .muted { color: #777; }
`;

function ago(iso: string, generatedAt: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(generatedAt) - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function cellRow(cell: CellStatus, generatedAt: string): string {
  const e = escapeHtml;
  const heartbeat = cell.lastHeartbeat
    ? `<time datetime="${e(cell.lastHeartbeat)}">${e(cell.lastHeartbeat)}</time> <span class="muted">(${e(ago(cell.lastHeartbeat, generatedAt))})</span>`
    : `<span class="muted">never</span>`;
  const issues = cell.issues.length > 0 ? cell.issues.map((i) => `<span class="kind">${e(i.kind)}</span>`).join(", ") : `<span class="muted">none</span>`;
  return [
    `<tr class="cell-row${cell.issues.length > 0 ? " has-issues" : ""}" data-cell="${e(cell.cell)}">`,
    `<td class="cell">${e(cell.cell)}</td>`,
    `<td class="tenants">${e(cell.tenants.join(", "))}</td>`,
    `<td class="app">${e(cell.app)}</td>`,
    `<td class="machine"><code>${e(cell.machine)}</code></td>`,
    `<td class="state state-${e(cell.state)}">${e(cell.state)}</td>`,
    `<td class="heartbeat">${heartbeat}</td>`,
    `<td class="version">${cell.version ? e(cell.version) : ""}</td>`,
    `<td class="issue-kinds">${issues}</td>`,
    `</tr>`,
  ].join("");
}

/** "12 cells in 3 regions: 5 started, 7 stopped; 2 open issues". */
export function summaryLine(report: StatusReport): string {
  const byState = new Map<string, number>();
  for (const cell of report.cells) byState.set(cell.state, (byState.get(cell.state) ?? 0) + 1);
  const regions = new Set(report.cells.map((c) => c.region)).size;
  const states = [...byState].sort(([a], [b]) => (a < b ? -1 : 1)).map(([state, n]) => `${n} ${state}`);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(report.cells.length, "cell")} in ${plural(regions, "region")}${states.length ? `: ${states.join(", ")}` : ""}; ${plural(report.issues.length, "open issue")}`;
}

/** The monitor's page: a summary, the open issues, then the cells by region. Static HTML; it reloads itself every 30 s. */
export function renderStatusPage(report: StatusReport): string {
  const e = escapeHtml;
  const regions = new Map<string, CellStatus[]>();
  for (const cell of report.cells) {
    const cells = regions.get(cell.region);
    if (cells) cells.push(cell);
    else regions.set(cell.region, [cell]);
  }
  const issues =
    report.issues.length === 0
      ? `<p class="no-issues">No open issues.</p>`
      : `<ul class="issues">${report.issues
          .map((i) => `<li class="issue" data-cell="${e(i.cell)}" data-kind="${e(i.kind)}"><b>${e(i.cell)}</b> <span class="kind">${e(i.kind)}</span>: ${e(i.message)} <span class="muted">since ${e(i.since)}</span></li>`)
          .join("")}</ul>`;
  const sections = [...regions]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([region, cells]) =>
        `<section class="region" data-region="${e(region)}"><h2>Region ${e(region)} <span class="muted">(${cells.length} ${cells.length === 1 ? "cell" : "cells"})</span></h2>` +
        `<table><thead><tr><th>Cell</th><th>Tenants</th><th>App</th><th>Machine</th><th>State</th><th>Last heartbeat</th><th>Version</th><th>Issues</th></tr></thead>` +
        `<tbody>${cells.map((c) => cellRow(c, report.generatedAt)).join("")}</tbody></table></section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30"><title>flycell monitor</title><style>${STYLE}</style></head>
<body>
<h1>flycell monitor</h1>
<p class="summary">${e(summaryLine(report))} <span class="muted">(as of ${e(report.generatedAt)})</span></p>
<section id="open-issues"><h2>Open issues</h2>${issues}</section>
${sections}
</body></html>
`;
}
