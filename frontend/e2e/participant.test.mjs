// A participant registers for their OPD, drafts a proposal, runs over a word
// limit and sees it, uploads the proposal PDF (with progress) and a wrong file
// (refused with the reason), submits and sees the status; after the deadline
// the editor is read-only and says why.
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

const email = 'sri.wahyuni@puskesmas-kajen.go.id';
const secret = 'inovasi-kajen-2020';

test('participant: register, draft, upload, submit, read-only after the deadline', async () => {
  const ctx = await newContext(env);
  const page = await ctx.newPage();
  page.on('dialog', (d) => void d.accept());
  await keepShotOnFailure(page, 'participant', async () => {
    // Registration with the searchable OPD list.
    await page.goto(`${env.base}/daftar`);
    await page.getByLabel('Nama lengkap').fill('Sri Wahyuni');
    await page.getByLabel('Alamat email').fill(email);
    await page.getByRole('combobox', { name: 'Perangkat Daerah (OPD)' }).fill('kajen ii');
    await page.getByRole('option', { name: 'Puskesmas Kajen II' }).click();
    await page.getByLabel(/^Kata sandi/).fill(secret);
    await page.getByLabel('Ulangi kata sandi').fill(secret);
    await shot(page, 'participant-register-desktop-id');
    await axe(page, 'registration');
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await page.getByTestId('check-mail').filter({ hasText: email }).waitFor();
    await shot(page, 'participant-check-mail-desktop-id');
    // No mail server here: juri logs the mail, and the test follows its link like the mailbox's owner.
    const [, link] = await env.waitForLog(/(\/konfirmasi\?token=[A-Za-z0-9_.~-]+)/);
    await page.goto(`${env.base}${link}`);
    await page.waitForURL('**/proposal');
    // An organizer verifies that Sri works for the Puskesmas; until then she may draft but not submit.
    const organizer = await token(env.base, 'panitia@juri.local');
    const users = await apiCall(env.base, 'GET', `/users?q=${encodeURIComponent(email)}`, {
      token: organizer,
    });
    assert.equal(users.status, 200, JSON.stringify(users.body));
    const verified = await apiCall(env.base, 'POST', `/users/${users.body.items[0].id}/verify`, {
      token: organizer,
    });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    await page.reload();
    await page.getByRole('heading', { name: 'Proposal saya' }).waitFor();
    await page.getByText('Belum ada proposal untuk kompetisi ini').waitFor();

    // A new draft.
    await page.getByRole('button', { name: 'Buat proposal baru' }).click();
    await page.getByLabel('Judul Inovasi').fill('SIGAP Ibu Hamil: pendampingan kehamilan risiko tinggi');
    await page.getByRole('button', { name: 'Buat draf' }).click();
    await page.waitForURL(/\/proposal\/\d+$/);
    const entryId = Number(page.url().split('/').pop());

    // Over the word limit: the counter says so at once, in words.
    const summary = page.getByTestId('section-ringkasan');
    await summary.fill(Array.from({ length: 205 }, (_, i) => `kata${i}`).join(' '));
    await page
      .getByTestId('count-ringkasan')
      .filter({ hasText: '205 dari 200 kata — melebihi batas' })
      .waitFor();
    await page.getByText('Melebihi batas sebanyak 5 kata').waitFor();
    await page.getByTestId('save-state').filter({ hasText: 'Tersimpan' }).waitFor({ timeout: 10000 });

    // Submitting now lists every gap: the summary, the empty sections, the category, the PDF.
    await page.getByRole('button', { name: 'Ajukan proposal' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ajukan proposal' }).click();
    const gaps = page.getByTestId('gaps');
    await gaps.waitFor();
    const gapText = await gaps.innerText();
    assert.match(gapText, /Ringkasan.*205 kata; batasnya 200 kata/);
    assert.match(gapText, /Pilih Kategori/);
    assert.match(gapText, /Unggah proposal dalam bentuk PDF/);

    // A wrong file is refused in the browser with the reason.
    const proposalInput = page.getByTestId('dropzone-proposal').locator('input[type=file]');
    await proposalInput.setInputFiles({
      name: 'catatan.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('bukan pdf'),
    });
    await page.getByText('"catatan.txt" bukan jenis berkas yang diterima di sini. Gunakan .PDF.').waitFor();
    // A file that only claims to be a PDF is refused by the server, and the page says why.
    await proposalInput.setInputFiles({
      name: 'palsu.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('ini teks biasa'),
    });
    await page.getByText(/Server menolak "palsu.pdf": isi berkas bukan .PDF/).waitFor();

    // The real PDF, large enough (and the upload slowed) to watch its progress bar move.
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    const pdf = tinyPdf('SIGAP Ibu Hamil', 3 << 20);
    await proposalInput.setInputFiles({
      name: 'Proposal SIGAP.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    const seen = new Set();
    const bar = page
      .getByTestId('upload-item')
      .filter({ hasText: 'Proposal SIGAP.pdf' })
      .getByRole('progressbar');
    const end = Date.now() + 20000;
    while (Date.now() < end) {
      const v = await bar.getAttribute('aria-valuenow').catch(() => null);
      if (v !== null) seen.add(Math.round(Number(v)));
      if (v === '100') break;
      await page.waitForTimeout(50);
    }
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    assert.ok(
      [...seen].some((v) => v > 0 && v < 100),
      `progress between 0 and 100 was shown: ${[...seen]}`,
    );
    await page.getByTestId('entry-file').filter({ hasText: 'Proposal SIGAP.pdf' }).waitFor();

    // Complete the proposal and submit.
    await summary.fill(
      'Pendampingan ibu hamil risiko tinggi oleh kader dan bidan desa dengan kunjungan rumah terjadwal.',
    );
    await page.getByTestId('count-ringkasan').filter({ hasText: 'dari 200 kata' }).waitFor();
    const keys = [
      'latar_belakang',
      'kebaruan',
      'implementasi',
      'signifikansi',
      'adaptabilitas',
      'sumber_daya',
      'keberlanjutan',
    ];
    for (const k of keys)
      await page
        .getByTestId(`section-${k}`)
        .fill(`Uraian ${k} untuk inovasi SIGAP Ibu Hamil di Puskesmas Kajen II.`);
    await page.getByRole('combobox', { name: 'Kategori' }).click();
    await page.getByRole('option', { name: 'Kesehatan' }).click();
    await page.getByTestId('save-state').filter({ hasText: 'Tersimpan' }).waitFor({ timeout: 10000 });
    // Fixed problems stop showing at once (the list follows the text).
    assert.equal(await page.getByText('Pilih Kategori.').count(), 0);
    assert.equal(await page.getByText(/205 kata; batasnya 200/).count(), 0);
    await page.getByTestId('gaps').filter({ hasText: 'Unggah proposal' }).waitFor({ state: 'detached' });
    await shot(page, 'participant-editor-desktop-id');
    await axe(page, 'the proposal editor');
    await page.getByRole('button', { name: 'Ajukan proposal' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ajukan proposal' }).click();
    await page.getByTestId('read-only').filter({ hasText: 'sudah diajukan' }).waitFor();
    await page.getByTestId('status-badge').filter({ hasText: 'Diajukan' }).waitFor();

    // The list shows the status and what comes next.
    await page.getByRole('link', { name: 'Proposal saya' }).first().click();
    const card = page.getByTestId('entry-card').filter({ hasText: 'SIGAP Ibu Hamil' });
    await card.getByTestId('status-badge').filter({ hasText: 'Diajukan' }).waitFor();
    await card.getByText(/Seleksi Administrasi/).waitFor();

    // A second draft, then the organizer closes submissions: the editor is read-only and says why.
    const mine = (await apiCall(env.base, 'POST', '/auth/login', { body: { email, password: secret } })).body
      .access_token;
    const comps = await apiCall(env.base, 'GET', '/competitions', { token: mine });
    const comp = comps.body.items[0];
    const draft = await apiCall(env.base, 'POST', `/competitions/${comp.id}/entries`, {
      token: mine,
      body: { title: 'Draf yang terlambat' },
    });
    assert.equal(draft.status, 201);
    const past = new Date(Date.now() - 60_000).toISOString();
    const patched = await apiCall(env.base, 'PATCH', `/competitions/${comp.id}`, {
      token: organizer,
      body: { submission_closes_at: past },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    await page.goto(`${env.base}/proposal/${draft.body.id}`);
    await page.getByTestId('read-only').filter({ hasText: 'Batas waktu pengajuan sudah lewat' }).waitFor();
    assert.equal(await page.getByTestId('section-ringkasan').getAttribute('data-readonly'), 'true');
    assert.equal(await page.getByRole('textbox').count(), 0, 'no box to type in');
    assert.equal(await page.getByTestId('dropzone-proposal').count(), 0);
    await shot(page, 'participant-readonly-desktop-id');
    const stored = await apiCall(env.base, 'GET', `/entries/${entryId}`, { token: mine });
    assert.equal(stored.body.status, 'submitted');
    assert.deepEqual(ctx.errors, []);
  });
  await ctx.close();
});

test('participant: the jury feedback appears once the organizer releases it', async () => {
  const ctx = await newContext(env);
  const page = await ctx.newPage();
  await keepShotOnFailure(page, 'feedback', async () => {
    await signIn(page, env.base, 'peserta2@juri.local');
    const card = page.getByTestId('entry-card').filter({ hasText: 'LOKER' });
    await card.getByRole('link').click();
    await page.getByText('Umpan balik juri belum dibuka oleh panitia').waitFor();
    const organizer = await token(env.base, 'panitia@juri.local');
    const comps = await apiCall(env.base, 'GET', '/competitions', { token: organizer });
    const rounds = await apiCall(env.base, 'GET', `/competitions/${comps.body.items[0].id}/rounds`, {
      token: organizer,
    });
    const desk = rounds.body.items.find((r) => r.kind === 'scoring');
    // The notes are released once the round is closed for scoring.
    const closed = await apiCall(env.base, 'PATCH', `/rounds/${desk.id}`, {
      token: organizer,
      body: { status: 'closed' },
    });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const r = await apiCall(env.base, 'PATCH', `/rounds/${desk.id}`, {
      token: organizer,
      body: { feedback_released: true },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await page.reload();
    const panel = page.getByRole('region', { name: 'Umpan balik juri' });
    await panel.getByText(desk.name).first().waitFor();
    await panel.getByText('Signifikansi').waitFor();
    const text = await panel.innerText();
    assert.match(text, /Nilai rata-rata \d+/);
    for (const judge of ['Bambang', 'Retno', 'Agus', 'Hadi', 'Lestari'])
      assert.ok(!text.includes(judge), `a judge's name: ${judge}`);
    await shot(page, 'participant-feedback-desktop-id');
    await axe(page, 'the released feedback');
  });
  await ctx.close();
});
