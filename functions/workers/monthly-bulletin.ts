/**
 * 02:00 on the 1st (Asia/Shanghai): start last month's bulletins — one job per centre on the
 * reports queue. Invoked with `{"month": "2026-03"}` it reruns that month (idempotent).
 */
import { startMonthlyRun } from '../../shared/use-cases/reports/monthly.ts';

export const handler = async (input?: { month?: unknown }): Promise<{ sent: number; month: string }> =>
  startMonthlyRun(typeof input?.month === 'string' ? { month: input.month } : {});
