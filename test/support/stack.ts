/**
 * A local stack per test file, on the run's shared DynamoDB Local and fauxqs, with its own
 * table and queues and a clock that stands still until the test moves it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.ts';
import type { TokenRequest } from '../../infra/local/tokens.ts';
import { AdjustableClock } from '../../shared/adapters/clock.ts';
import { intakeBody } from './fixtures.ts';

export interface TestStack extends LocalStack {
  tableName: string;
  token(claims: Omit<TokenRequest, 'sub' | 'name'> & { sub?: string; name?: string }): Promise<string>;
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    headers: Headers;
    // biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses field by field and assert each one
    body: any;
    text: string;
  }>;
}

export async function startTestStack(
  opts: { now?: string; mailDir?: string; smsDir?: string } = {},
): Promise<TestStack> {
  const suffix = randomBytes(4).toString('hex');
  const tableName = `bancheng-test-${suffix}`;
  const clock = new AdjustableClock({ frozenAt: new Date(opts.now ?? '2026-10-09T10:00:00+08:00') });
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    tableName,
    queuePrefix: `t${suffix}-`,
    clock,
    ...(opts.mailDir ? { mailDir: opts.mailDir } : {}),
    // Text messages land in the test's own folder, never in the repository's .local/.
    smsDir: opts.smsDir ?? mkdtempSync(join(tmpdir(), 'bancheng-sms-')),
  });
  return {
    ...stack,
    tableName,
    token: (claims) =>
      stack.issuer.issue(
        { sub: claims.sub ?? `${claims.role}-1`, name: claims.name ?? '测试用户', ...claims },
        clock.now(),
      ),
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | undefined;
      if (o.body !== undefined) {
        body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${stack.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        // A redirect (a form post answered by 303) is the answer under test, not followed.
        redirect: 'manual',
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
  };
}

export { intakeBody } from './fixtures.ts';

/** Create a centre through the admin API. */
export async function setUpCentre(stack: TestStack, tenantId: string, name = '测试便民服务中心') {
  const admin = await stack.token({ role: 'admin' });
  const res = await stack.call('PUT', `/tenants/${tenantId}`, { token: admin, body: { name } });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`centre setup failed: ${res.status} ${res.text}`);
}

/**
 * A centre with a telephone number (the department pages print it) and one handling unit,
 * `shebao`, that takes its work orders by webhook at `receiverUrl`.
 */
export async function setUpWebhookCentre(
  stack: TestStack,
  tenantId: string,
  receiverUrl: string,
  names: { centre?: string; department?: string } = {},
): Promise<void> {
  const admin = await stack.token({ role: 'admin' });
  const centre = await stack.call('PUT', `/tenants/${tenantId}`, {
    token: admin,
    body: { name: names.centre ?? '春熙路街道便民服务中心', contact: { phone: '028-86660000' } },
  });
  const unit = await stack.call('PUT', `/tenants/${tenantId}/departments/shebao`, {
    token: admin,
    body: {
      name: names.department ?? '区社保局',
      level: 'county',
      delivery: { webhook: { url: receiverUrl } },
    },
  });
  for (const res of [centre, unit])
    if (res.status >= 300) throw new Error(`centre setup failed: ${res.status} ${res.text}`);
}

/** The webhook body the department received about a work order (its `data.actions` are the signed links). */
export function deliveredTo(
  received: readonly { body: string }[],
  workOrderId: string,
): { data: { workOrder: { id: string }; actions: Record<'ack' | 'feedback' | 'return' | 'form', string> } } {
  const sent = received.map((r) => JSON.parse(r.body)).find((b) => b.data?.workOrder?.id === workOrderId);
  if (!sent) throw new Error(`no webhook received for ${workOrderId}`);
  return sent;
}

/** A case registered and transferred to `shebao`, delivered; with its order's action links as paths. */
export async function transferredWithLinks(
  stack: TestStack,
  staff: string,
  received: readonly { body: string }[],
) {
  const c = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
    token: staff,
    body: { departmentId: 'shebao', category: 'general' },
  });
  await stack.drain();
  const actions = deliveredTo(received, wo.body.id).data.actions;
  const path = (url: string) => new URL(url).pathname;
  return {
    caseId: c.body.id as string,
    woId: wo.body.id as string,
    ack: path(actions.ack),
    feedback: path(actions.feedback),
    view: path(actions.form),
  };
}
