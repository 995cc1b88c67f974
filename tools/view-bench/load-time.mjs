// Load time and frame time of a `sim view` page in headless Chromium, over the DevTools protocol
// (no dependencies: Node 20's --experimental-websocket). Usage:
//   node --experimental-websocket tools/view-bench/load-time.mjs PAGE.html [runs]
// Prints, per run, the page's own load time (navigation start to its first drawn frame, from
// performance.now()) and the mean time to draw a frame at 20 times spread over the run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const page = resolve(process.argv[2] ?? '');
const runs = Number(process.argv[3] ?? 3);
const port = 9300 + Math.floor(Math.random() * 500);
const profile = mkdtempSync(join(tmpdir(), 'view-bench-'));
const chrome = spawn(process.env.CHROMIUM ?? 'chromium', ['--headless=new', '--disable-gpu', '--no-sandbox', `--user-data-dir=${profile}`,
  `--remote-debugging-port=${port}`, '--window-size=1280,1400', 'about:blank'], { stdio: 'ignore' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function target() {
  for (let i = 0; i < 200; i++) {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
      const t = list.find((x) => x.type === 'page');
      if (t) return t.webSocketDebuggerUrl;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error('chromium did not open its debugging port');
}

const ws = new WebSocket(await target());
await new Promise((r) => ws.addEventListener('open', r, { once: true }));
let next = 1;
const pending = new Map();
ws.addEventListener('message', (e) => {
  const m = JSON.parse(e.data);
  if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
});
const send = (method, params = {}) => new Promise((r) => { const id = next++; pending.set(id, r); ws.send(JSON.stringify({ id, method, params })); });
const evaluate = async (expression) => (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })).result.result.value;

try {
  for (let run = 0; run < runs; run++) {
    await send('Page.navigate', { url: 'about:blank' });
    await sleep(200);
    await send('Page.navigate', { url: pathToFileURL(page).href });
    let state = null;
    for (let i = 0; i < 1200 && state !== 'ok' && state !== 'error'; i++) {
      await sleep(50);
      state = await evaluate("document.body && document.body.dataset.rendered || ''");
    }
    if (state !== 'ok') throw new Error(`the page did not render (${state}): ${await evaluate('document.body.dataset.error || ""')}`);
    const load = Number(await evaluate('document.body.dataset.loadMs'));
    const frame = await evaluate(`(() => { const d = window.simView.duration, t0 = performance.now();
      for (let i = 0; i < 20; i++) window.simView.setTime(d * i / 19);
      return (performance.now() - t0) / 20; })()`);
    const info = await evaluate("JSON.stringify({entities: document.body.dataset.entities, frames: document.body.dataset.frames, steps: document.body.dataset.steps})");
    console.log(`run ${run + 1}: load ${load} ms, frame ${frame.toFixed(1)} ms (${info})`);
  }
} finally {
  ws.close();
  chrome.kill();
  await sleep(300);
  rmSync(profile, { recursive: true, force: true });
}
