/** Routes of the `calendar` area (working days, deadlines, overrides); merged in ../routes.ts. */
import type { Route } from '../route-types.ts';

export const calendarRoutes = [] as const satisfies readonly Route[];
