// Given a running AppHost (dotnet run --project src/AppHost), checks its dashboard end to end: every resource Running
// and healthy, a run started over HTTP completes, and one trace spans generator, detector and rootcause. Saves
// docs/images/dashboard-resources.png and docs/images/dashboard-trace.png.
//
//   cd tools/dashboard-check && npm install && node check.mjs
//
// Settings (environment): DASHBOARD_URL (http://localhost:15080), GENERATOR_URL (http://localhost:5180),
// ROOTCAUSE_URL (http://localhost:5182), CHROMIUM (/usr/bin/chromium), RUN_RECORDS (20000), SCREENSHOT_DIR (docs/images).
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dashboard = process.env.DASHBOARD_URL ?? "http://localhost:15080";
const generator = process.env.GENERATOR_URL ?? "http://localhost:5180";
const rootCause = process.env.ROOTCAUSE_URL ?? "http://localhost:5182";
const records = Number(process.env.RUN_RECORDS ?? 20000);
const images = process.env.SCREENSHOT_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "images");
const services = ["generator", "detector", "rootcause"];
const resources = ["sqs-emulator", ...services];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(1000);
  }
}

async function startRun() {
  const response = await fetch(`${generator}/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ records, seed: 7 }),
  });
  if (response.status !== 202) throw new Error(`POST /runs answered ${response.status}: ${await response.text()}`);
  const accepted = await response.json();
  return accepted.run_id ?? accepted.runId;
}

async function finishedRun(runId) {
  const response = await fetch(`${rootCause}/runs/${runId}`);
  if (response.status === 404) return undefined;
  const run = await response.json();
  if (run.status === "failed") throw new Error(`Run ${runId} failed: ${run.error}`);
  return run.status === "completed" ? run : undefined;
}

/** From the dashboard's telemetry API (OTLP JSON): the trace of the run (a span tagged with its id) that every service joined. */
async function traceAcrossServices(runId) {
  const response = await fetch(`${dashboard}/api/telemetry/traces`);
  const { data } = await response.json();
  const traces = new Map();
  for (const resourceSpans of data.resourceSpans) {
    const name = resourceSpans.resource?.attributes?.find((a) => a.key === "service.name")?.value?.stringValue;
    for (const scope of resourceSpans.scopeSpans) {
      for (const span of scope.spans) {
        if (!traces.has(span.traceId)) traces.set(span.traceId, { services: new Set(), ofRun: false });
        const trace = traces.get(span.traceId);
        trace.services.add(name);
        trace.ofRun ||= span.attributes?.some((a) => a.key === "anomaly.run_id" && a.value?.stringValue === runId) ?? false;
      }
    }
  }
  return [...traces].find(([, t]) => t.ofRun && services.every((s) => t.services.has(s)))?.[0];
}

const userDataDir = mkdtempSync(join(tmpdir(), "dashboard-check-"));
// A fresh profile each time (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1600, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  mkdirSync(images, { recursive: true });

  // Resources: every resource (each replica a row) Running, and no health check failing.
  await page.goto(dashboard, { waitUntil: "networkidle" });
  // The page is a live Blazor circuit; one that broke off (the dashboard logs "Unhandled exception in circuit") stops
  // updating, so a page that has not shown every resource healthy for half a minute is loaded afresh.
  let loaded = Date.now();
  await waitFor("every resource Running and healthy on the resources page", async () => {
    if (Date.now() - loaded > 30_000) {
      await page.reload({ waitUntil: "networkidle" });
      loaded = Date.now();
    }

    const text = await page.locator("body").innerText();
    const running = resources.every((r) => new RegExp(`${r}[\\s\\S]*?Running`).test(text));
    return running && !/Unhealthy|Starting|Waiting|Not started/.test(text);
  }, 180_000);
  await page.screenshot({ path: join(images, "dashboard-resources.png") });
  console.log(`resources: all Running and healthy -> ${join(images, "dashboard-resources.png")}`);

  const runId = await startRun();
  const started = Date.now();
  const run = await waitFor(`run ${runId} to complete`, () => finishedRun(runId), 240_000);
  console.log(`run ${runId}: completed in ${((Date.now() - started) / 1000).toFixed(1)} s, ${run.anomaly_count} anomalies`);

  const traceId = await waitFor(`a trace of run ${runId} spanning ${services.join(", ")}`, () => traceAcrossServices(runId), 60_000);
  await page.goto(`${dashboard}/traces/detail/${traceId}`, { waitUntil: "networkidle" });
  await waitFor("the trace detail page to list the services", async () => {
    const text = await page.locator("body").innerText();
    return services.every((s) => text.includes(s));
  }, 30_000);
  await page.screenshot({ path: join(images, "dashboard-trace.png") });
  console.log(`trace ${traceId}: spans from ${services.join(", ")} -> ${join(images, "dashboard-trace.png")}`);
} finally {
  await browser.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
