/**
 * What the monthly figures (shared/domain/statistics.ts) read of a centre's cases and work orders.
 * The ledger index (`byRegion`, shared/table.ts) projects these too, so the 02:00 run reads a
 * centre's month from the index alone, never the records behind it. Each of them changes only with
 * a change the ledger shows anyway (a status, the overdue flag) — but for an order's first answer
 * after its breach (`answeredSinceOverdueAt`), which a progress report on an order already in
 * progress sets — so projecting them adds next to no index writes. `StatisticsInput` is typed on
 * them: a figure that reads another field does not compile.
 */
export const statisticsReads = {
  case: [
    'id',
    'tenantId',
    'status',
    'scope',
    'matter',
    'channel',
    'assisted',
    'acceptedAt',
    'closure',
    'followUps',
    'latestFollowUp',
  ],
  workOrder: [
    'id',
    'number',
    'caseId',
    'caseNumber',
    'tenantId',
    'departmentId',
    'departmentName',
    'category',
    'status',
    'dueAt',
    'overdueAt',
    'breachedDueAt',
    'escalationLevel',
    'suspension',
    'feedback',
    'firstAnsweredAt',
    'answeredSinceOverdueAt',
    'transferredAt',
  ],
} as const;
