/**
 * The route table, declared once. The CDK stateless stack makes one Lambda function and one
 * HTTP API route per entry; the local HTTP front serves the same entries by importing the
 * same handler modules; the OpenAPI document lists these paths. Handlers read their allowed
 * roles from its run-time slice, `route-access.ts`, generated from this table by `npm run gen:api`
 * (the table itself stays out of the function bundles). Each area keeps its entries in
 * routes/<area>.ts. Plain data only.
 */

import type { Route } from './route-types.ts';
import { adminRoutes } from './routes/admin.ts';
import { archiveRoutes } from './routes/archive.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { caseRoutes } from './routes/cases.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { citizenRoutes } from './routes/citizen.ts';
import { closureRoutes } from './routes/closure.ts';
import { documentRoutes } from './routes/documents.ts';
import { reportRoutes } from './routes/reports.ts';
import { systemRoutes } from './routes/system.ts';
import { workOrderRoutes } from './routes/work-orders.ts';

export * from './route-types.ts';

export const routes = [
  ...systemRoutes,
  ...adminRoutes,
  ...caseRoutes,
  ...calendarRoutes,
  ...workOrderRoutes,
  ...documentRoutes,
  ...catalogueRoutes,
  ...archiveRoutes,
  ...closureRoutes,
  ...reportRoutes,
  ...citizenRoutes,
] as const satisfies readonly Route[];

export type RouteId = (typeof routes)[number]['id'];

export function routeById(id: RouteId): Route {
  const route = routes.find((r) => r.id === id);
  if (!route) throw new Error(`unknown route ${id}`);
  return route;
}
