import { describe, expect, it } from 'vitest';
import { minutesUntilAllowed, nameLines, whatsappLink } from './whatsapp';

describe('whatsappLink', () => {
  it('puts the whole text, encoded, in the text parameter', () => {
    const link = whatsappLink('Yth. Juri,\n3 dari 5 selesai & lanjut? 100%');
    expect(link.startsWith('https://wa.me/?text=')).toBe(true);
    expect(decodeURIComponent(link.slice('https://wa.me/?text='.length))).toBe(
      'Yth. Juri,\n3 dari 5 selesai & lanjut? 100%',
    );
    expect(link).not.toContain('\n');
    expect(link).not.toContain(' ');
  });
});

describe('nameLines', () => {
  it('lists names one a line and counts the rest', () => {
    expect(nameLines(['A', 'B', 'C'], 2, (n) => `dan ${n} lainnya`)).toBe('- A\n- B\ndan 1 lainnya');
    expect(nameLines(['A'], 2, () => 'x')).toBe('- A');
  });
});

describe('minutesUntilAllowed', () => {
  it('counts down the hour after a reminder', () => {
    const now = new Date('2020-03-02T10:00:00Z');
    expect(minutesUntilAllowed('2020-03-02T09:45:00Z', now)).toBe(45);
    expect(minutesUntilAllowed('2020-03-02T08:00:00Z', now)).toBe(0);
  });
});
