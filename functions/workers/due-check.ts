/** EventBridge Scheduler target: one reminder, due check or escalation of one work order. */
import { runInvocationHooks } from '../../shared/adapters/invocation-hooks.ts';
import { logger } from '../../shared/adapters/logger.ts';
import { CHECK_KINDS, type DueCheckInput } from '../../shared/domain/supervision.ts';
import { runDueCheck } from '../../shared/use-cases/supervision.ts';

function isInput(x: unknown): x is DueCheckInput {
  const i = x as Partial<DueCheckInput> | undefined;
  return (
    typeof i?.workOrderId === 'string' &&
    typeof i.tenantId === 'string' &&
    typeof i.dueAt === 'string' &&
    (CHECK_KINDS as readonly string[]).includes(String(i.kind))
  );
}

export const handler = async (event: unknown): Promise<{ outcome: string }> => {
  if (!isInput(event)) {
    // Retrying a malformed input would never help: log it and let the schedule complete.
    logger.error('due check input is malformed', { event: event as Record<string, unknown> });
    return { outcome: 'malformed' };
  }
  await runInvocationHooks(); // the action-link key it signs with (shared/adapters/secrets.ts)
  return { outcome: await runDueCheck(event) };
};
