/**
 * Validation messages name the field as the form does, in Chinese — for every field of every
 * operation — and `signedAt` takes a date or an ISO date-time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/http/openapi.ts';
import type { RouteId } from '../../shared/http/routes.ts';
import { hasLabel, parseOrThrow } from '../../shared/http/validation.ts';
import { PutYearBody } from '../../shared/schemas/calendar.ts';
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
    const missing = [...fields].flatMap(([f, ops]) =>
      ops.filter((op) => !hasLabel(f, op as RouteId)).map((op) => `${f} (${op})`),
    );
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

describe('a field name two operations use for different things', () => {
  /** The details of a refused parse, as the handler of `operation` reports them. */
  const detailsOf = (schema: unknown, body: unknown, operation?: RouteId) => {
    try {
      parseOrThrow(schema as never, body, '提交内容', operation);
    } catch (error) {
      return (error as { details: Array<{ field: string; message: string }> }).details;
    }
    return [];
  };
  const notice = {
    title: '国务院办公厅关于2027年部分节假日安排的通知',
    number: '国办发明电〔2026〕7号',
    daysOff: [],
  };

  it("a year's notice names its `workdays` 调休上班日, and an extension's stay 延长工作日数", () => {
    // Act
    const missing = detailsOf(PutYearBody, notice, 'putCalendarYear');
    const extension = detailsOf(ExtensionRequestBody, { reason: '等待鉴定' }, 'requestExtension');

    // Assert
    expect(missing).toEqual([{ field: 'workdays', message: '请填写调休上班日' }]);
    expect(extension).toEqual([{ field: 'workdays', message: '请填写延长工作日数' }]);
  });

  it("labels a make-up day's own fields and keeps the schema's message that names the field", () => {
    // Arrange
    const tooMany = Array.from({ length: 121 }, () => ({ date: '2027-02-20', name: '春节' }));

    // Act
    const entries = detailsOf(
      PutYearBody,
      { ...notice, workdays: ['2027-02-20', { date: '2027-02-20' }] },
      'putCalendarYear',
    );
    const long = detailsOf(PutYearBody, { ...notice, workdays: tooMany }, 'putCalendarYear');

    // Assert
    expect(entries).toEqual([
      { field: 'workdays.0', message: '调休上班日的格式不正确' },
      { field: 'workdays.1.name', message: '请填写节日名称' },
    ]);
    expect(long).toEqual([{ field: 'workdays', message: '调休上班日期最多120天' }]);
  });
});

describe('PUT /calendar/years/{year}: the make-up days named as the form names them', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('a notice without its make-up days asks for 调休上班日, not 延长工作日数', async () => {
    // Arrange
    const admin = await stack.token({ role: 'admin' });

    // Act
    const res = await stack.call('PUT', '/calendar/years/2027', {
      token: admin,
      body: {
        title: '国务院办公厅关于2027年部分节假日安排的通知',
        number: '国办发明电〔2026〕7号',
        daysOff: [],
      },
    });

    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'workdays', message: '请填写调休上班日' }]);
    expect(res.text).not.toContain('延长工作日数');
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
