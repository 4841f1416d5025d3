// An anonymous visitor finds the public pages from the sign-in page, reads a
// competition and its published results, checks the digest in the browser
// (a match, and a mismatch when the API's answer is altered on the way),
// files an objection (and meets the rate-limit message), sees the
// organizers' answer, and follows the versions after a republication.
// Screenshots at phone and desktop size and on paper; axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiCall,
  axe,
  keepShotOnFailure,
  newContext,
  phone,
  setLanguage,
  shot,
  start,
  token,
} from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const desktop = { viewport: { width: 1280, height: 800 } };

async function noHorizontalScroll(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 1, `${what} scrolls sideways by ${over}px`);
}

test('public: competition page, results, digest, objection, answer, versions', async () => {
  const org = await token(env.base, 'panitia@juri.local');
  const comps = await apiCall(env.base, 'GET', '/competitions', { token: org });
  const comp = comps.body.items[0];
  const rounds = await apiCall(env.base, 'GET', `/competitions/${comp.id}/rounds`, { token: org });
  const desk = rounds.body.items.find((r) => r.kind === 'scoring');
  const pub = await apiCall(env.base, 'POST', `/rounds/${desk.id}/publish`, {
    token: org,
    body: {
      title: 'Hasil Penilaian Proposal',
      note: 'Sepuluh besar maju ke tahap presentasi.',
      objection_days: 5,
    },
  });
  assert.equal(pub.status, 201, JSON.stringify(pub.body));
  const p1 = pub.body.id;
  const published = await apiCall(env.base, 'GET', `/public/publications/${p1}`);
  const first = published.body.entries[0];
  assert.ok(first.criteria?.length > 0, 'the published rows carry criterion means');

  const ctx = await newContext(env, desktop);
  const page = await ctx.newPage();
  await keepShotOnFailure(page, 'public', async () => {
    // From the sign-in page to the list of competitions, without an account.
    await page.goto(`${env.base}/masuk`);
    await setLanguage(page, 'id');
    await page.getByTestId('public-link').click();
    await page.waitForURL('**/kompetisi');
    await page.getByTestId('competition-card').first().waitFor();
    assert.match(await page.getByTestId('competition-card').first().innerText(), new RegExp(comp.name));
    await shot(page, 'public-competitions-desktop-id');
    await axe(page, 'the public competitions');

    // The competition page.
    await page.getByRole('link', { name: comp.name }).first().click();
    await page.waitForURL(`**/kompetisi/${comp.id}`);
    await page.getByTestId('competition-page').waitFor();
    const takePart = await page.getByTestId('take-part').innerText();
    assert.match(takePart, /Cara ikut serta/);
    assert.ok((await page.getByTestId('rounds').innerText()).includes(desk.name));
    assert.ok((await page.getByTestId('competition-publication').count()) >= 2);
    await shot(page, 'public-competition-desktop-id');
    await axe(page, 'the competition page');

    // The results page, from the round's timeline.
    await page.getByRole('link', { name: /Lihat hasil: Hasil Penilaian Proposal/ }).click();
    await page.waitForURL(`**/hasil/${p1}`);
    await page.getByTestId('results-table').waitFor();
    const rows = await page.getByTestId('results-row').count();
    assert.equal(rows, published.body.entries.length);
    const firstRow = await page.getByTestId('results-row').first().innerText();
    assert.ok(firstRow.includes(first.title), firstRow);
    // Per-criterion means as published (two decimals, Indonesian comma), never a judge's values.
    const means = await page.getByTestId('results-row').first().getByTestId('criterion-mean').allInnerTexts();
    assert.deepEqual(
      means,
      first.criteria.map((c) =>
        new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(c.mean),
      ),
    );
    assert.match(await page.getByTestId('published-at').innerText(), /versi 1/);
    assert.equal(await page.getByTestId('published-digest').innerText(), pub.body.digest);

    // The digest, recomputed in the browser: a match.
    await page.getByTestId('check-digest').click();
    const result = page.getByTestId('digest-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-match'), 'yes');
    assert.equal(await page.getByTestId('computed-digest').innerText(), pub.body.digest);
    assert.match(await result.innerText(), /Cocok/);
    await shot(page, 'public-results-desktop-id');
    await axe(page, 'the results page');

    // On paper: no navigation, the table on A4.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    assert.equal(await page.locator('.mantine-AppShell-header').isVisible(), false, 'the header prints');
    assert.equal(await page.getByTestId('check-digest').isVisible(), false, 'the check button prints');
    const tableWidth = await page.getByTestId('results-table').evaluate((el) => el.scrollWidth);
    assert.ok(tableWidth <= 794, `the printed table is ${tableWidth}px wide`);
    await shot(page, 'public-results-print-id');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(desktop.viewport);
  });

  // The same page, with one mean altered on the way from the server: the check says so.
  const tampered = await ctx.newPage();
  await keepShotOnFailure(tampered, 'public-tampered', async () => {
    await tampered.route(`**/api/v1/public/publications/${p1}`, async (route) => {
      const res = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
      const body = await res.json();
      body.entries[0].criteria[0].mean += 0.5;
      await route.fulfill({ response: res, json: body });
    });
    await tampered.goto(`${env.base}/hasil/${p1}`);
    await tampered.getByTestId('check-digest').click();
    const r = tampered.getByTestId('digest-result');
    await r.waitFor();
    assert.equal(await r.getAttribute('data-match'), 'no');
    assert.match(await r.innerText(), /Tidak cocok/);
    assert.notEqual(await tampered.getByTestId('computed-digest').innerText(), pub.body.digest);
    await shot(tampered, 'public-results-mismatch-desktop-id');
    await tampered.close();
  });

  // An objection, through the form.
  await keepShotOnFailure(page, 'public-objection', async () => {
    const fill = async (text) => {
      await page.getByTestId('objection-entry').click();
      await page.getByRole('option', { name: new RegExp(`^1\\. `) }).click();
      await page.getByLabel(/^Nama Anda/).fill('Budi Santoso');
      await page.getByLabel(/^Email/).fill('budi@example.com');
      await page.getByLabel(/^Isi sanggahan/).fill(text);
      await page.getByRole('button', { name: 'Kirim sanggahan' }).click();
    };
    // Refused in the browser first: nothing filled in.
    await page.getByRole('button', { name: 'Kirim sanggahan' }).click();
    await page.getByText('Pilih inovasi yang disanggah').waitFor();
    await fill('Nilai signifikansi tidak sesuai data waktu tunggu sebelum dan sesudah inovasi.');
    const receipt = page.getByTestId('objection-receipt');
    await receipt.waitFor();
    assert.match(await receipt.innerText(), /sudah diterima/);
    await axe(page, 'the objection form after sending');

    // The per-address limit (bursts of 3, then 2 a minute): send from this
    // address until the server refuses, then the form says how long to wait.
    let refused = false;
    for (let i = 0; i < 6 && !refused; i++) {
      const r = await apiCall(env.base, 'POST', `/public/publications/${p1}/objections`, {
        body: { entry_id: first.entry_id, name: 'Warga', email: 'warga@example.com', text: `Sanggahan ${i}` },
      });
      refused = r.status === 429;
    }
    assert.ok(refused, 'the API never answered 429');
    await fill('Sanggahan lagi dalam menit yang sama.');
    const err = page.getByTestId('objection-error');
    await err.waitFor();
    assert.match(await err.innerText(), /Coba lagi dalam \d+ menit/);
    await shot(page, 'public-objection-limit-desktop-id');
  });

  // The organizers answer; the answer shows publicly.
  const list = await apiCall(env.base, 'GET', `/competitions/${comp.id}/objections`, { token: org });
  const mine = list.body.items.find((o) => o.name === 'Budi Santoso');
  assert.ok(mine, JSON.stringify(list.body));
  const answer = 'Data waktu tunggu sudah diverifikasi juri pada lampiran 3; nilai tetap.';
  const patched = await apiCall(env.base, 'PATCH', `/objections/${mine.id}`, {
    token: org,
    body: { status: 'rejected', response: answer },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  await page.reload();
  await page.getByTestId('answered-objection').first().waitFor();
  assert.equal(await page.getByTestId('objection-response').first().innerText(), answer);
  assert.match(await page.getByTestId('answered-objection').first().innerText(), /Ditolak/);

  // A republication without an objection window: version 2, and version 1 points to it.
  const again = await apiCall(env.base, 'POST', `/rounds/${desk.id}/publish`, {
    token: org,
    body: { title: 'Hasil Penilaian Proposal (ralat)', objection_days: 0 },
  });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  const p2 = again.body.id;
  await page.reload();
  await page.getByTestId('superseded').waitFor();
  assert.equal(await page.getByTestId('versions').locator('li').count(), 2);
  await shot(page, 'public-results-superseded-desktop-id');
  await page.getByTestId('superseded').getByRole('link').click();
  await page.waitForURL(`**/hasil/${p2}`);
  await page.getByTestId('objection-closed').waitFor();
  assert.match(await page.getByTestId('objection-closed').innerText(), /tidak membuka masa sanggah/);
  assert.match(await page.getByTestId('published-at').innerText(), /versi 2/);
  await page
    .getByTestId('versions')
    .getByRole('link', { name: /Versi 1/ })
    .waitFor();
  await axe(page, 'a second version');
  // Addresses that name nothing say so, whatever the id looks like (0 once
  // showed a bare error instead).
  for (const path of [
    '/hasil/0',
    '/hasil/-3',
    '/hasil/abc',
    '/hasil/999999',
    '/kompetisi/0',
    '/kompetisi/999999',
  ]) {
    await page.goto(`${env.base}${path}`);
    await page.getByText('Halaman tidak ditemukan').waitFor();
    await page.getByRole('link', { name: 'Lihat semua kompetisi' }).waitFor();
  }
  assert.deepEqual(ctx.errors, []);
  await ctx.close();

  // Phones: every page, no sideways scrolling; English as well.
  const pctx = await newContext(env, phone);
  const pp = await pctx.newPage();
  await keepShotOnFailure(pp, 'public-phone', async () => {
    await pp.goto(`${env.base}/kompetisi`);
    await setLanguage(pp, 'id');
    await pp.getByTestId('competition-card').first().waitFor();
    await noHorizontalScroll(pp, 'the competitions on a phone');
    await shot(pp, 'public-competitions-phone-id');
    await pp.goto(`${env.base}/kompetisi/${comp.id}`);
    await pp.getByTestId('competition-page').waitFor();
    await noHorizontalScroll(pp, 'the competition page on a phone');
    await shot(pp, 'public-competition-phone-id');
    await axe(pp, 'the competition page on a phone');
    await pp.goto(`${env.base}/hasil/${p1}`);
    await pp.getByTestId('results-card').first().waitFor();
    assert.equal(await pp.getByTestId('results-table').isVisible(), false, 'phones get cards, not the table');
    await pp.getByTestId('check-digest').click();
    await pp.getByTestId('digest-result').waitFor();
    await noHorizontalScroll(pp, 'the results page on a phone');
    await shot(pp, 'public-results-phone-id');
    await axe(pp, 'the results page on a phone');
    await setLanguage(pp, 'en');
    await pp.getByText('Check it in your browser').waitFor();
    await shot(pp, 'public-results-phone-en');
  });
  assert.deepEqual(pctx.errors, []);
  await pctx.close();
});
