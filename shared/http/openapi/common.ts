/** Shared pieces of the OpenAPI operations; each area describes its own in openapi/<area>.ts. */
import * as z from 'zod/mini';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { meta } from '../../schemas/common.ts';

export type Operation = Omit<ZodOpenApiOperationObject, 'responses' | 'operationId' | 'summary' | 'tags'> & {
  ok: { status: string; schema?: z.ZodMiniType; contentType?: string; description: string };
};

export const jsonBody = (schema: z.ZodMiniType) => ({ content: { 'application/json': { schema } } });

export const IdempotencyHeader = z.object({
  'idempotency-key': meta(z.optional(z.string()), {
    description: '同一键与相同内容24小时内重复提交只创建一次',
  }),
});

export const IfMatchHeader = z.object({
  'if-match': meta(z.optional(z.string()), { description: '期望的版本，例如 "3"' }),
});
