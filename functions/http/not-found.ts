/**
 * The HTTP API's `$default` route in AWS: a request no route matches gets the error contract —
 * 404, or 405 with `Allow` when the address exists with other methods — instead of API Gateway's
 * bare `{"message":"Not Found"}`. The local front answers the same from the same module.
 */
import type { HttpEvent, HttpResponse } from '../../shared/http/handler.ts';
import {
  decodePath,
  malformedPathResponse,
  matchRoute,
  unmatchedResponse,
} from '../../shared/http/route-match.ts';

export async function handler(event: HttpEvent): Promise<HttpResponse> {
  const method = event.requestContext?.http?.method ?? 'GET';
  const segments = decodePath(event.rawPath ?? '/');
  const match = segments ? matchRoute(method, segments) : undefined;
  const answer = !segments
    ? malformedPathResponse()
    : unmatchedResponse(method, match?.kind === 'unmatched' ? match.allow : []);
  return {
    statusCode: answer.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...answer.headers },
    body: JSON.stringify(answer.body),
  };
}
