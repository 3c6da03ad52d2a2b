/**
 * One Lambda for several routes: the handler of each route, chosen by the event's `routeKey`
 * (`GET /cases/{caseId}/meetings`, as API Gateway and the local front both send it). Routes that
 * share an `entry` in the route table share a function, so a small read route costs the stack one
 * resource (its route) instead of a function, role, policy, log group, integration and permission —
 * the stateless stack stays within CloudFormation's 500 resources.
 */
import type { Context } from 'aws-lambda';
import { ROUTE_ACCESS } from './route-access.ts';
import type { RouteId } from './routes.ts';

type Handler<E> = (event: E, context: Context) => Promise<unknown>;

export function routeSwitch<E extends { routeKey?: string }>(
  handlers: Partial<Record<RouteId, Handler<E>>>,
): (event: E, context: Context) => Promise<unknown> {
  const byKey = new Map<string, Handler<E>>();
  for (const [id, handler] of Object.entries(handlers) as [RouteId, Handler<E>][]) {
    byKey.set(ROUTE_ACCESS[id].key, handler);
  }
  const [fallback] = byKey.values();
  if (!fallback) throw new Error('routeSwitch needs at least one route');
  return (event, context) => (byKey.get(event.routeKey ?? '') ?? fallback)(event, context);
}
