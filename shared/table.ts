/**
 * The one DynamoDB table's shape, declared once: the CDK stateful stack and the local
 * bootstrap both create the table from this, and the data layer builds keys with it.
 *
 * Item collections (pk → sk):
 *   TENANT#{tenantId}            → PROFILE | DEPT#{departmentId} | DUTY#{yyyy-mm-dd} | SEQ#CASE#{yyyy}
 *   CASE#{caseId}                → CASE | EV#{seq:6} (audit events) | WO#{workOrderId}
 *   IDEM#{scope}#{key}           → IDEM (idempotency record, TTL 24 h)
 *   CALENDAR                     → OVR#{yyyy-mm-dd}#{region|*} (admin calendar overrides; a few dozen a year)
 *
 * GSI `byRegion` (the ledger): gsi1pk = `CASES#{province:2}`, gsi1sk = `{tenantId}#{acceptedAt}#{caseNumber}`.
 * A centre queries `begins_with(tenantId#)` (or BETWEEN for a period); a supervisor queries
 * `begins_with(regionCode)` — the same index serves centre, county, city and province scope.
 */
export const table = {
  /** Logical name; the deployed physical name comes from the TABLE_NAME env var. */
  name: 'bancheng',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAtEpoch',
  indexes: {
    byRegion: { name: 'byRegion', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
} as const;

export type IndexName = keyof typeof table.indexes;

/** Every key attribute the table and its indexes use: all strings. */
export const keyAttributes = [
  table.partitionKey,
  table.sortKey,
  ...Object.values(table.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
] as const;

export const keys = {
  tenant: (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'PROFILE' }),
  department: (tenantId: string, departmentId: string) => ({
    pk: `TENANT#${tenantId}`,
    sk: `DEPT#${departmentId}`,
  }),
  dutyDay: (tenantId: string, date: string) => ({ pk: `TENANT#${tenantId}`, sk: `DUTY#${date}` }),
  caseSequence: (tenantId: string, year: string) => ({ pk: `TENANT#${tenantId}`, sk: `SEQ#CASE#${year}` }),
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseEvent: (caseId: string, seq: number) => ({
    pk: `CASE#${caseId}`,
    sk: `EV#${String(seq).padStart(6, '0')}`,
  }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  calendarOverride: (date: string, region?: string) => ({ pk: 'CALENDAR', sk: `OVR#${date}#${region ?? '*'}` }),
  caseLedger: (tenantId: string, acceptedAt: string, caseNumber: string) => ({
    gsi1pk: `CASES#${tenantId.slice(0, 2)}`,
    gsi1sk: `${tenantId}#${acceptedAt}#${caseNumber}`,
  }),
} as const;
