// The pages of this issue at a phone's 390 x 844 and a desktop's 1366 x 768,
// in Bahasa Indonesia and English: a screenshot of each under
// e2e/screenshots/, axe finds no serious or critical violation, nothing
// scrolls sideways, and buttons are at least 44 px tall.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiCall,
  axe,
  keepShotOnFailure,
  newContext,
  shot,
  signIn,
  start,
  token,
  setLanguage,
} from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const sizes = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1366, height: 768 } },
];

async function check(page, label) {
  let t0 = Date.now();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(200);
  const t1 = Date.now();
  await shot(page, label);
  const t2 = Date.now();
  await axe(page, label);
  if (process.env.E2E_TIMING) console.log(label, 'idle', t1 - t0, 'shot', t2 - t1, 'axe', Date.now() - t2);
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${label}: scrolls sideways (${scroll} > ${width})`);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, [role=spinbutton], [role=tab]')]
      .filter((e) => e.offsetParent !== null && !e.closest('[aria-hidden=true]'))
      .map((e) => ({
        h: e.getBoundingClientRect().height,
        t: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40),
      }))
      .filter((b) => b.h > 0 && b.h < 44),
  );
  assert.deepEqual(small, [], `${label}: touch targets under 44 px`);
}

for (const size of sizes) {
  for (const lang of ['id', 'en']) {
    test(`pages at ${size.name} in ${lang}`, async () => {
      const ctx = await newContext(env, {
        viewport: size.viewport,
        isMobile: size.isMobile,
        hasTouch: size.hasTouch,
      });
      const page = await ctx.newPage();
      const at = (name) => `${name}-${size.name}-${lang}`;
      await keepShotOnFailure(page, at('screens'), async () => {
        await page.goto(`${env.base}/masuk`);
        await setLanguage(page, lang);
        await check(page, at('signin'));
        await page.goto(`${env.base}/daftar`);
        await check(page, at('register'));
        await page.goto(`${env.base}/tidak-ada`);
        await check(page, at('notfound'));

        // The participant of RSUD Kajen: one entry returned with the organizers' reason, one eligible.
        await signIn(page, env.base, 'peserta2@juri.local', lang);
        await page.getByTestId('entry-card').first().waitFor();
        await check(page, at('participant-list'));
        const returned = page.getByTestId('entry-card').filter({ hasText: 'Rekam Medis' });
        await returned.getByRole('link').click();
        await page.getByTestId('returned-reason').waitFor();
        await check(page, at('participant-returned'));
        await page
          .getByRole('button', { name: lang === 'id' ? 'Keluar' : 'Sign out' })
          .first()
          .click({ trial: true })
          .catch(() => undefined);
        await page.evaluate(() => localStorage.removeItem('juri.session'));

        // A judge with a draft scorecard: the list and the scoring page.
        await signIn(page, env.base, 'juri2@juri.local', lang);
        await page.getByTestId('assignment').first().waitFor();
        await check(page, at('judge-list'));
        const draft = page
          .getByTestId('assignment')
          .filter({ has: page.locator('[data-status=draft]') })
          .first();
        await ((await draft.count()) ? draft : page.getByTestId('assignment').first())
          .getByRole('link')
          .click();
        await page
          .locator('[data-testid=pdf-viewer] canvas[data-rendered=true]')
          .first()
          .waitFor({ timeout: 20000 });
        await check(page, at('judge-scoring'));
        assert.deepEqual(ctx.errors, []);
      });
      await ctx.close();
    });
  }
}

test('the session ends quietly: an expired refresh sends the user to sign in and back', async () => {
  const ctx = await newContext(env);
  const page = await ctx.newPage();
  await keepShotOnFailure(page, 'session-expired', async () => {
    await signIn(page, env.base, 'juri3@juri.local');
    await page.getByTestId('assignment').first().waitFor();
    const target = await page.getByTestId('assignment').first().getByRole('link').getAttribute('href');
    // Spend the refresh token behind the page's back, and spoil the access token:
    // the next call gets a 401, the refresh is refused (reuse), the session is over.
    const tokens = JSON.parse(await page.evaluate(() => localStorage.getItem('juri.session')));
    const spent = await apiCall(env.base, 'POST', '/auth/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    assert.equal(spent.status, 200);
    await page.evaluate(
      (t) => localStorage.setItem('juri.session', JSON.stringify({ ...t, access_token: 'x.y.z' })),
      tokens,
    );
    await page.goto(`${env.base}${target}`);
    await page.waitForURL(/\/masuk\?next=/);
    await page.getByText('Sesi Anda telah berakhir').waitFor();
    await shot(page, 'session-expired-desktop-id');
    await page.getByLabel('Alamat email').fill('juri3@juri.local');
    await page.getByLabel(/^Kata sandi/).fill('demo-juri-2020');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(`**${target}`);
    await page.getByTestId('score-value').first().waitFor();
  });
  await ctx.close();
});

test('a quiet refresh: an expired access token is renewed and the call retried', async () => {
  const ctx = await newContext(env);
  const page = await ctx.newPage();
  await signIn(page, env.base, 'juri4@juri.local');
  await page.getByTestId('assignment').first().waitFor();
  const tokens = JSON.parse(await page.evaluate(() => localStorage.getItem('juri.session')));
  await page.evaluate(
    (t) => localStorage.setItem('juri.session', JSON.stringify({ ...t, access_token: 'x.y.z' })),
    tokens,
  );
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/auth/refresh') && r.status() === 200);
  await page.reload();
  await refreshed;
  await page.getByTestId('assignment').first().waitFor();
  const after = JSON.parse(await page.evaluate(() => localStorage.getItem('juri.session')));
  assert.notEqual(after.refresh_token, tokens.refresh_token);
  const me = await apiCall(env.base, 'GET', '/me', { token: after.access_token });
  assert.equal(me.body.email, 'juri4@juri.local');
  assert.ok(await token(env.base, 'juri4@juri.local'));
  await ctx.close();
});
