/**
 * The lists that grow on a case, as the case item summarises them. 回访 records as a case carries them: the records live in items of their own (`FU#…`); the
 * case keeps their count and the latest record, which is all a ledger row or a report needs.
 * Cases written before the records moved out still hold the whole list (`followUps`).
 */
import type { Case, FollowUpRecord } from '../schemas/case.ts';

type Carrier = Pick<Case, 'followUps' | 'followUpCount' | 'latestFollowUp'>;

/** How many task-force meetings were recorded (an older case holds its meetings embedded). */
export function meetingCountOf(c: Pick<Case, 'meetings' | 'meetingCount'>): number {
  return c.meetingCount ?? c.meetings?.length ?? 0;
}

/** The most recent follow-up, whichever way the case was written. */
export function latestFollowUpOf(c: Carrier): FollowUpRecord | undefined {
  return c.latestFollowUp ?? c.followUps?.at(-1);
}

/** How many follow-ups were made. */
export function followUpCountOf(c: Carrier): number {
  return c.followUpCount ?? c.followUps?.length ?? 0;
}

/**
 * The follow-ups a report can know from the case item alone, oldest first: the embedded list of an
 * older case, then the latest record when it is not in that list. Complete while the case has at
 * most one record outside the embedded list (`followUpCount` says whether more exist).
 */
export function knownFollowUps(c: Carrier): FollowUpRecord[] {
  const embedded = c.followUps ?? [];
  const latest = c.latestFollowUp;
  if (!latest || embedded.some((f) => f.round === latest.round && f.at === latest.at)) return embedded;
  return [...embedded, latest];
}
