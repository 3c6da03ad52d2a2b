/**
 * The closed lists of a work order (categories, statuses), apart from the schemas built on them:
 * code that needs only a list builds no schema at import. Re-exported by ./work-order.ts.
 */
export const CATEGORIES = ['simple', 'general', 'complex'] as const;
export const WORK_ORDER_STATUSES = [
  'pending_delivery',
  'delivered',
  'acknowledged',
  'in_progress',
  'completed',
  'returned',
  'recalled',
  'delivery_failed',
] as const;
