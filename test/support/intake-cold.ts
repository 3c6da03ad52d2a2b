/**
 * A cold container: a fresh process that has never numbered a case, registering one for a
 * centre that already has cases. Prints the number and every DynamoDB call it made with its
 * outcome, so a test can see the production path (no cancelled transaction first).
 * Env: DYNAMODB_ENDPOINT, TABLE_NAME, TENANT_ID, START_AT (ISO).
 */
import { AdjustableClock, useClock } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import { registerCase } from '../../shared/use-cases/intake.ts';
import { intakeBody } from './fixtures.ts';

useClock(new AdjustableClock({ frozenAt: new Date(process.env.START_AT ?? '2026-03-02T09:00:00+08:00') }));
const tenantId = process.env.TENANT_ID ?? '510104001';
const clerk = { id: 'cold', name: '冷启动', role: 'staff' as const, tenantId };

const calls: { command: string; ok: boolean }[] = [];
documentClient().middlewareStack.add(
  (next, context) => async (args) => {
    try {
      const out = await next(args);
      calls.push({ command: String(context.commandName), ok: true });
      return out;
    } catch (error) {
      calls.push({ command: String(context.commandName), ok: false });
      throw error;
    }
  },
  { step: 'initialize', name: 'recordCalls' },
);

const result = await registerCase(
  clerk,
  intakeBody({ matter: '冷启动事项' }) as Parameters<typeof registerCase>[1],
);
process.stdout.write(JSON.stringify({ number: result.case.number, calls }));
