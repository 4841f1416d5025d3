// An organizer sets a competition up from the browser: creates it from the
// KIPP template, edits a round's rubric (the weights' total moves as they
// type and must reach 100; a criterion moves up by keyboard), imports OPDs
// from a CSV with a bad line (sees the line and its reason, in Indonesian,
// before anything is written, fixes it, imports), imports and creates
// judges, adds one as a member with expertise categories, and sets and
// removes a conflict of interest. Every page gets an axe check and
// screenshots at desktop (1280x800) and phone (360x740) size, the OPD
// import's bad lines too, and no page scrolls sideways on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const organizer = 'panitia@juri.local';

async function pick(page, scope, label, option) {
  await scope.getByLabel(label).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

// Words of the import's English messages (store/imports.go, handlers/csv.go).
const serverEnglish =
  /is not one of|does not exist|already appears|is required|must be at most|cannot be read|has \d+ fields|only an admin|makes a cycle|must not be/;

async function noSideScroll(page, what) {
  const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= w, `${what} scrolls sideways on a phone: ${sw} > ${w}`);
}

test('organizer: competition from the template, rubric, OPD import with a bad line, judges, conflict', async () => {
  const ctx = await newContext(env, {
    viewport: { width: 1280, height: 800 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  const page = await ctx.newPage();
  const tok = await token(env.base, organizer);
  let compId;
  await keepShotOnFailure(page, 'organizer-setup', async () => {
    await signIn(page, env.base, organizer);
    await page.goto(`${env.base}/panitia`);
    await page.getByRole('link', { name: 'Kompetisi baru' }).click();
    await page.waitForURL('**/panitia/baru');

    // 1. The wizard: KIPP template, then the competition's data.
    await page.getByText('Templat KIPP', { exact: true }).waitFor();
    await axe(page, 'the wizard, step 1');
    await shot(page, 'setup-wizard-desktop-id');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    const name = page.getByRole('textbox', { name: /^Nama kompetisi/ });
    await name.fill('');
    await page.getByRole('button', { name: 'Buat kompetisi' }).click();
    await page.getByText('Wajib diisi.').first().waitFor(); // checked in the browser first
    await name.fill('KIPP Kabupaten Uji 2026');
    await page.getByLabel('Pendaftaran dibuka').fill('2026-03-01T08:00');
    await page.getByLabel('Batas pengajuan proposal').fill('2026-02-01T08:00');
    await page.getByRole('button', { name: 'Buat kompetisi' }).click();
    await page.getByText('Harus sesudah waktu dibuka.').waitFor();
    await page.getByLabel('Batas pengajuan proposal').fill('2026-04-30T16:00');
    await axe(page, 'the wizard, step 2');
    await shot(page, 'setup-wizard-step2-desktop-id');
    await page.getByRole('button', { name: 'Buat kompetisi' }).click();
    await page.waitForURL(/\/panitia\/kompetisi\/\d+\/pengaturan$/);
    compId = Number(page.url().match(/kompetisi\/(\d+)/)[1]);
    const comp = await apiCall(env.base, 'GET', `/competitions/${compId}`, { token: tok });
    assert.equal(comp.body.name, 'KIPP Kabupaten Uji 2026');
    // 16:00 WIB is 09:00 UTC.
    assert.equal(comp.body.submission_closes_at, '2026-04-30T09:00:00Z');

    // 2. Settings: the competition, its categories (from the template) and sections.
    await page.getByRole('heading', { name: 'Pengaturan kompetisi' }).waitFor();
    await axe(page, 'the settings');
    await shot(page, 'setup-settings-desktop-id');
    await page.getByRole('tab', { name: 'Kategori' }).click();
    await page.getByTestId('category-row').first().waitFor();
    assert.ok((await page.getByTestId('category-row').count()) >= 10);
    await axe(page, 'the categories');
    await shot(page, 'setup-categories-desktop-id');
    await page.getByRole('tab', { name: 'Bagian proposal' }).click();
    await page.getByTestId('section-row').first().waitFor();
    await axe(page, 'the proposal sections');
    await shot(page, 'setup-sections-desktop-id');

    // 3. Rounds and the desk round's rubric: the total is live.
    await page.getByRole('link', { name: 'Tahap & rubrik' }).click();
    await page.getByRole('button', { name: /Penilaian Proposal/ }).click();
    const total = page.getByTestId('weight-total').first();
    await total.waitFor();
    assert.equal(await total.getAttribute('data-total'), '100');
    const rounds = await apiCall(env.base, 'GET', `/competitions/${compId}/rounds`, { token: tok });
    const desk = rounds.body.items.find((r) => r.name === 'Penilaian Proposal');
    const before = (await apiCall(env.base, 'GET', `/rounds/${desk.id}/criteria`, { token: tok })).body.items;
    const w0 = page.getByTestId('criterion-weight').first();
    await w0.fill(String(before[0].weight - 5));
    await page.getByText(`Total bobot: 95 dari 100`).first().waitFor();
    await page.getByText('Kurang 5').first().waitFor();
    await page.getByTestId('rubric-save').click();
    await page.getByText('Jumlah bobot harus 100; sekarang 95.').first().waitFor();
    await shot(page, 'setup-rubric-short-desktop-id');
    await w0.fill(String(before[0].weight));
    await page.getByText('Pas 100 ✓').first().waitFor();
    // The second criterion moves up by keyboard, and the focus follows it.
    await page.getByRole('button', { name: `Naikkan ${before[1].name}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: `Turunkan ${before[1].name}` }).waitFor();
    await page.getByTestId('rubric-save').click();
    await page.getByText('Rubrik tersimpan.').waitFor();
    const after = (await apiCall(env.base, 'GET', `/rounds/${desk.id}/criteria`, { token: tok })).body.items;
    assert.deepEqual(
      after.map((c) => c.key),
      [before[1].key, before[0].key, ...before.slice(2).map((c) => c.key)],
    );
    await axe(page, 'the rounds and rubric');
    await shot(page, 'setup-rounds-desktop-id');

    // 4. OPDs from a CSV with a bad line: shown with its reason, nothing written.
    await page.goto(`${env.base}/panitia/opd`);
    await page.getByTestId('opd-table').waitFor();
    const opdsBefore = (await apiCall(env.base, 'GET', '/organizations?limit=200')).body.total;
    await page.getByRole('tab', { name: 'Impor dari CSV' }).click();
    const imp = page.getByTestId('opd-import');
    const bad =
      'code,name,kind,parent_code\nUJI-DINAS,Dinas Uji,dinas,\nUJI-KEM,Kementerian Uji,kementerian,\nUJI-PKM,Puskesmas Uji,puskesmas,UJI-DINAS\n';
    await imp.getByRole('textbox', { name: 'Isi berkas' }).fill(bad);
    assert.equal(await imp.getByRole('button', { name: 'Impor sekarang' }).isDisabled(), true);
    await imp.getByRole('button', { name: 'Periksa berkas' }).click();
    const errors = imp.getByTestId('import-errors');
    await errors.waitFor();
    const row = errors.locator('tbody tr');
    assert.equal(await row.count(), 1);
    const rowText = await row.first().innerText();
    assert.match(rowText, /^3\b/);
    assert.match(rowText, /UJI-KEM,Kementerian Uji,kementerian/);
    // The reason in the clerk's language, from the problem's code: none of the server's English.
    assert.match(
      rowText,
      /Kolom kind: "kementerian" bukan salah satu dari sekretariat, inspektorat, dinas, badan,/,
    );
    assert.doesNotMatch(await imp.innerText(), serverEnglish);
    await imp.getByText('1 baris perlu diperbaiki; belum ada yang disimpan').waitFor();
    assert.equal(await imp.getByRole('button', { name: 'Impor sekarang' }).isDisabled(), true);
    assert.equal((await apiCall(env.base, 'GET', '/organizations?limit=200')).body.total, opdsBefore);
    await axe(page, 'the OPD import with a bad line');
    await shot(page, 'people-opd-import-errors-desktop-id');
    // Fixed in the box, checked again, imported.
    await imp
      .getByRole('textbox', { name: 'Isi berkas' })
      .fill(bad.replace('Kementerian Uji,kementerian', 'Badan Uji,badan'));
    await imp.getByRole('button', { name: 'Periksa berkas' }).click();
    await imp.getByText(/Berkas benar\. Bila diimpor: 3 baru/).waitFor();
    assert.equal((await apiCall(env.base, 'GET', '/organizations?limit=200')).body.total, opdsBefore);
    await imp.getByRole('button', { name: 'Impor sekarang' }).click();
    await imp.getByText(/Impor selesai: 3 baru/).waitFor();
    assert.equal((await apiCall(env.base, 'GET', '/organizations?limit=200')).body.total, opdsBefore + 3);
    // Search finds them.
    await page.getByRole('tab', { name: 'Daftar OPD' }).click();
    await page.getByRole('searchbox', { name: 'Cari OPD' }).fill('Uji');
    await page.getByText('3 dari 3 OPD').waitFor();
    await axe(page, 'the OPD list');
    await shot(page, 'people-opd-desktop-id');

    // 5. Judges: imported (dry run first) and one created by the form.
    await page.goto(`${env.base}/panitia/pengguna`);
    await page.getByTestId('user-table').waitFor();
    await page.getByRole('tab', { name: 'Impor dari CSV' }).click();
    const ui = page.getByTestId('user-import');
    // A file Excel on Windows saved (Windows-1252): its accented letters survive, and the page says how it read it.
    const cp1252 = Buffer.concat([
      Buffer.from('email,name,role,organization_code\ndr.jose@unikal.ac.id,Dr. Jos'),
      Buffer.from([0xe9, 0x20, 0x4d, 0xfc]),
      Buffer.from('ller,judge,\n'),
    ]);
    await ui
      .locator('input[type=file]')
      .setInputFiles({ name: 'juri-excel.csv', mimeType: 'text/csv', buffer: cp1252 });
    await ui
      .getByTestId('csv-encoding')
      .getByText(/Windows-1252/)
      .waitFor();
    assert.match(
      await ui.getByRole('textbox', { name: 'Isi berkas' }).inputValue(),
      /Dr\. José Müller,judge/,
    );
    await ui
      .getByRole('textbox', { name: 'Isi berkas' })
      .fill(
        'email,name,role,organization_code\ndr.uji1@unikal.ac.id,Dr. Uji Satu,judge,\ndr.uji2@unikal.ac.id,Dr. Uji Dua,judge,UJI-DINAS\n',
      );
    await ui.getByRole('button', { name: 'Periksa berkas' }).click();
    await ui.getByText(/Berkas benar\. Bila diimpor: 2 baru/).waitFor();
    await ui.getByRole('button', { name: 'Impor sekarang' }).click();
    await ui.getByText(/Impor selesai: 2 baru/).waitFor();
    await page.getByRole('tab', { name: 'Buat akun' }).click();
    const nu = page.getByTestId('new-user');
    await nu.getByRole('textbox', { name: /^Nama/ }).fill('Prof. Uji Tiga');
    await nu.getByRole('textbox', { name: /^Email/ }).fill('prof.uji3@undip.ac.id');
    await nu.getByRole('button', { name: 'Buat akun' }).click();
    await page.getByText('Akun prof.uji3@undip.ac.id dibuat.').waitFor();
    const judges = await apiCall(env.base, 'GET', '/users?role=judge&q=uji', { token: tok });
    assert.equal(judges.body.total, 3);
    await page.getByRole('tab', { name: 'Daftar pengguna' }).click();
    await page.getByRole('searchbox', { name: 'Cari pengguna' }).fill('uji');
    await page.getByText('3 dari 3 pengguna').waitFor();
    await axe(page, 'the users');
    await shot(page, 'people-users-desktop-id');

    // 6. Members: a judge with two expertise categories; a conflict set and removed.
    await page.goto(`${env.base}/panitia/kompetisi/${compId}/juri`);
    const add = page.getByTestId('add-member');
    await add.waitFor();
    await pick(page, add, /^Pilih juri/, /Dr\. Uji Dua/);
    await add.locator('.mantine-MultiSelect-input').first().click();
    await page.getByRole('option', { name: 'Kesehatan', exact: true }).click();
    await page.getByRole('option', { name: 'Pendidikan', exact: true }).click();
    await page.keyboard.press('Escape');
    await add.getByRole('button', { name: 'Tambahkan' }).click();
    await page.getByTestId('judge-member').filter({ hasText: 'Dr. Uji Dua' }).waitFor();
    const members = await apiCall(env.base, 'GET', `/competitions/${compId}/members`, { token: tok });
    const m = members.body.items.find((x) => x.name === 'Dr. Uji Dua');
    assert.equal(m.role, 'judge');
    assert.equal(m.expertise_category_ids.length, 2);
    // The judge's own OPD is already a conflict; the organizer adds another.
    const table = page.getByTestId('conflict-table');
    await table.getByText('OPD juri sendiri').last().waitFor();
    const ac = page.getByTestId('add-conflict');
    await pick(page, ac, /^Juri/, 'Dr. Uji Dua');
    // 75 OPDs: the list shows 50 at a time, so the clerk types to find one.
    await ac.getByLabel(/^OPD/).first().fill('Puskesmas Uji');
    await page.getByRole('option', { name: 'Puskesmas Uji', exact: true }).click();
    await ac.getByRole('textbox', { name: /^Alasan/ }).fill('Pernah menjadi pembina Puskesmas Uji');
    await ac.getByRole('button', { name: 'Catat konflik' }).click();
    await table.getByText('Pernah menjadi pembina Puskesmas Uji').last().waitFor();
    const conflicts = await apiCall(env.base, 'GET', `/competitions/${compId}/conflicts`, { token: tok });
    assert.ok(conflicts.body.items.some((k) => k.source === 'organizer' && k.judge_id === m.user_id));
    await axe(page, 'the members and conflicts');
    await shot(page, 'people-members-desktop-id');
    await table.getByRole('button', { name: 'Hapus konflik Dr. Uji Dua' }).click();
    await page.getByText('Konflik dihapus.').waitFor();
    await table.getByText('Pernah menjadi pembina Puskesmas Uji').first().waitFor({ state: 'detached' });
  });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();

  // Phones: every page at 360x740, axe-clean, never scrolling sideways.
  const onPhone = await newContext(env, phone);
  const p = await onPhone.newPage();
  await keepShotOnFailure(p, 'organizer-setup-phone', async () => {
    await signIn(p, env.base, organizer);
    const pages = [
      ['/panitia/baru', 'setup-wizard', 'Templat KIPP'],
      [`/panitia/kompetisi/${compId}/pengaturan`, 'setup-settings', 'Pengaturan kompetisi'],
      [`/panitia/kompetisi/${compId}/tahap`, 'setup-rounds', 'Tahap dan rubrik'],
      ['/panitia/opd', 'people-opd', 'Perangkat Daerah (OPD)'],
      ['/panitia/pengguna', 'people-users', 'Pengguna'],
      [`/panitia/kompetisi/${compId}/juri`, 'people-members', 'Konflik kepentingan'],
    ];
    for (const [path, name, text] of pages) {
      await p.goto(`${env.base}${path}`);
      await p.getByText(text, { exact: true }).first().waitFor();
      if (name === 'setup-rounds') {
        await p.getByRole('button', { name: /Penilaian Proposal/ }).click();
        await p.getByTestId('weight-total').first().waitFor();
      }
      await noSideScroll(p, path);
      await axe(p, `${path} on a phone`);
      await shot(p, `${name}-phone-id`);
    }
    // The OPD import's bad lines on a phone: a card per line, several problems
    // listed one under another, in Indonesian, and nothing scrolls sideways.
    await p.goto(`${env.base}/panitia/opd`);
    await p.getByRole('tab', { name: 'Impor dari CSV' }).click();
    const imp = p.getByTestId('opd-import');
    await imp
      .getByRole('textbox', { name: 'Isi berkas' })
      .fill(
        'code,name,kind,parent_code\nHP-1,Dinas HP,dinas,\nHP 2,,kementerian,\nHP-1,Lagi,dinas,TIDAK-ADA\nHP-3,Baris pendek\n',
      );
    await imp.getByRole('button', { name: 'Periksa berkas' }).click();
    const cards = imp.getByTestId('import-error'); // cards, not a table, on a phone
    await imp.getByText('3 baris perlu diperbaiki; belum ada yang disimpan').waitFor();
    assert.equal(await imp.locator('table').count(), 0);
    const texts = await cards.allInnerTexts();
    assert.equal(texts.length, 3, texts.join('\n---\n'));
    assert.match(texts[0], /^Baris 3\s+HP 2,,kementerian,/);
    assert.match(texts[0], /Kolom code: "HP 2" hanya boleh berisi huruf/);
    assert.match(texts[0], /Kolom name wajib diisi\./);
    assert.match(texts[0], /Kolom kind: "kementerian" bukan salah satu dari/);
    assert.equal(await cards.first().locator('li').count(), 3);
    // Line 4's two problems come from two checks; the clerk sees one line.
    assert.match(texts[1], /^Baris 4\s+HP-1,Lagi,dinas,TIDAK-ADA/);
    assert.match(texts[1], /Kolom code: "HP-1" sudah muncul di baris 2\./);
    assert.match(texts[1], /Kolom parent_code: kode OPD "TIDAK-ADA" tidak ada\./);
    assert.match(
      texts[2],
      /^Baris 5\s+HP-3,Baris pendek\s+Baris ini berisi 2 kolom, padahal baris pertama 4 kolom\./,
    );
    assert.doesNotMatch(await imp.innerText(), serverEnglish);
    await noSideScroll(p, 'the OPD import with bad lines');
    await axe(p, 'the OPD import with bad lines on a phone');
    // From the top: a full-page shot of a scrolled page draws the fixed header mid-page.
    await p.evaluate(() => window.scrollTo(0, 0));
    await shot(p, 'people-opd-import-errors-phone-id');
  });
  assert.deepEqual(onPhone.errors, []);
  await onPhone.close();
});

test('admin: an account created without a password gets one from the users page and signs in', async () => {
  const admin = await token(env.base, 'admin@juri.local');
  const made = await apiCall(env.base, 'POST', '/users', {
    token: admin,
    body: { email: 'staf.tanpa.sandi@juri.local', name: 'Staf Tanpa Sandi', role: 'judge' },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.has_password, false);
  const ctx = await newContext(env, phone);
  const page = await ctx.newPage();
  await keepShotOnFailure(page, 'admin-set-password', async () => {
    await signIn(page, env.base, 'admin@juri.local');
    await page.goto(`${env.base}/panitia/pengguna`);
    await page.getByRole('searchbox', { name: 'Cari pengguna' }).fill('tanpa sandi');
    const row = page.getByTestId('user-table').getByRole('row').filter({ hasText: 'Staf Tanpa Sandi' });
    await row.getByText('Belum punya kata sandi').waitFor();
    await row.getByRole('button', { name: 'Atur kata sandi Staf Tanpa Sandi' }).click();
    const dialog = page.getByTestId('set-password');
    await dialog.getByLabel(/^Kata sandi baru/).fill('pendek');
    await dialog.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await dialog.getByText('Kata sandi paling sedikit 10 karakter.').waitFor(); // checked in the browser first
    await axe(page, 'the set-password dialog');
    await shot(page, 'people-users-set-password-phone-id', { fullPage: false });
    await dialog.getByLabel(/^Kata sandi baru/).fill('sandi-baru-pekalongan-26');
    await dialog.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await page.getByText('Kata sandi Staf Tanpa Sandi sudah diatur.').waitFor();
    await row.getByText('Belum punya kata sandi').waitFor({ state: 'detached' });
  });
  const login = await apiCall(env.base, 'POST', '/auth/login', {
    body: { email: 'staf.tanpa.sandi@juri.local', password: 'sandi-baru-pekalongan-26' },
  });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  // Only the admin sees the button: an organizer cannot change an existing account.
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
  const orgCtx = await newContext(env, { viewport: { width: 1280, height: 800 } });
  const org = await orgCtx.newPage();
  await signIn(org, env.base, organizer);
  await org.goto(`${env.base}/panitia/pengguna`);
  await org.getByTestId('user-table').getByText('Staf Tanpa Sandi').waitFor();
  assert.equal(await org.getByRole('button', { name: /^Atur kata sandi/ }).count(), 0);
  await orgCtx.close();
});
