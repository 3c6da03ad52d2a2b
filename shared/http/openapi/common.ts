/** Shared pieces of the OpenAPI operations; each area describes its own in openapi/<area>.ts. */
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

export type Operation = Omit<ZodOpenApiOperationObject, 'responses' | 'operationId' | 'summary' | 'tags'> & {
  ok: { status: string; schema?: z.ZodType; contentType?: string; description: string };
};

export const jsonBody = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: '同一键与相同内容24小时内重复提交只创建一次' }),
});

export const IfMatchHeader = z.object({
  'if-match': z.string().optional().meta({ description: '期望的版本，例如 "3"' }),
});
