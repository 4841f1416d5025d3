// The organizer runs a competition's middle: five OPDs submit through the
// API; in the browser the organizer screens them (one returned with a usual
// reason, the rest eligible at once), moves the eligible ones into the desk
// round, runs the automatic assignment and reads its summary and matrix, is
// refused a conflicted pair and told why; judges score through the API; the
// dashboard moves (funnel, judge progress), a reminder to the judges behind
// is e-mailed (the server's mail log shows it), its date appears and a
// second one is refused. Every page at 360x740 and 1280x800, with axe.
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
  tinyPdf,
  token,
} from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

async function upload(base, tok, entryId, name) {
  const form = new FormData();
  form.append('kind', 'proposal');
  form.append('file', new Blob([tinyPdf(`Proposal ${name}`)], { type: 'application/pdf' }), `${name}.pdf`);
  const res = await fetch(`${base}/api/v1/entries/${entryId}/files`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tok}` },
    body: form,
  });
  assert.equal(res.status, 201, await res.text());
}

async function must(status, p) {
  const r = await p;
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

/** A KIPP competition open for a month, three judges, five submitted entries (the second from DINKES). */
async function seed(base) {
  const org = await token(base, 'panitia@juri.local');
  const now = Date.now();
  const comp = await must(
    201,
    apiCall(base, 'POST', '/competitions', {
      token: org,
      body: {
        name: 'Lomba Inovasi Uji Seleksi 2020',
        year: 2020,
        description: 'Kompetisi uji untuk seleksi dan penugasan.',
        template: 'kipp',
        blind: false,
        submission_opens_at: new Date(now - 86400000).toISOString(),
        submission_closes_at: new Date(now + 30 * 86400000).toISOString(),
      },
    }),
  );
  if (comp.status !== 'open')
    await must(
      200,
      apiCall(base, 'PATCH', `/competitions/${comp.id}`, { token: org, body: { status: 'open' } }),
    );
  const users = await must(200, apiCall(base, 'GET', '/users?limit=200', { token: org }));
  const id = (email) => users.items.find((u) => u.email === email).id;
  const judges = ['juri1@juri.local', 'juri2@juri.local', 'juri5@juri.local'];
  for (const j of judges)
    await must(
      201,
      apiCall(base, 'POST', `/competitions/${comp.id}/members`, {
        token: org,
        body: { user_id: id(j), role: 'judge' },
      }),
    );
  const cats = await must(200, apiCall(base, 'GET', `/competitions/${comp.id}/categories`, { token: org }));
  const form = await must(200, apiCall(base, 'GET', `/competitions/${comp.id}/sections`, { token: org }));
  const entries = [];
  const who = ['peserta2', 'peserta1', 'peserta3', 'peserta9', 'peserta11'];
  for (const [i, p] of who.entries()) {
    const tok = await token(base, `${p}@juri.local`);
    const sections = Object.fromEntries(
      form.items.map((s) => [s.key, `Uraian ${s.title} untuk inovasi nomor ${i + 1} yang melayani warga.`]),
    );
    const e = await must(
      201,
      apiCall(base, 'POST', `/competitions/${comp.id}/entries`, {
        token: tok,
        body: { title: `Inovasi Uji ${i + 1} ${p}`, category_id: cats.items[i % 3].id, sections },
      }),
    );
    await upload(base, tok, e.id, `proposal-${p}`);
    await must(200, apiCall(base, 'POST', `/entries/${e.id}/submit`, { token: tok }));
    entries.push(e);
  }
  return { comp, org, entries, judgeIds: judges.map(id) };
}

const sizes = [
  { name: 'phone', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
];

async function look(page, name) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await shot(page, name);
  await axe(page, name);
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${name}: scrolls sideways (${scroll} > ${width})`);
}

async function scoreAll(base, email, roundId) {
  const tok = await token(base, email);
  const mine = await must(200, apiCall(base, 'GET', `/me/assignments?round_id=${roundId}`, { token: tok }));
  const crit = await must(200, apiCall(base, 'GET', `/rounds/${roundId}/criteria`, { token: tok }));
  for (const a of mine.items) {
    const card = await must(200, apiCall(base, 'GET', `/assignments/${a.id}/scorecard`, { token: tok }));
    const scores = crit.items.map((c) => ({
      criterion_id: c.id,
      value: Math.round(c.max_score * 0.8),
      comment: 'Baik',
    }));
    await must(
      200,
      apiCall(base, 'PUT', `/assignments/${a.id}/scorecard`, {
        token: tok,
        body: { version: card.version, scores, comment: 'Cukup' },
      }),
    );
    await must(200, apiCall(base, 'POST', `/assignments/${a.id}/scorecard/submit`, { token: tok }));
  }
  return mine.items.length;
}

test('organizer: screen, assign, watch the dashboard move, remind', async () => {
  const { comp, org, entries, judgeIds } = await seed(env.base);
  const ctx = await newContext(env, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const area = `${env.base}/panitia/kompetisi/${comp.id}`;
  await keepShotOnFailure(page, 'organizer-run', async () => {
    await signIn(page, env.base, 'panitia@juri.local');

    // The dashboard answers the regent's question first.
    await page.goto(`${area}`);
    await page.waitForURL('**/dasbor');
    await page
      .getByTestId('dashboard-headline')
      .filter({ hasText: '5 dari 72 OPD sudah berinovasi' })
      .waitFor();
    assert.equal(await page.getByTestId('funnel-submitted').getAttribute('data-count'), '5');
    assert.equal(await page.getByTestId('funnel-no_entry').getAttribute('data-count'), '67');
    await page.getByTestId('chart-category').locator('svg').first().waitFor();
    await look(page, 'organizer-dashboard-before-desktop-id');

    // Screening: the first entry is returned with a usual reason, the PDF drawn in the page.
    await page.getByRole('link', { name: 'Seleksi Administrasi' }).click();
    await page.getByTestId('tab-queue').filter({ hasText: '(5)' }).waitFor();
    await page
      .locator('[data-testid=pdf-viewer] canvas[data-rendered=true]')
      .first()
      .waitFor({ timeout: 20000 });
    assert.equal(await page.getByTestId('entry-title').innerText(), entries[0].title);
    await look(page, 'organizer-screening-desktop-id');
    await page.getByTestId('one-returned').click();
    // Saving without a reason is stopped in the page.
    await page.getByTestId('save-next').click();
    await page.getByText('Tulis atau pilih alasannya').waitFor();
    await page.getByTestId('one-reason-pick').click();
    await page.getByRole('option', { name: /belum lengkap/ }).click();
    assert.match(await page.getByTestId('one-reason').inputValue(), /Proposal belum lengkap/);
    await page.getByTestId('save-next').click();
    await page.getByTestId('tab-queue').filter({ hasText: '(4)' }).waitFor();
    const returned = await must(200, apiCall(env.base, 'GET', `/entries/${entries[0].id}`, { token: org }));
    assert.equal(returned.status, 'returned');
    assert.match(returned.screening_reason, /belum lengkap/);

    // The other four eligible at once.
    await page.getByTestId('select-all').click();
    await page.getByTestId('bulk-eligible').click();
    await page.getByTestId('bulk-apply').click();
    await page.getByTestId('bulk-result').filter({ hasText: '4 proposal diputuskan' }).waitFor();
    await page.getByText('Tidak ada proposal yang menunggu seleksi').waitFor();
    await page.getByTestId('advance-button').click();
    await page.getByTestId('advance-result').filter({ hasText: '4 proposal diteruskan' }).waitFor();
    await look(page, 'organizer-screening-done-desktop-id');

    // Assignment: two judges per entry, the summary and the matrix.
    await page.getByRole('link', { name: 'Penugasan Juri' }).click();
    await page.getByTestId('matrix').waitFor();
    await page.getByTestId('judges-per-entry').fill('2');
    await page.getByTestId('run-auto').click();
    const summary = page.getByTestId('auto-summary');
    await summary.filter({ hasText: '8 penugasan baru' }).waitFor();
    assert.match(await page.getByTestId('auto-load').innerText(), /paling sedikit 2, paling banyak 3/);
    // The matrix refetches after the summary arrives: wait for its eighth chip, then count.
    await page.getByTestId('matrix').locator('[data-testid=status-badge]').nth(7).waitFor();
    assert.equal(await page.getByTestId('matrix').locator('[data-testid=status-badge]').count(), 8);
    // juri5 works at DINKES: its entry is a conflict, marked, and the server refuses it with the reason.
    const dinkesRow = page.getByTestId('matrix').locator(`tr[data-entry="${entries[1].id}"]`);
    const conflicted = dinkesRow.locator(`td[data-judge="${judgeIds[2]}"]`);
    await conflicted.getByTestId('conflict-mark').waitFor();
    await conflicted.getByTestId('assign').click();
    await page.getByTestId('assign-notice').filter({ hasText: 'Tidak dapat ditugaskan' }).waitFor();
    assert.match(await page.getByTestId('assign-notice').innerText(), /conflict of interest|konflik/i);
    // Remove one assignment and give it back by hand.
    const first = page.getByTestId('matrix').getByTestId('unassign').first();
    const cell = page
      .getByTestId('matrix')
      .getByTestId('matrix-cell')
      .filter({ has: page.getByTestId('unassign') })
      .first();
    const judge = await cell.getAttribute('data-judge');
    const row = await cell.locator('xpath=..').getAttribute('data-entry');
    await first.click();
    await page.getByTestId('assign-notice').filter({ hasText: 'dilepas' }).waitFor();
    await page
      .getByTestId('matrix')
      .locator(`tr[data-entry="${row}"] td[data-judge="${judge}"]`)
      .getByTestId('assign')
      .click();
    await page.getByTestId('assign-notice').filter({ hasText: 'ditugaskan' }).waitFor();
    await page.getByTestId('matrix').locator('[data-testid=status-badge]').nth(7).waitFor();
    await look(page, 'organizer-assignment-desktop-id');

    // Judges score through the API: juri1 finishes, the others do not.
    const rounds = await must(
      200,
      apiCall(env.base, 'GET', `/competitions/${comp.id}/rounds`, { token: org }),
    );
    const desk = rounds.items.find((r) => r.kind === 'scoring' && r.position === 2);
    const scored = await scoreAll(env.base, 'juri1@juri.local', desk.id);
    assert.ok(scored > 0);

    // The dashboard moved.
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByTestId('funnel-eligible').and(page.locator('[data-count="4"]')).waitFor();
    assert.equal(await page.getByTestId('funnel-submitted').getAttribute('data-count'), '1');
    const progress = page.getByTestId(`round-progress-${desk.id}`);
    await progress
      .getByTestId('round-submitted')
      .filter({ hasText: `${scored} dari 8 lembar nilai terkirim` })
      .waitFor();
    assert.equal(
      await progress
        .locator(`[data-testid=judge-progress][data-judge="${judgeIds[0]}"]`)
        .getAttribute('data-submitted'),
      String(scored),
    );
    const wa = await page.getByTestId(`remind-judges-${desk.id}-wa`).getAttribute('href');
    assert.ok(wa.startsWith('https://wa.me/?text='), wa);
    assert.match(decodeURIComponent(wa), new RegExp(`${scored} dari 8 lembar nilai`));

    // The reminder: e-mailed through the outbox (the mail log shows it), its date shown, a second one refused.
    await page.getByTestId(`remind-judges-${desk.id}-last`).filter({ hasText: 'Belum pernah' }).waitFor();
    await progress.getByRole('button', { name: 'Kirim pengingat e-mail ke juri yang tertinggal' }).click();
    await page
      .getByTestId(`remind-judges-${desk.id}-sent`)
      .filter({ hasText: 'Pengingat dikirim ke 2 orang' })
      .waitFor();
    await env.waitForLog(/Pengingat penilaian: 0 dari \d+ selesai/);
    await page
      .getByTestId(`remind-judges-${desk.id}-last`)
      .filter({ hasText: 'Pengingat terakhir' })
      .waitFor();
    await progress.getByRole('button', { name: 'Kirim pengingat e-mail ke juri yang tertinggal' }).click();
    await progress.getByText('baru saja dikirim').waitFor();
    const sent = await must(
      200,
      apiCall(env.base, 'GET', `/competitions/${comp.id}/reminders`, { token: org }),
    );
    assert.equal(sent.total, 1);
    assert.deepEqual(sent.items[0].recipients.map((r) => r.user_id).sort(), judgeIds.slice(1).sort());

    // And the OPDs that have not entered.
    await page
      .getByTestId('remind-opds')
      .getByRole('button', { name: /Kirim pengingat/ })
      .click();
    await page.getByTestId('remind-opds-sent').waitFor();
    await env.waitForLog(/belum mengajukan proposal inovasi/);
    await look(page, 'organizer-dashboard-after-desktop-id');

    // A conflict with one proposal, not a whole OPD: juri2's unscored assignment to it is released.
    const before = await must(
      200,
      apiCall(env.base, 'GET', `/rounds/${desk.id}/assignments`, { token: org }),
    );
    const target = before.items.find((a) => a.judge_id === judgeIds[1] && a.status !== 'submitted');
    assert.ok(target, 'juri2 has an unscored assignment');
    await page.getByRole('link', { name: 'Juri & konflik' }).click();
    const ac = page.getByTestId('add-conflict');
    await ac.getByLabel(/^Juri/).first().click();
    await page.getByRole('option', { name: target.judge_name, exact: true }).click();
    await ac.getByRole('radio', { name: 'Satu proposal' }).check();
    await ac
      .getByLabel(/^Proposal/)
      .first()
      .fill(target.entry_title);
    await page.getByRole('option', { name: new RegExp(`^${target.entry_title} \\(`) }).click();
    await ac.getByRole('textbox', { name: /^Alasan/ }).fill('Pernah mendampingi tim proposal ini');
    await ac.getByRole('button', { name: 'Catat konflik' }).click();
    await page.getByText('Konflik dicatat; 1 penugasan dilepas.').waitFor();
    await page.getByTestId('conflict-table').getByText(`Proposal: ${target.entry_title}`).waitFor();
    await axe(page, 'a conflict with one proposal');
    const after = await must(200, apiCall(env.base, 'GET', `/rounds/${desk.id}/assignments`, { token: org }));
    assert.ok(
      !after.items.some((a) => a.judge_id === judgeIds[1] && a.entry_id === target.entry_id),
      'the conflicted assignment stayed',
    );
    assert.deepEqual(ctx.errors, []);
  });
  await ctx.close();

  // Every page at both sizes, in Bahasa Indonesia.
  for (const size of sizes) {
    const c = await newContext(env, {
      viewport: size.viewport,
      isMobile: size.isMobile,
      hasTouch: size.hasTouch,
    });
    const p = await c.newPage();
    await keepShotOnFailure(p, `organizer-run-${size.name}`, async () => {
      await signIn(p, env.base, 'panitia@juri.local');
      await p.goto(`${area}/dasbor`);
      await p.getByTestId('dashboard-headline').waitFor();
      await look(p, `organizer-dashboard-${size.name}-id`);
      await p.goto(`${area}/penyaringan`);
      await p.getByTestId('tab-decided').click();
      await p.getByTestId('decision-card').waitFor();
      await look(p, `organizer-screening-${size.name}-id`);
      await p.goto(`${area}/penugasan`);
      await p.getByTestId(size.name === 'phone' ? 'matrix-list' : 'matrix').waitFor();
      await look(p, `organizer-assignment-${size.name}-id`);
      assert.deepEqual(c.errors, []);
    });
    await c.close();
  }
});
