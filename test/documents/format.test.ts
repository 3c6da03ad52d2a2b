import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../shared/documents/format.ts';

describe('formatDateTime prints Asia/Shanghai time', () => {
  it.each([
    ['2026-10-09T17:30:00+08:00', '2026年10月09日 17:30'],
    ['2026-10-09T09:30:00Z', '2026年10月09日 17:30'],
    ['2026-10-09T09:30:00.123Z', '2026年10月09日 17:30'],
    ['2026-12-31T16:00:00Z', '2027年01月01日 00:00'],
    ['2028-02-28T20:15:00-05:00', '2028年02月29日 09:15'],
    ['2026-03-01T01:00:00+09:00', '2026年03月01日 00:00'],
    ['2026-03-01T00:59:00+09:00', '2026年02月28日 23:59'],
    ['2000-01-01T00:00:00+0800', '2000年01月01日 00:00'],
  ])('%s → %s', (iso, printed) => {
    expect(formatDateTime(iso)).toBe(printed);
  });

  it('returns text it cannot read unchanged', () => {
    expect(formatDateTime('明天下午')).toBe('明天下午');
    expect(formatDateTime('2026-10-09')).toBe('2026-10-09');
  });
});

describe('formatDate', () => {
  it('prints a calendar date', () => {
    expect(formatDate('2026-10-09')).toBe('2026年10月09日');
  });
  it('takes the Shanghai date of a full time', () => {
    expect(formatDate('2026-10-08T16:00:00Z')).toBe('2026年10月09日');
  });
  it('returns text it cannot read unchanged', () => {
    expect(formatDate('10/09/2026')).toBe('10/09/2026');
  });
});
