// Drives the console page in headless Chromium over the DevTools protocol (a pipe, no port), as
// a person would: waits for the page to draw itself, reads what it shows, clicks one plugin's
// Reload button, reads the page again, and takes a screenshot. Prints one JSON object on stdout;
// the Java test (ConsoleBrowserTest) judges it.
//
//   node console-check.mjs CHROMIUM PAGE_URL RELOAD_REF SCREENSHOT_PNG
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [chromium, pageUrl, reloadRef, screenshot] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'console-chromium-'));
const browser = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-extensions', '--disable-background-networking', '--remote-debugging-pipe',
  `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
browser.stderr.on('data', d => { stderr += d; });

let nextId = 1;
const waiting = new Map();
let buffer = '';
browser.stdio[4].on('data', chunk => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    const w = msg.id !== undefined && waiting.get(msg.id);
    if (w) {
      waiting.delete(msg.id);
      msg.error ? w.reject(new Error(JSON.stringify(msg.error))) : w.resolve(msg.result);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  browser.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
let session;
async function evaluate(expression) {
  const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, session);
  if (r.exceptionDetails) throw new Error('page script failed: ' + JSON.stringify(r.exceptionDetails));
  return r.result.value;
}
async function waitFor(expression, what, ms = 30000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await evaluate(expression)) return;
    await sleep(100);
  }
  throw new Error('timed out waiting for ' + what);
}
const look = `({title: document.title,
  text: document.body.innerText,
  plugins: [...document.querySelectorAll('#plugins tbody tr td:first-child')].map(td => td.textContent),
  buttons: [...document.querySelectorAll('#plugins button')].map(b => b.getAttribute('data-ref')),
  injected: document.querySelectorAll('main script, main img:not(#graph), main iframe').length,
  graphLoaded: document.getElementById('graph').complete && document.getElementById('graph').naturalWidth > 0,
  message: document.getElementById('message').textContent,
  status: document.getElementById('status').textContent})`;

const timer = setTimeout(() => { console.error('console-check: gave up after 90 s'); browser.kill('SIGKILL'); process.exit(3); }, 90000);
try {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  ({ sessionId: session } = await send('Target.attachToTarget', { targetId, flatten: true }));
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 1500, deviceScaleFactor: 1, mobile: false }, session);
  await send('Page.enable', {}, session);
  await send('Page.navigate', { url: pageUrl }, session);
  await waitFor(`document.querySelectorAll('#plugins button').length > 0 && document.getElementById('graph').complete`, 'the plugins');
  const before = await evaluate(look);
  await evaluate(`document.querySelector('#plugins button[data-ref="${reloadRef}"]').click()`);
  await waitFor(`/reloaded|failed/.test(document.getElementById('message').textContent)`, 'the reload');
  await waitFor(`!document.querySelector('#plugins button[disabled]')`, 'the refresh after the reload');
  await sleep(300);
  const after = await evaluate(look);
  const shot = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, session);
  fs.writeFileSync(screenshot, Buffer.from(shot.data, 'base64'));
  console.log(JSON.stringify({ before, after }));
  await send('Browser.close').catch(() => {});
  await Promise.race([new Promise(r => browser.once('exit', r)), sleep(5000)]);
  browser.kill('SIGKILL');
} catch (e) {
  console.error('console-check: ' + e.message + '\n' + stderr.slice(-2000));
  process.exitCode = 1;
  browser.kill('SIGKILL');
} finally {
  clearTimeout(timer);
  fs.rmSync(profile, { recursive: true, force: true });
}
