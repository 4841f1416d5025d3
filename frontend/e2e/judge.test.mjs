// A judge signs in, opens an assignment, reads the PDF, scores every
// criterion with the keyboard, loses the network and keeps scoring, finds the
// values synced when it comes back and saved after a reload, meets a 409 from
// a second tab and keeps their version, submits and moves on. In a blind
// competition no identity shows anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, axe, keepShotOnFailure, newContext, shot, signIn, start, token } from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const values = (page) =>
  page.getByTestId('score-value').evaluateAll((els) => els.map((e) => e.getAttribute('aria-valuenow')));
const saved = (page) =>
  page.getByTestId('save-state').filter({ hasText: 'Tersimpan' }).waitFor({ timeout: 15000 });

test('judge: score by keyboard, offline, reload, 409, submit, next', async () => {
  const ctx = await newContext(env);
  const page = await ctx.newPage();
  await keepShotOnFailure(page, 'judge', async () => {
    await signIn(page, env.base, 'juri1@juri.local');
    await page.waitForURL('**/penilaian');
    const overall = await page.getByTestId('overall-progress').innerText();
    const [, doneBefore, total] = overall.match(/(\d+) dari (\d+) selesai/).map(Number);
    assert.ok(total > doneBefore, overall);
    await shot(page, 'judge-assignments-desktop-id');
    await axe(page, 'the assignments list');

    await page.getByTestId('start-next').click();
    await page.waitForURL(/\/penilaian\/\d+$/);
    const firstId = Number(page.url().split('/').pop());

    // The proposal PDF is drawn in the page.
    await page
      .locator('[data-testid=pdf-viewer] canvas[data-rendered=true]')
      .first()
      .waitFor({ timeout: 20000 });
    assert.match(await page.getByTestId('pdf-pages').innerText(), /\d+ halaman/);

    // Every criterion by keyboard: a digit sets it, Tab goes on (past its note) to the next.
    const n = await page.getByTestId('score-value').count();
    assert.ok(n >= 5, `criteria: ${n}`);
    const want = [7, 8, 6, 9, 7, 8, 5, 6, 7, 8].slice(0, n);
    await page.getByTestId('score-value').first().focus();
    for (let i = 0; i < n; i++) {
      await page.keyboard.press(String(want[i]));
      if (i < n - 1) {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
      }
    }
    assert.deepEqual(await values(page), want.map(String));
    await saved(page);
    await shot(page, 'judge-scoring-desktop-id');
    await axe(page, 'the scoring page');

    // Offline: keep scoring; the page says it is not synced; nothing is lost.
    await ctx.setOffline(true);
    const first = page.getByTestId('score-value').first();
    await first.focus();
    await page.keyboard.press('1');
    await page.keyboard.press('0'); // "1" then "0" is 10
    await page.getByTestId('score-value').nth(1).focus();
    await page.keyboard.press('ArrowUp'); // 8 -> 8.5
    await page.getByTestId('save-state').filter({ hasText: 'Belum tersinkron' }).waitFor({ timeout: 15000 });
    await page.getByText('Koneksi terputus').waitFor();
    await shot(page, 'judge-offline-desktop-id');
    const offlineWant = ['10', '8.5', ...want.slice(2).map(String)];
    assert.deepEqual(await values(page), offlineWant);
    await ctx.setOffline(false);
    await saved(page);
    const judge = await token(env.base, 'juri1@juri.local');
    const card = await apiCall(env.base, 'GET', `/assignments/${firstId}/scorecard`, { token: judge });
    const criteria = await apiCall(
      env.base,
      'GET',
      `/rounds/${(await assignment(judge, firstId)).round_id}/criteria`,
      { token: judge },
    );
    const byCriterion = Object.fromEntries(card.body.scores.map((s) => [s.criterion_id, s.value]));
    assert.deepEqual(
      criteria.body.items.map((c) => String(byCriterion[c.id])),
      offlineWant,
    );

    // Reload: the values are still there.
    await page.reload();
    await page.getByTestId('score-value').first().waitFor();
    assert.deepEqual(await values(page), offlineWant);

    // A second tab saves a different value; this tab's next save meets a 409 and offers both versions.
    const other = await ctx.newPage();
    await other.goto(page.url());
    await other.getByTestId('score-value').nth(2).focus();
    await other.keyboard.press('2');
    await saved(other);
    await other.close();
    await page.getByTestId('score-value').nth(2).focus();
    await page.keyboard.press('4');
    const dialog = page.getByRole('dialog', { name: 'Penilaian ini diubah di tempat lain' });
    await dialog.waitFor({ timeout: 15000 });
    assert.match(await dialog.innerText(), /Versi di layar ini/);
    await shot(page, 'judge-conflict-desktop-id', { fullPage: false });
    await axe(page, 'the conflict dialog');
    await page.getByTestId('conflict-mine').click();
    await saved(page);
    const afterConflict = await apiCall(env.base, 'GET', `/assignments/${firstId}/scorecard`, {
      token: judge,
    });
    const third = criteria.body.items[2].id;
    assert.equal(afterConflict.body.scores.find((s) => s.criterion_id === third).value, 4);

    // Ctrl+Enter saves at once.
    await page.keyboard.press('Control+Enter');
    await page.getByText('Tersimpan di server.').waitFor();

    // Submit with confirmation; then read-only, and on to the next assignment.
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByTestId('submitted').waitFor();
    assert.equal(await page.getByTestId('score-value').first().getAttribute('aria-readonly'), 'true');
    await shot(page, 'judge-submitted-desktop-id');
    await page.getByTestId('next-assignment').click();
    await page.waitForURL((u) => u.pathname !== `/penilaian/${firstId}`);
    const secondId = Number(page.url().split('/').pop());
    assert.notEqual(secondId, firstId);

    // j and k move between entries.
    await page.getByTestId('score-value').first().waitFor();
    const secondTitle = await page.getByRole('heading', { level: 1 }).innerText();
    await page.locator('body').press('k');
    await page.waitForURL((u) => u.pathname !== `/penilaian/${secondId}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasNotText: secondTitle }).waitFor();
    await page.locator('body').press('j');
    await page.waitForURL(`**/penilaian/${secondId}`);

    // The list counts the submitted one.
    await page.getByRole('link', { name: 'Tugas penilaian' }).first().click();
    await page
      .getByTestId('overall-progress')
      .filter({ hasText: `${doneBefore + 1} dari ${total} selesai` })
      .waitFor();

    // Blind: once the organizer makes the competition blind, the judge sees no OPD and neutral file names.
    const organizer = await token(env.base, 'panitia@juri.local');
    const entry = (await assignment(judge, secondId)).entry;
    const asOrganizer = await apiCall(env.base, 'GET', `/entries/${entry.id}`, { token: organizer });
    const opd = asOrganizer.body.organization.name;
    const originals = asOrganizer.body.files.map((f) => f.filename);
    const r = await apiCall(env.base, 'PATCH', `/competitions/${entry.competition_id}`, {
      token: organizer,
      body: { blind: true },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await page.goto(`${env.base}/penilaian/${secondId}`);
    await page.getByRole('tab', { name: /Dokumen/ }).click();
    const names = await page.getByTestId('judge-file-name').allInnerTexts();
    assert.ok(names.length > 0);
    for (const name of names) assert.match(name, /^dokumen-\d+\.\w+$/);
    await page.getByRole('tab', { name: 'Isi proposal' }).click();
    const text = await page.locator('body').innerText();
    assert.ok(!text.includes(opd), `the OPD "${opd}" shows in a blind round`);
    for (const o of originals) assert.ok(!text.includes(o), `the file name "${o}" shows in a blind round`);
    await page.goto(`${env.base}/penilaian`);
    await page.getByTestId('assignment').first().waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes(opd));
    assert.deepEqual(ctx.errors, []);
  });
  await ctx.close();
});

async function assignment(judgeToken, id) {
  const r = await apiCall(env.base, 'GET', '/me/assignments', { token: judgeToken });
  return r.body.items.find((a) => a.id === id);
}

test('judge: declaring a conflict with an OPD in a blind review tells the organizers, not the judge', async () => {
  const ctx = await newContext(env);
  const page = await ctx.newPage();
  await keepShotOnFailure(page, 'declare', async () => {
    await signIn(page, env.base, 'juri3@juri.local');
    const judge = await token(env.base, 'juri3@juri.local');
    const mine = await apiCall(env.base, 'GET', '/me/assignments', { token: judge });
    const target = mine.body.items.find((a) => a.status !== 'submitted') ?? mine.body.items[0];
    // The first test left the competition blind: the organizer names the OPD.
    const organizer = await token(env.base, 'panitia@juri.local');
    const opd = (await apiCall(env.base, 'GET', `/entries/${target.entry_id}`, { token: organizer })).body
      .organization.name;
    await page.getByTestId('assignment').first().waitFor();
    const before = await page.getByTestId('assignment').count();
    await page.getByRole('button', { name: 'Nyatakan konflik kepentingan dengan OPD' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Nyatakan konflik kepentingan' });
    await dialog.getByRole('button', { name: 'Nyatakan', exact: true }).click();
    await dialog.getByText('Pilih OPD Anda dari daftar.').waitFor();
    await dialog.getByRole('combobox', { name: 'Perangkat Daerah (OPD)' }).fill(opd);
    await page.getByRole('option', { name: opd, exact: true }).click();
    await dialog.getByLabel(/^Alasan/).fill('Saya anggota tim pembina inovasi di OPD ini tahun lalu.');
    await axe(page, 'the conflict declaration');
    await dialog.getByRole('button', { name: 'Nyatakan', exact: true }).click();
    await page.getByText('Konflik kepentingan tercatat. Panitia sudah diberi tahu.').waitFor();
    // Blind: what the judge sees must not change, or it would name the
    // entry's OPD; the organizers see the assignment flagged and decide.
    const after = await apiCall(env.base, 'GET', '/me/assignments', { token: judge });
    assert.equal(after.body.items.length, mine.body.items.length);
    assert.ok(after.body.items.some((a) => a.entry_id === target.entry_id));
    assert.equal(await page.getByTestId('assignment').count(), before);
    const listed = await apiCall(env.base, 'GET', `/rounds/${target.round_id}/assignments`, {
      token: organizer,
    });
    const flagged = listed.body.items.find((a) => a.id === target.id);
    assert.equal(flagged.conflict_flagged, true, JSON.stringify(flagged));
  });
  await ctx.close();
});
