/**
 * A second process registering cases at the same time as the test process, so the counter's
 * transaction guard (not the in-process queue) has to keep numbers gapless.
 * Env: DYNAMODB_ENDPOINT, TABLE_NAME, TENANT_ID, COUNT, START_AT (ISO). Prints the numbers as JSON.
 */
import { AdjustableClock, useClock } from '../../shared/adapters/clock.ts';
import { registerCase } from '../../shared/use-cases/intake.ts';
import { intakeBody } from './fixtures.ts';

useClock(new AdjustableClock({ frozenAt: new Date(process.env.START_AT ?? '2026-03-02T09:00:00+08:00') }));
const tenantId = process.env.TENANT_ID ?? '510104001';
const count = Number(process.env.COUNT ?? 50);
const clerk = { id: 'burst', name: '并发测试', role: 'staff' as const, tenantId };

const results = await Promise.all(
  Array.from({ length: count }, (_, i) =>
    registerCase(clerk, intakeBody({ matter: `子进程事项${i}` }) as Parameters<typeof registerCase>[1]),
  ),
);
process.stdout.write(JSON.stringify(results.map((r) => r.case.number)));
