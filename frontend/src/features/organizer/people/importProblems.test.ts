import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { resources } from '../../../i18n/resources';
import {
  badLines,
  lineReasons,
  problemCodes,
  problemKey,
  type LineError,
  type LineProblem,
} from './importProblems';

// Placeholders a text names and its params lack.
const missing: string[] = [];

async function i18nOf(lng: 'id' | 'en') {
  const i = i18next.createInstance();
  await i.init({
    resources,
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    missingInterpolationHandler: (_text: string, value: RegExpExecArray) => {
      missing.push(`${lng}: ${value[1]}`);
      return '';
    },
  });
  return i;
}

async function lang(lng: 'id' | 'en') {
  const i = await i18nOf(lng);
  return (e: LineError) => lineReasons(i.t, (k) => i.exists(k), e);
}

const kinds = 'sekretariat, inspektorat, dinas, badan, kecamatan, kelurahan, puskesmas, rsud, other';
const line = (problems: LineProblem[], message = 'the English message'): LineError => ({
  line: 3,
  message,
  problems,
});

// Params as the server sends them for each code (api/import_problems_test.go).
const samples: Record<string, LineProblem> = {
  required: { code: 'required', field: 'name', params: {} },
  too_long: { code: 'too_long', field: 'name', params: { max: 200 } },
  bad_email: { code: 'bad_email', field: 'email', params: { value: 'bukan-email' } },
  bad_characters: { code: 'bad_characters', field: 'code', params: { value: 'BAD CODE' } },
  control_characters: { code: 'control_characters', field: 'name', params: {} },
  not_utf8: { code: 'not_utf8', field: null, params: {} },
  not_one_of: { code: 'not_one_of', field: 'kind', params: { value: 'kementerian', allowed: kinds } },
  unknown_code: { code: 'unknown_code', field: 'parent_code', params: { value: 'X' } },
  duplicate_in_file: {
    code: 'duplicate_in_file',
    field: 'email',
    params: { value: 'a@b.go.id', first_line: 3 },
  },
  required_for_role: {
    code: 'required_for_role',
    field: 'organization_code',
    params: { role: 'participant' },
  },
  admin_only_role: { code: 'admin_only_role', field: 'role', params: { role: 'organizer' } },
  account_exists: {
    code: 'account_exists',
    field: 'email',
    params: {
      value: 'siti@dinkes.go.id',
      role: 'participant',
      organization: 'opd',
      organization_code: 'DINKES',
    },
  },
  last_admin: { code: 'last_admin', field: 'role', params: {} },
  parent_is_self: { code: 'parent_is_self', field: 'parent_code', params: { value: 'SELF' } },
  parent_cycle: { code: 'parent_cycle', field: 'parent_code', params: { value: 'CY2' } },
  parent_missing: { code: 'parent_missing', field: 'parent_code', params: { value: 'DINKES' } },
  unreadable_line: { code: 'unreadable_line', field: null, params: { reason: 'x' } },
  bad_quote: {
    code: 'bad_quote',
    field: null,
    params: { reason: 'extraneous or missing " in quoted-field' },
  },
  wrong_field_count: { code: 'wrong_field_count', field: null, params: { fields: 2, header: 4 } },
  missing_columns: {
    code: 'missing_columns',
    field: null,
    params: { columns: 'code,name,kind,parent_code', missing: 'kind, parent_code' },
  },
  empty_file: { code: 'empty_file', field: null, params: { columns: 'code,name,kind,parent_code' } },
  no_data_lines: { code: 'no_data_lines', field: null, params: {} },
  invalid: { code: 'invalid', field: 'name', params: { value: 'x', reason: 'is odd' } },
};

describe('lineReasons', () => {
  it('says every code of the contract in both languages, every placeholder filled', async () => {
    for (const lng of ['id', 'en'] as const) {
      const say = await lang(lng);
      for (const code of problemCodes) {
        const p = samples[code];
        expect(p, `a sample of ${code}`).toBeDefined();
        const [text, ...more] = say(line([p!]));
        expect(more).toEqual([]);
        expect(text, `${lng} ${code}`).not.toBe('the English message');
        expect(text, `${lng} ${code}`).not.toMatch(/\{\{|\}\}|people\.|Kolom :|Column :/);
      }
    }
    expect(missing).toEqual([]);
  });

  it('speaks Indonesian to a clerk', async () => {
    const say = await lang('id');
    expect(say(line([samples.not_one_of!]))).toEqual([
      `Kolom kind: "kementerian" bukan salah satu dari ${kinds}.`,
    ]);
    expect(say(line([samples.unknown_code!]))).toEqual(['Kolom parent_code: kode OPD "X" tidak ada.']);
    expect(say(line([samples.duplicate_in_file!]))).toEqual([
      'Kolom email: "a@b.go.id" sudah muncul di baris 3.',
    ]);
    expect(say(line([samples.admin_only_role!]))).toEqual([
      'Hanya admin yang boleh mengimpor akun Panitia (organizer).',
    ]);
    expect(say(line([samples.account_exists!]))).toEqual([
      'siti@dinkes.go.id sudah punya akun (Peserta, OPD DINKES); hanya admin yang boleh mengubah akun yang sudah ada.',
    ]);
    const none = {
      ...samples.account_exists!,
      params: { value: 'a@b.go.id', role: 'judge', organization: 'none' },
    };
    expect(say(line([none]))[0]).toContain('(Juri, tanpa OPD)');
    const other = {
      ...samples.account_exists!,
      params: { value: 'a@b.go.id', role: 'judge', organization: 'other' },
    };
    expect(say(line([other]))[0]).toContain('(Juri, OPD lain)');
    // One text per problem, in the server's order.
    expect(
      say(line([samples.required!, { code: 'required', field: 'code', params: {} }, samples.not_one_of!])),
    ).toEqual(['Kolom name wajib diisi.', 'Kolom code wajib diisi.', expect.stringMatching(/^Kolom kind:/)]);
  });

  it('falls back to the server message for a code it does not know, or no problems', async () => {
    const say = await lang('id');
    const unknown = { code: 'brand_new', field: 'name', params: {} } as unknown as LineProblem;
    expect(say(line([samples.required!, unknown], 'name is required; name is brand new'))).toEqual([
      'name is required; name is brand new',
    ]);
    expect(say(line([], 'has 2 fields, the header has 4'))).toEqual(['has 2 fields, the header has 4']);
    const old = { line: 2, message: 'from an older server' } as LineError;
    expect(say(old)).toEqual(['from an older server']);
    expect(problemKey('required')).toBe('people.import.problem.required');
  });
});

describe('badLines', () => {
  it('shows each line of the file once, with all its reasons in order', async () => {
    const i = await i18nOf('id');
    const errors: LineError[] = [
      line([samples.required!]),
      { line: 4, message: 'code OK1 already appears on line 2', problems: [samples.duplicate_in_file!] },
      { line: 4, message: 'parent_code "X" does not exist', problems: [samples.unknown_code!] },
      { line: 5, message: 'has 2 fields, the header has 4', problems: [samples.wrong_field_count!] },
    ];
    expect(badLines(i.t, (k) => i.exists(k), errors)).toEqual([
      { line: 3, reasons: ['Kolom name wajib diisi.'] },
      {
        line: 4,
        reasons: [
          'Kolom email: "a@b.go.id" sudah muncul di baris 3.',
          'Kolom parent_code: kode OPD "X" tidak ada.',
        ],
      },
      {
        line: 5,
        reasons: [
          'Baris ini berisi 2 kolom, padahal baris pertama 4 kolom. Periksa koma atau titik komanya.',
        ],
      },
    ]);
  });
});
