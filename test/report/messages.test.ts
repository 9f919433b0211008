import { format, MESSAGES } from '../../lib/report/messages';

describe('report messages', () => {
  const en = MESSAGES.en;
  const ja = MESSAGES.ja;

  test('Japanese and English tables have the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  test('no label is empty and the Japanese table is translated', () => {
    for (const [key, value] of [...Object.entries(en), ...Object.entries(ja)]) {
      expect(`${key}=${value.trim()}`).not.toMatch(/=$/);
    }
    // Labels that are the same in both languages are technical names (IGW, CIDR, …), never sentences.
    const same = Object.keys(en).filter((key) => en[key as keyof typeof en] === ja[key as keyof typeof ja]);
    for (const key of same) expect(en[key as keyof typeof en]).toMatch(/^[A-Za-z0-9 ./()-]{1,20}$/);
  });

  test('both tables use the same parameters in each message', () => {
    const params = (value: string): string[] => [...value.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect([key, params(ja[key])]).toEqual([key, params(en[key])]);
  });

  test('format fills parameters and leaves unknown ones visible', () => {
    expect(format('{count} of {total} {other}', { count: 2, total: '3' })).toBe('2 of 3 {other}');
  });
});
