/**
 * The rows the lists answer: what GET /cases answers of a case (`CaseSummary`) and what a centre's
 * or region's GET /work-orders and the supervision board answer of a work order
 * (`WorkOrderSummary`). The ledger index projects them (shared/table.ts, `regionReads`), the stores
 * ask it for exactly these, and test/infra/index-projections.test.ts holds them to the API's
 * schemas. A module of constants only, so the table definition and every store can import it.
 */
export const CASE_ROW = [
  'id',
  'number',
  'tenantId',
  'status',
  'channel',
  'reporter',
  'scope',
  'matter',
  'acceptedAt',
  'latestFollowUp',
] as const;

export const WORK_ORDER_ROW = [
  'id',
  'number',
  'caseId',
  'caseNumber',
  'tenantId',
  'departmentId',
  'departmentName',
  'category',
  'status',
  'overdue',
  'overdueAt',
  'escalationLevel',
  'dueAt',
  'provisional',
  'transferredAt',
  'acknowledgedAt',
  'suspension',
  'extension',
] as const;
