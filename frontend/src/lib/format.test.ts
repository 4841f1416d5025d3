import { describe, expect, it } from 'vitest';
import { formatDateTime, formatScore, remaining } from './format';

describe('format', () => {
  it('writes times in WIB in either language', () => {
    // 09:00 UTC is 16:00 in Jakarta.
    expect(formatDateTime('2020-03-12T09:00:00Z', 'id')).toBe('12 Maret 2020 pukul 16.00 WIB');
    expect(formatDateTime('2020-03-12T09:00:00Z', 'en')).toBe('12 March 2020 at 16:00 WIB');
    expect(formatDateTime(null, 'id')).toBe('');
  });
  it('counts down to a deadline', () => {
    const now = Date.parse('2020-03-01T00:00:00Z');
    expect(remaining('2020-03-03T05:30:00Z', now)).toEqual({
      past: false,
      days: 2,
      hours: 5,
      minutes: 30,
      urgent: false,
    });
    expect(remaining('2020-03-01T02:00:00Z', now)).toMatchObject({ urgent: true, hours: 2 });
    expect(remaining('2020-02-28T00:00:00Z', now)).toMatchObject({ past: true, days: 0 });
  });
  it('writes scores with the decimal mark of the language', () => {
    expect(formatScore(82.5, 'id')).toBe('82,5');
    expect(formatScore(82.5, 'en')).toBe('82.5');
    expect(formatScore(null, 'id')).toBe('–');
  });
});
