import { ValidationError } from '../errors.ts';

type Headers = Record<string, string | undefined>;

/** `Idempotency-Key`: optional; 1–128 visible ASCII characters. */
export function idempotencyKey(headers: Headers): string | undefined {
  const key = headers['idempotency-key']?.trim();
  if (key === undefined || key === '') return undefined;
  if (!/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new ValidationError('幂等键格式不正确', [
      { field: 'Idempotency-Key', message: '幂等键应为1至128个可见ASCII字符，例如一个UUID' },
    ]);
  }
  return key;
}

/** `If-Match: "3"` (or `3`): the case version the caller edited. */
export function ifMatchVersion(headers: Headers): number | undefined {
  const raw = headers['if-match']?.trim();
  if (!raw) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw);
  if (!m) {
    throw new ValidationError('If-Match 格式不正确', [
      { field: 'If-Match', message: 'If-Match 应为案件版本号，例如 "3"' },
    ]);
  }
  return Number(m[1]);
}
