import { afterEach, describe, expect, it } from 'vitest';
import { logger, maskPhones, setLogSink, withLogContext } from '../../shared/adapters/logger.ts';

describe('log masking', () => {
  const lines: string[] = [];
  // These tests are about the default level (info), whatever the suite runs with.
  process.env.LOG_LEVEL = 'info';
  const previous = setLogSink((l) => lines.push(l));
  afterEach(() => {
    lines.length = 0;
  });

  it('masks mobile and landline numbers anywhere in a line', () => {
    expect(maskPhones('电话 13812345678，座机 028-86660000')).toBe('电话 138****5678，座机 028-****0000');
  });

  it('leaves case numbers and other long digit runs alone', () => {
    expect(maskPhones('510104001-2026-00001')).toBe('510104001-2026-00001');
  });

  it('a logged object carries the request id and tenant, and no phone number in clear', () => {
    withLogContext({ requestId: 'req-1', tenantId: '510104001' }, () => {
      logger.info('case registered', { reporter: { name: '张三', phone: '13800001234' } });
    });
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 'info',
      requestId: 'req-1',
      tenantId: '510104001',
      message: 'case registered',
    });
    expect(lines[0]).not.toContain('13800001234');
    expect(entry.reporter.phone).toBe('138****1234');
  });

  it('debug lines are not written at the default level (info)', () => {
    logger.debug('below the default level');
    logger.info('at the default level');
    expect(lines).toHaveLength(1);
    setLogSink(previous);
  });
});
