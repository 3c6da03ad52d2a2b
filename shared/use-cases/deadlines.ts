/** Deadline steps that follow a work order's feedback. */
import { nextProgressDeadlineFor } from './calendar.ts';
import type { Loaded } from './work-orders.ts';

/** A complex order's next progress report is due 5 working days (tenant-configurable) after this one. */
export async function nextProgressDue({ tenant }: Loaded, now: Date): Promise<string> {
  return (await nextProgressDeadlineFor(tenant, now)).dueAt;
}
