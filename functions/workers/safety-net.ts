/** Daily (06:00 Asia/Shanghai): run every work-order check that should have happened and did not. */
import { runInvocationHooks } from '../../shared/adapters/invocation-hooks.ts';
import { runSafetyNet } from '../../shared/use-cases/supervision.ts';

export const handler = async (): Promise<{ sent: number }> => {
  await runInvocationHooks(); // the action-link key it signs with (shared/adapters/secrets.ts)
  return { sent: await runSafetyNet() };
};
