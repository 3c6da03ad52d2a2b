/** Scheduled every minute: resend every outbox record whose send was lost or whose retry is due. */
import { sweepOutbox } from '../../shared/use-cases/outbox.ts';

export const handler = async (): Promise<{ sent: number }> => ({ sent: await sweepOutbox() });
