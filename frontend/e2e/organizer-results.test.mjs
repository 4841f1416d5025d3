// The organizer's results: the judges finish the demo's desk round through
// the API; the organizer reads the ranking with and without normalization,
// previews and advances the top entries, publishes after the confirmation,
// downloads the Berita Acara (a PDF holding the digest), answers an objection
// filed through the public API, and reads the audit log with its check. Every
// page is taken at a phone's 360 x 740 and a desktop's 1280 x 800, checked
// with axe, and must not scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import {
  apiCall,
  axe,
  keepShotOnFailure,
  newContext,
  phone,
  shot,
  signIn,
  start,
  token,
} from './harness.mjs';

let env;
let comp;
let desk;
let presentation;
before(async () => {
  env = await start();
  const org = await token(env.base, 'panitia@juri.local');
  comp = (await apiCall(env.base, 'GET', '/competitions', { token: org })).body.items[0];
  const rounds = (await apiCall(env.base, 'GET', `/competitions/${comp.id}/rounds`, { token: org })).body
    .items;
  desk = rounds.find((r) => r.position === 2);
  presentation = rounds.find((r) => r.position === 3);
  await finishScoring();
});
after(async () => {
  await env?.stop();
});

// Every judge submits every scorecard of the desk round still open, each
// judge with their own habit (juri1 lenient, juri5 strict), so normalizing
// changes something.
async function finishScoring() {
  for (let j = 1; j <= 5; j++) {
    const tok = await token(env.base, `juri${j}@juri.local`);
    const mine = await apiCall(env.base, 'GET', `/me/assignments?round_id=${desk.id}`, { token: tok });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const criteria = (await apiCall(env.base, 'GET', `/rounds/${desk.id}/criteria`, { token: tok })).body
      .items;
    for (const [k, a] of mine.body.items.entries()) {
      if (a.status === 'submitted') continue;
      const card = (await apiCall(env.base, 'GET', `/assignments/${a.id}/scorecard`, { token: tok })).body;
      const level = Math.min(1, Math.max(0.3, 0.95 - j * 0.08 - (k % 4) * 0.07));
      const scores = criteria.map((c) => ({
        criterion_id: c.id,
        value: Math.round(c.max_score * level * 2) / 2,
        comment: '',
      }));
      const put = await apiCall(env.base, 'PUT', `/assignments/${a.id}/scorecard`, {
        token: tok,
        body: { version: card.version, scores, comment: 'Dinilai lewat API untuk uji peramban.' },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const sub = await apiCall(env.base, 'POST', `/assignments/${a.id}/scorecard/submit`, { token: tok });
      assert.equal(sub.status, 200, JSON.stringify(sub.body));
    }
  }
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

async function noSideways(page, label) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${label}: scrolls sideways (${scroll} > ${width})`);
}

async function look(page, label) {
  await settle(page);
  await shot(page, label);
  await axe(page, label);
  await noSideways(page, label);
}

const rowTitles = async (page) =>
  page
    .getByTestId('ranked-entry')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('td:nth-child(2) p')?.textContent));

/** The text of every Flate stream of a PDF, to find what fpdf compressed. */
function pdfText(buf) {
  let out = buf.toString('latin1');
  let at = 0;
  for (;;) {
    const s = buf.indexOf('stream', at, 'latin1');
    if (s < 0) break;
    let start = s + 'stream'.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const e = buf.indexOf('endstream', start, 'latin1');
    if (e < 0) break;
    try {
      out += inflateSync(buf.subarray(start, e)).toString('latin1');
    } catch {
      /* an image or an uncompressed stream */
    }
    at = e + 'endstream'.length;
  }
  return out;
}

test('organizer: ranking, advance, publish, Berita Acara, objection, audit (desktop)', async () => {
  const ctx = await newContext(env, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  const org = await token(env.base, 'panitia@juri.local');
  await keepShotOnFailure(page, 'organizer-results', async () => {
    await signIn(page, env.base, 'panitia@juri.local');
    // Judges have scored the desk round: its rubric says it is locked, and
    // why, before anyone tries to change it.
    await page.goto(`${env.base}/panitia/kompetisi/${comp.id}/tahap`);
    await page.getByRole('button', { name: new RegExp(desk.name) }).click();
    await page
      .getByTestId('rubric-locked')
      .getByText(/Juri sudah mulai menilai/)
      .waitFor();
    assert.ok(await page.getByTestId('rubric-save').isDisabled(), 'a frozen rubric can be saved');
    await page.goto(`${env.base}/panitia/kompetisi/${comp.id}/peringkat`);
    await page.getByTestId('ranked-entry').first().waitFor();
    // Raw: the table is the API's ranking, in its order.
    const raw = (await apiCall(env.base, 'GET', `/rounds/${desk.id}/ranking`, { token: org })).body;
    assert.deepEqual(
      await rowTitles(page),
      raw.entries.map((e) => e.title),
    );
    await page
      .getByTestId('agreement')
      .getByText(/Kesepakatan juri/)
      .waitFor();
    await look(page, 'organizer-ranking-desktop-1280');

    // A flag explains itself on keyboard focus.
    const flag = page.getByRole('button', { name: /^(Beda pendapat|Belum lengkap|Seri):/ }).first();
    if ((await flag.count()) > 0) {
      await flag.focus();
      await page.getByRole('tooltip').waitFor();
      await shot(page, 'organizer-ranking-flag-desktop-1280', { fullPage: false });
    }

    // Normalized: the API's normalized order, and each row says how it moved.
    await page.getByLabel(/normalisasi skor-z/).check();
    const norm = (
      await apiCall(env.base, 'GET', `/rounds/${desk.id}/ranking?normalize=zscore`, { token: org })
    ).body;
    await page
      .getByText(/^(▲ naik|▼ turun|tetap)/)
      .first()
      .waitFor();
    await page.waitForFunction(
      (want) =>
        JSON.stringify(
          [...document.querySelectorAll('[data-testid=ranked-entry]')].map(
            (r) => r.querySelector('td:nth-child(2) p')?.textContent,
          ),
        ) === want,
      JSON.stringify(norm.entries.map((e) => e.title)),
    );
    const moved = norm.entries.filter(
      (e) => raw.entries.find((r) => r.entry_id === e.entry_id).rank !== e.rank,
    );
    assert.ok(moved.length > 0, 'normalizing moved nobody: the seed should make it matter');
    assert.ok((await page.getByText(/^▲ naik \d+/).count()) > 0, 'no row says it moved up');
    await look(page, 'organizer-ranking-normalized-desktop-1280');

    // Sorted by disagreement: largest spread first.
    await page.getByRole('combobox', { name: 'Urutkan' }).click();
    await page.getByRole('option', { name: /Perbedaan pendapat/ }).click();
    const bySpread = [...norm.entries]
      .sort((a, b) => b.stddev - a.stddev || a.rank - b.rank)
      .map((e) => e.title);
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid=ranked-entry] td:nth-child(2) p')?.textContent === want,
      bySpread[0],
    );

    // Advance the top 3 after the preview.
    await page.getByLabel('Jumlah (N)').fill('3');
    await page.getByRole('button', { name: 'Lihat siapa yang lolos' }).click();
    const preview = page.getByTestId('advance-preview');
    await preview.getByText('3 proposal akan lolos').waitFor();
    const previewed = await preview.locator('li').allInnerTexts();
    norm.entries
      .slice(0, 3)
      .forEach((e, i) => assert.ok(previewed[i].startsWith(e.title), `${previewed[i]} / ${e.title}`));
    const before = (await apiCall(env.base, 'GET', `/rounds/${presentation.id}/ranking`, { token: org })).body
      .entries;
    assert.equal(before.length, 0, 'the preview wrote something');
    await preview.getByRole('button', { name: 'Loloskan 3 proposal' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/menjadi Finalis/).waitFor();
    await dialog.getByRole('button', { name: 'Loloskan 3 proposal' }).click();
    await page.getByText(/3 proposal lolos ke/).waitFor();
    const after = (await apiCall(env.base, 'GET', `/rounds/${presentation.id}/ranking`, { token: org })).body
      .entries;
    assert.deepEqual(
      after.map((e) => e.entry_id).sort(),
      norm.entries
        .slice(0, 3)
        .map((e) => e.entry_id)
        .sort(),
    );

    // Publish, after the confirmation that says scores freeze.
    await page.getByRole('textbox', { name: /^Judul pengumuman/ }).fill('Hasil Penilaian Proposal KIPP');
    await page.getByRole('textbox', { name: 'Catatan', exact: true }).fill('Lima besar diundang presentasi.');
    await page.getByRole('button', { name: 'Umumkan hasil…' }).click();
    await page
      .getByRole('dialog')
      .getByText(/membekukan semua nilai/)
      .waitFor();
    await shot(page, 'organizer-publish-confirm-desktop-1280', { fullPage: false });
    await axe(page, 'the publish confirmation');
    await page.getByRole('button', { name: 'Ya, umumkan dan bekukan' }).click();
    const link = page.getByTestId('public-link');
    await link.waitFor();
    const pubId = Number((await link.getAttribute('href')).split('/').pop());
    const pub = (await apiCall(env.base, 'GET', `/public/publications/${pubId}`)).body;
    assert.equal(pub.title, 'Hasil Penilaian Proposal KIPP');
    assert.equal(pub.round.id, desk.id);
    assert.equal(pub.normalize, 'zscore');
    await page.getByText(pub.digest).waitFor();
    await look(page, 'organizer-ranking-published-desktop-1280');

    // The Berita Acara: a PDF with the digest and the public page's address.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh Berita Acara (PDF)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `berita-acara-tahap-${desk.id}.pdf`);
    const pdf = readFileSync(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pdf);
    assert.ok(text.includes(pub.digest), 'the Berita Acara lacks the digest');
    assert.ok(text.includes(`/hasil/${pubId}`), 'the Berita Acara lacks the public address');
    assert.ok(!text.includes('DRAF'), 'a published Berita Acara says DRAF');

    // An objection filed through the public API, answered in the inbox.
    const entry = pub.entries[1];
    const filed = await apiCall(env.base, 'POST', `/public/publications/${pubId}/objections`, {
      body: {
        entry_id: entry.entry_id,
        name: 'Siti Aminah',
        email: 'siti.aminah@example.id',
        text: 'Inovasi ini sudah berjalan di kecamatan lain sejak 2017, jadi bukan inovasi baru.',
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    await page.goto(`${env.base}/panitia/kompetisi/${comp.id}/keberatan`);
    const card = page.getByTestId('objection').filter({ hasText: 'Siti Aminah' });
    await card.waitFor();
    await card.getByText(entry.title).waitFor();
    await look(page, 'organizer-objections-desktop-1280');
    // No decision is suggested: nothing can be sent before one is chosen.
    assert.equal(await card.getByRole('radio', { checked: true }).count(), 0, 'a decision was preselected');
    await card.getByRole('radio', { name: 'Tolak' }).check();
    await card
      .getByLabel(/Jawaban panitia/)
      .fill('Replikasi di kecamatan ini menambah layanan keliling; penilaian tetap.');
    await card.getByRole('button', { name: 'Kirim jawaban' }).click();
    await page.getByText('Tidak ada sanggahan dengan status ini').waitFor();
    await page.getByText(/^Ditolak \(1\)/).click();
    await page.getByTestId('objection').filter({ hasText: 'Siti Aminah' }).getByText('✕ Ditolak').waitFor();
    await look(page, 'organizer-objections-answered-desktop-1280');
    const answered = (await apiCall(env.base, 'GET', `/public/publications/${pubId}`)).body.objections;
    assert.equal(answered.length, 1);
    assert.equal(answered[0].status, 'rejected');
    assert.match(answered[0].response, /penilaian tetap/);

    // The audit log: its check in plain words, the newest actions first.
    await page.goto(`${env.base}/panitia/kompetisi/${comp.id}/audit`);
    await page.getByTestId('audit-verify').getByText('Catatan utuh').waitFor();
    const verify = (await apiCall(env.base, 'GET', `/competitions/${comp.id}/audit/verify`, { token: org }))
      .body;
    assert.equal(verify.valid, true);
    await page.getByText(`Semua ${verify.entries} catatan diperiksa ulang`).waitFor();
    const rows = page.getByTestId('audit-row');
    await rows.first().getByText('Sanggahan dijawab').waitFor();
    // Its details in words: the decision as the clerk chose it, not the API's code.
    const answerRow = await rows.first().innerText();
    assert.match(answerRow, /status: ditolak/);
    assert.doesNotMatch(answerRow, /rejected|[{}"]/);
    assert.ok((await rows.filter({ hasText: 'Hasil diumumkan' }).count()) >= 1);
    assert.equal(await rows.count(), 25);
    await look(page, 'organizer-audit-desktop-1280');
    await page.getByRole('button', { name: 'Halaman berikutnya' }).click();
    await page.getByText(/halaman 2 dari/).waitFor();
    assert.deepEqual(ctx.errors, []);
  });
  await ctx.close();
});

test('organizer results pages on a phone (360 x 740)', async () => {
  const ctx = await newContext(env, phone);
  const page = await ctx.newPage();
  await keepShotOnFailure(page, 'organizer-results-phone', async () => {
    await signIn(page, env.base, 'panitia@juri.local');
    await page.goto(`${env.base}/panitia/kompetisi/${comp.id}/peringkat`);
    await page.getByTestId('ranked-entry').first().waitFor();
    await look(page, 'organizer-ranking-phone-360');
    // A flag explains itself on a tap.
    const flag = page.getByRole('button', { name: /^(Beda pendapat|Belum lengkap|Seri):/ }).first();
    if ((await flag.count()) > 0) {
      await flag.tap();
      await page.getByRole('tooltip').waitFor();
      await shot(page, 'organizer-ranking-flag-phone-360', { fullPage: false });
    }
    await page.goto(`${env.base}/panitia/kompetisi/${comp.id}/keberatan`);
    await page.getByRole('heading', { name: 'Sanggahan', level: 2, exact: true }).waitFor();
    await look(page, 'organizer-objections-phone-360');
    await page.goto(`${env.base}/panitia/kompetisi/${comp.id}/audit`);
    await page.getByTestId('audit-verify').waitFor();
    await look(page, 'organizer-audit-phone-360');
    assert.deepEqual(ctx.errors, []);
  });
  await ctx.close();
});
