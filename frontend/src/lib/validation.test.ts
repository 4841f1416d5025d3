import { describe, expect, it } from 'vitest';
import {
  checkFile,
  checkReason,
  checkRegistration,
  checkVideoUrl,
  formatBytes,
  typeNames,
} from './validation';

const rules = {
  max_bytes: 25 << 20,
  proposal_types: ['application/pdf'],
  supporting_types: ['application/pdf', 'image/png', 'image/jpeg'],
};

describe('checkFile', () => {
  it('accepts a PDF proposal within the size', () => {
    expect(
      checkFile({ name: 'proposal.pdf', size: 1000, type: 'application/pdf' }, 'proposal', rules),
    ).toBeNull();
  });
  it('refuses another type for the proposal, naming what is allowed', () => {
    expect(checkFile({ name: 'foto.png', size: 1000, type: 'image/png' }, 'proposal', rules)).toEqual({
      key: 'upload.wrongType',
      values: { name: 'foto.png', types: '.PDF' },
    });
  });
  it('accepts an image as a supporting document', () => {
    expect(checkFile({ name: 'foto.jpg', size: 1000, type: 'image/jpeg' }, 'supporting', rules)).toBeNull();
  });
  it('judges by the extension when the browser gives no type', () => {
    expect(checkFile({ name: 'Bukti.PDF', size: 1, type: '' }, 'proposal', rules)).toBeNull();
    expect(checkFile({ name: 'catatan.txt', size: 1, type: '' }, 'supporting', rules)?.key).toBe(
      'upload.wrongType',
    );
  });
  it('refuses a file over the limit with both sizes', () => {
    expect(
      checkFile({ name: 'besar.pdf', size: 26 << 20, type: 'application/pdf' }, 'proposal', rules),
    ).toEqual({
      key: 'upload.tooLarge',
      values: { name: 'besar.pdf', size: '26 MB', max: '25 MB' },
    });
  });
  it('refuses an empty file', () => {
    expect(checkFile({ name: 'kosong.pdf', size: 0, type: 'application/pdf' }, 'proposal', rules)?.key).toBe(
      'upload.empty',
    );
  });
  it('names the types and sizes plainly', () => {
    expect(typeNames(rules.supporting_types)).toBe('.PDF, .PNG, .JPG, .JPEG');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});

describe('checkRegistration', () => {
  const good = {
    name: 'Sri',
    email: 'sri@pekalongankab.go.id',
    password: 'panjang-sekali',
    password2: 'panjang-sekali',
    organization_id: '3',
  };
  it('passes a complete form', () => {
    expect(checkRegistration(good, 10)).toEqual({});
  });
  it('names every problem at once', () => {
    const bad = checkRegistration(
      { name: ' ', email: 'sri@', password: 'pendek', password2: 'lain', organization_id: null },
      10,
    );
    expect(Object.keys(bad).sort()).toEqual(['email', 'name', 'organization_id', 'password', 'password2']);
    expect(bad.password).toEqual({ key: 'form.passwordShort', values: { min: 10 } });
  });
});

describe('small checks', () => {
  it('accepts only http(s) video links', () => {
    expect(checkVideoUrl('')).toBeNull();
    expect(checkVideoUrl('https://youtu.be/x')).toBeNull();
    expect(checkVideoUrl('javascript:alert(1)')?.key).toBe('form.url');
    expect(checkVideoUrl('bukan tautan')?.key).toBe('form.url');
  });
  it('wants a reason', () => {
    expect(checkReason('  ')?.key).toBe('form.reasonRequired');
    expect(checkReason('x'.repeat(2001))?.key).toBe('form.tooLong');
    expect(checkReason('Saya pernah membina OPD ini.')).toBeNull();
  });
});
