// What every browser test shares: a real `juri` (JURI_BIN, built by `make
// test-web`) with the demo on a fresh data dir and a free port, Debian's
// Chromium driven by playwright-core with a fresh profile, API helpers for
// seeding, screenshots under e2e/screenshots/ and axe checks.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = join(here, 'screenshots');
export const password = 'demo-juri-2020';

/** A small phone (360 x 740, touch): the size every page must fit without sideways scrolling. */
export const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitReady(url, ms, log) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`juri did not become ready at ${url}:\n${log()}`);
}

/** Starts juri with the demo and Chromium; stop() ends both and removes the data. */
export async function start({ env = {} } = {}) {
  const bin = process.env.JURI_BIN;
  const browserPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  assert.ok(bin, 'set JURI_BIN to a built juri binary (make test-web does)');
  assert.ok(
    existsSync(browserPath),
    `no browser at ${browserPath}: apt-get install -y chromium (.ci/run does)`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'juri-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const juri = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      JURI_ADDR: `127.0.0.1:${port}`,
      JURI_DATA_DIR: dataDir,
      JURI_DEMO: '1',
      JURI_WEB_DIR: join(here, '..', 'dist'),
      JURI_ENV: 'test',
      // info: without a mail server juri logs each mail, links included.
      JURI_LOG_LEVEL: 'info',
      ...env,
    },
  });
  juri.stdout.on('data', (d) => (log += d));
  juri.stderr.on('data', (d) => (log += d));
  await waitReady(`${base}/readyz`, 60000, () => log);
  // launch() gives Chromium a fresh temporary --user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    base,
    browser,
    log: () => log,
    /** Waits for the server's log to show pattern (e.g. a mailed link) and answers the match. */
    async waitForLog(pattern, ms = 20000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const m = log.match(pattern);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the log never showed ${pattern}`);
    },
    async stop() {
      await browser.close().catch(() => undefined);
      juri.kill('SIGTERM');
      await new Promise((r) => (juri.exitCode !== null ? r() : juri.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new browser context (its own storage) that fails the test on page errors. */
export async function newContext(env, options = {}) {
  const ctx = await env.browser.newContext({ viewport: { width: 1366, height: 768 }, ...options });
  ctx.errors = [];
  ctx.on('page', (p) => watch(p, ctx.errors));
  return ctx;
}

export function watch(page, errors) {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused request logs as a console error; tests that provoke one expect it.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
      errors.push(`console: ${m.text()}`);
  });
}

/** Calls the API directly (for seeding and for checking what the server holds). */
export async function apiCall(base, method, path, { token, body } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function token(base, email) {
  const r = await apiCall(base, 'POST', '/auth/login', { body: { email, password } });
  assert.equal(r.status, 200, `sign-in of ${email}: ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/** Signs in through the page. */
export async function signIn(page, base, email, lang = 'id') {
  await page.goto(`${base}/masuk`);
  await setLanguage(page, lang);
  await page.getByLabel(lang === 'id' ? 'Alamat email' : 'E-mail address').fill(email);
  await page.getByLabel(lang === 'id' ? /^Kata sandi/ : /^Password/).fill(password);
  await page.getByRole('button', { name: lang === 'id' ? 'Masuk' : 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/masuk'));
}

export async function setLanguage(page, lang) {
  await page.evaluate((l) => localStorage.setItem('juri.lang', l), lang);
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== lang) await page.reload();
}

/**
 * A screenshot under e2e/screenshots/<name>.png: the full page, or only the
 * viewport for an open dialog (a full-page shot misplaces fixed elements).
 */
export async function shot(page, name, { fullPage = true } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

/** Fails on any serious or critical axe violation, naming each. */
export async function axe(page, what) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
    [],
    `axe on ${what}`,
  );
}

/** The smallest valid one-page PDF, made here so the test needs no fixture file. */
export function tinyPdf(text = 'Proposal uji', padding = 0) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 24 Tf 72 760 Td (${text}) Tj ET`;
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  // Padding goes in comment lines after the header, so the file stays valid.
  let out = `%PDF-1.4\n${`%${'x'.repeat(79)}\n`.repeat(Math.ceil(padding / 81))}`;
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Runs fn(page); on failure keeps a screenshot of the page as it was (screenshots/FAILED-<name>.png). */
export async function keepShotOnFailure(page, name, fn) {
  try {
    await fn();
  } catch (e) {
    await shot(page, `FAILED-${name}`).catch(() => undefined);
    throw e;
  }
}
