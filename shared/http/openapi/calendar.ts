/** OpenAPI operations of the `calendar` routes. */
import type { calendarRoutes } from '../routes/calendar.ts';
import type { Operation } from './common.ts';

export const calendarOperations: Record<(typeof calendarRoutes)[number]['id'], Operation> = {};
