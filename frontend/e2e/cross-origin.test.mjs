// The web app served from another origin than the API: dist/ from a plain
// static server with <meta name="juri-api-base"> pointing at juri, and the
// page's origin in JURI_CORS_ORIGINS. Sign-in, the session and the lists
// work across origins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, newContext, signIn, start } from './harness.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const types = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.html': 'text/html',
};
let env, web, webBase;

before(async () => {
  const port = await freePort();
  webBase = `http://127.0.0.1:${port}`;
  env = await start({ env: { JURI_CORS_ORIGINS: webBase, JURI_WEB_DIR: '/nonexistent' } });
  const index = readFileSync(join(dist, 'index.html'), 'utf8').replace(
    '<meta name="juri-api-base" content="" />',
    `<meta name="juri-api-base" content="${env.base}" />`,
  );
  assert.ok(index.includes(env.base), 'index.html has the juri-api-base meta tag');
  web = createServer((req, res) => {
    const path = new URL(req.url, webBase).pathname;
    const file = join(dist, path);
    if (path !== '/' && file.startsWith(dist) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(index);
  });
  await new Promise((r) => web.listen(port, '127.0.0.1', r));
});
after(async () => {
  await new Promise((r) => (web ? web.close(r) : r()));
  await env?.stop();
});

test('the app on another origin signs in and loads data through CORS', async () => {
  const ctx = await newContext(env);
  const page = await ctx.newPage();
  const apiCalls = [];
  page.on('request', (r) => r.url().startsWith(`${env.base}/api/`) && apiCalls.push(r.url()));
  await signIn(page, webBase, 'juri1@juri.local');
  await page.waitForURL(`${webBase}/penilaian`);
  await page.getByTestId('assignment').first().waitFor();
  assert.ok(
    apiCalls.some((u) => u.endsWith('/api/v1/me/assignments')),
    'the list came from the API origin',
  );
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
