// End-to-end test of the web app slot: the real juri binary with the demo,
// the built web app, and Debian's Chromium driven by playwright-core.
//   JURI_BIN=/path/to/juri node --test e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.JURI_BIN;
const browserPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
let juri, browser, base, dataDir, log = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitReady(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`juri did not become ready at ${url}:\n${log}`);
}

before(async () => {
  assert.ok(bin, 'set JURI_BIN to a built juri binary (make test-web does)');
  assert.ok(existsSync(browserPath), `no browser at ${browserPath}: apt-get install -y chromium (.ci/run does)`);
  dataDir = mkdtempSync(join(tmpdir(), 'juri-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  juri = spawn(bin, ['serve'], {
    env: { ...process.env, JURI_ADDR: `127.0.0.1:${port}`, JURI_DATA_DIR: dataDir, JURI_DEMO: '1',
      JURI_WEB_DIR: join(here, '..', 'dist'), JURI_ENV: 'test' },
  });
  juri.stdout.on('data', (d) => { log += d; });
  juri.stderr.on('data', (d) => { log += d; });
  await waitReady(`${base}/readyz`, 30000);
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (juri) {
    juri.kill('SIGTERM');
    await new Promise((r) => juri.once('exit', r));
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the placeholder page says what Juri is and shows the live state', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + '/');
  assert.equal(await page.locator('h1').textContent(), 'Juri');
  await page.locator('#opd', { hasText: '72 OPD' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('#ready').textContent(), /siap/);
  const href = await page.locator('a[href="/api/openapi.yaml"]').getAttribute('href');
  assert.equal(href, '/api/openapi.yaml');
  const spec = await page.request.get(base + href);
  assert.equal(spec.status(), 200);
  assert.match(await spec.text(), /^openapi: 3\.1\.0/);
  mkdirSync(join(here, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(here, 'artifacts', 'placeholder.png'), fullPage: true });
  assert.deepEqual(errors, [], 'the page logged errors (a CSP violation would show here)');
});

test('client-side routes fall back to the web app, API paths do not', async () => {
  const page = await browser.newPage();
  const res = await page.goto(base + '/kompetisi/1/peringkat');
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').textContent(), 'Juri');
  const api = await page.request.get(base + '/api/v1/no-such-endpoint');
  assert.equal(api.status(), 404);
  assert.equal((await api.json()).error.code, 'not_found');
});
