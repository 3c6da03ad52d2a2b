/**
 * Validation messages name the field as the form does, in Chinese — for every field of every
 * operation — and `signedAt` takes a date or an ISO date-time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/http/openapi.ts';
import { hasLabel, parseOrThrow } from '../../shared/http/validation.ts';
import { ConfirmationBody } from '../../shared/schemas/case.ts';
import { ExtensionRequestBody, FeedbackBody } from '../../shared/schemas/work-order.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

/** Every request field of the served document, as a dotted path, with the operations using it. */
function requestFields(): Map<string, string[]> {
  const doc = openApiDocument() as unknown as {
    paths: Record<string, Record<string, Operation & { operationId: string }>>;
    components: { schemas: Record<string, Schema> };
  };
  const fields = new Map<string, string[]>();
  const add = (field: string, op: string) => fields.set(field, [...(fields.get(field) ?? []), op]);
  const walk = (schema: Schema | undefined, path: string[], op: string, depth = 0): void => {
    if (!schema || depth > 8) return;
    if (schema.$ref) {
      walk(doc.components.schemas[schema.$ref.split('/').pop() ?? ''], path, op, depth + 1);
      return;
    }
    for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      walk(s, path, op, depth + 1);
    walk(schema.items, path, op, depth + 1);
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      add([...path, name].join('.'), op);
      walk(sub, [...path, name], op, depth + 1);
    }
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      // Headers (Idempotency-Key, If-Match) carry their own messages, written where they are read.
      for (const p of op.parameters ?? []) if (p.in !== 'header') add(p.name, op.operationId);
      walk(op.requestBody?.content?.['application/json']?.schema, [], op.operationId);
    }
  }
  return fields;
}

describe('field labels', () => {
  it('every request field of every operation has a Chinese label', () => {
    const fields = requestFields();
    expect(fields.size).toBeGreaterThan(50);
    const missing = [...fields].filter(([f]) => !hasLabel(f)).map(([f, ops]) => `${f} (${ops[0]})`);
    expect(missing).toEqual([]);
  });

  it.each([
    [FeedbackBody, { kind: 'progress' }, 'content', '请填写反馈内容'],
    [ExtensionRequestBody, { reason: '等待鉴定', workdays: 0 }, 'workdays', '延长工作日数不能小于1'],
    [ConfirmationBody, { signedBy: '张三', signedAt: 42 }, 'signedAt', /^签字日期|应为日期/],
  ] as const)('a bad %#: names the field in Chinese', (schema, body, field, message) => {
    let details: Array<{ field: string; message: string }> = [];
    try {
      parseOrThrow(schema as never, body, '提交内容');
    } catch (error) {
      details = (error as { details: typeof details }).details;
    }
    expect(details).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(details[0]?.message).not.toMatch(/[A-Za-z]{4,}/);
  });
});

describe('POST /cases/{id}/confirmation signedAt', () => {
  let stack: TestStack;
  let staff: string;
  beforeAll(async () => {
    stack = await startTestStack();
    await setUpCentre(stack, '510104001');
    staff = await stack.token({ role: 'staff', tenantId: '510104001' });
  });
  afterAll(() => stack.close());

  it.each(['2026-10-09', '2026-10-09T10:05:00+08:00'])('accepts %s', async (signedAt) => {
    const created = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const res = await stack.call('POST', `/cases/${created.body.id}/confirmation`, {
      token: staff,
      body: { signedBy: '张三', signedAt },
    });
    expect(res.status).toBe(200);
    expect(res.body.confirmation).toEqual({ signedBy: '张三', signedAt });
  });

  it('refuses a date-time without offset, naming 签字日期', async () => {
    const created = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const res = await stack.call('POST', `/cases/${created.body.id}/confirmation`, {
      token: staff,
      body: { signedBy: '张三', signedAt: '2026-10-09T10:05:00' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'signedAt', message: expect.stringContaining('日期') }]);
  });
});
