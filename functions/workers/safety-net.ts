/** Daily (06:00 Asia/Shanghai): run every work-order check that should have happened and did not. */
import { runSafetyNet } from '../../shared/use-cases/supervision.ts';

export const handler = async (): Promise<{ sent: number }> => ({ sent: await runSafetyNet() });
