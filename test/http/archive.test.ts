/**
 * Attachments (附件), the archive (存档) and responsibility tracing (责任倒查) through the local
 * front, on DynamoDB Local and fauxqs' S3. fauxqs checks no signatures, so what the presigned
 * URLs bind is checked on the URLs (and in test/adapters/blob-store.test.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoClient } from '../../infra/local/emulators.ts';
import { keys } from '../../shared/table.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
const OTHER = '510104002';
let stack: TestStack;
let staff: string;
let otherStaff: string;
let supervisor: string;

const sha256b64 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('base64');
const sha256hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

async function newCase(token = staff, overrides: Record<string, unknown> = {}) {
  const res = await stack.call('POST', '/cases', { token, body: intakeBody(overrides) });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string; status: string };
}

const rejectedCase = (token = staff) =>
  newCase(token, { scope: { kind: 'litigation_petition_or_filed', reason: '已进入诉讼程序' } });

function register(caseId: string, file: { name: string; type: string; bytes: Buffer }, extra = {}) {
  return stack.call('POST', `/cases/${caseId}/attachments`, {
    token: staff,
    body: {
      fileName: file.name,
      contentType: file.type,
      size: file.bytes.length,
      sha256: sha256b64(file.bytes),
      ...extra,
    },
  });
}

async function upload(ticket: { uploadUrl: string; headers: Record<string, string> }, bytes: Buffer) {
  const res = await fetch(ticket.uploadUrl, {
    method: 'PUT',
    headers: ticket.headers,
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(200);
}

const complete = (caseId: string, attachmentId: string) =>
  stack.call('POST', `/cases/${caseId}/attachments/${attachmentId}/complete`, { token: staff });

const PDF = {
  name: '户口簿复印件.pdf',
  type: 'application/pdf',
  bytes: Buffer.from('%PDF-1.4 户口簿 scan\n%%EOF'),
};

beforeAll(async () => {
  stack = await startTestStack({
    now: '2026-10-12T10:00:00+08:00',
    mailDir: mkdtempSync(join(tmpdir(), 'bancheng-archive-mail-')),
  });
  await setUpCentre(stack, TENANT, '春熙路街道便民服务中心');
  await setUpCentre(stack, OTHER, '书院街街道便民服务中心');
  const admin = await stack.token({ role: 'admin' });
  for (const tenant of [TENANT, OTHER]) {
    await stack.call('PUT', `/tenants/${tenant}/departments/shebao`, {
      token: admin,
      body: { name: '区社保局', level: 'county', delivery: { email: { address: 'sb@example.gov.cn' } } },
    });
  }
  staff = await stack.token({ role: 'staff', tenantId: TENANT, sub: 'staff-li', name: '李娜' });
  // The same person id in another centre: tracing must not cross centres.
  otherStaff = await stack.token({ role: 'staff', tenantId: OTHER, sub: 'staff-li', name: '李娜' });
  supervisor = await stack.token({ role: 'supervisor', regionCode: '510104' });
});
afterAll(() => stack.close());

describe('attachments', () => {
  it('upload through the presigned URL, then complete → stored with its checksum; the download URL returns the bytes', async () => {
    // Prepare
    const c = await newCase();
    const reg = await register(c.id, PDF, { kind: 'material' });
    expect(reg.status).toBe(201);
    const ticket = reg.body;
    expect(ticket.attachmentId).toMatch(/^att_[0-9a-z]{26}$/);
    expect(ticket.headers).toEqual({
      'content-type': 'application/pdf',
      'x-amz-checksum-sha256': sha256b64(PDF.bytes),
    });
    expect(ticket.expiresAt).toBe('2026-10-12T10:15:00+08:00');
    const url = new URL(ticket.uploadUrl);
    expect(url.pathname).toMatch(new RegExp(`/${TENANT}/${c.id}/${ticket.attachmentId}$`));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual(
      expect.arrayContaining(['content-type', 'content-length', 'x-amz-checksum-sha256']),
    );
    const pending = await stack.call('GET', `/cases/${c.id}/attachments/${ticket.attachmentId}`, {
      token: staff,
    });
    expect(pending.body).toMatchObject({ status: 'pending', downloadUrl: null });

    // Act
    await upload(ticket, PDF.bytes);
    const done = await complete(c.id, ticket.attachmentId);

    // Assert
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: ticket.attachmentId,
      status: 'stored',
      sha256: sha256b64(PDF.bytes),
      size: PDF.bytes.length,
      fileName: PDF.name,
      storedBy: { id: 'staff-li', name: '李娜' },
    });
    const again = await complete(c.id, ticket.attachmentId);
    expect(again.status).toBe(200);
    expect(again.body.storedAt).toBe(done.body.storedAt);

    const got = await stack.call('GET', `/cases/${c.id}/attachments/${ticket.attachmentId}`, {
      token: staff,
    });
    expect(got.status).toBe(200);
    const download = new URL(got.body.downloadUrl);
    expect(download.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(download.searchParams.get('response-content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(PDF.name)}`,
    );
    const res = await fetch(got.body.downloadUrl);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF.bytes);

    const list = await stack.call('GET', `/cases/${c.id}/attachments`, { token: supervisor });
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [ticket.attachmentId, 'stored'],
    ]);
    const events = await stack.call('GET', `/cases/${c.id}/events?verify=true`, { token: staff });
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual([
      'case.registered',
      'case.attachment_added',
      'case.attachment_stored',
    ]);
    expect(events.body.verification).toEqual({ intact: true });
  });

  it('a different file of the same size → 422 checksum_mismatch and the record stays pending; the right one then completes', async () => {
    const c = await newCase();
    const ticket = (await register(c.id, PDF)).body;
    const wrong = Buffer.from(PDF.bytes.map((b, i) => (i === 3 ? b ^ 1 : b)));
    await upload(ticket, wrong);
    const refused = await complete(c.id, ticket.attachmentId);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('checksum_mismatch');
    const after = await stack.call('GET', `/cases/${c.id}/attachments/${ticket.attachmentId}`, {
      token: staff,
    });
    expect(after.body).toMatchObject({ status: 'pending', downloadUrl: null });

    await upload(ticket, PDF.bytes);
    expect((await complete(c.id, ticket.attachmentId)).body.status).toBe('stored');
  });

  it('nothing uploaded → 422 upload_missing; a different size → 422 size_mismatch', async () => {
    const c = await newCase();
    const ticket = (await register(c.id, PDF)).body;
    const missing = await complete(c.id, ticket.attachmentId);
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('upload_missing');
    await upload(ticket, Buffer.concat([PDF.bytes, Buffer.from('more')]));
    const bigger = await complete(c.id, ticket.attachmentId);
    expect(bigger.status).toBe(422);
    expect(bigger.body.error.code).toBe('size_mismatch');
  });

  it.each([
    [
      'a disallowed content type',
      { contentType: 'text/html', fileName: 'a.html' },
      'contentType',
      /不支持该文件类型/,
    ],
    ['an oversize file', { size: 20 * 1024 * 1024 + 1 }, 'size', /不能超过 20 MB/],
    ['an extension that does not match the type', { fileName: '材料.exe' }, 'fileName', /扩展名/],
    ['a checksum that is not a base64 SHA-256', { sha256: 'abc' }, 'sha256', /SHA-256/],
    ['a file name with a path', { fileName: '../etc/passwd.pdf' }, 'fileName', /斜杠/],
  ])('%s → 400 naming the field in Chinese', async (_label, override, field, message) => {
    const c = await newCase();
    const res = await stack.call('POST', `/cases/${c.id}/attachments`, {
      token: staff,
      body: {
        fileName: PDF.name,
        contentType: PDF.type,
        size: PDF.bytes.length,
        sha256: sha256b64(PDF.bytes),
        ...override,
      },
    });
    expect(res.status).toBe(400);
    const detail = res.body.error.details.find((d: { field: string }) => d.field === field);
    expect(detail.message).toMatch(message);
  });

  it('the same Idempotency-Key twice registers one attachment; another centre sees 404; a supervisor may read but not add', async () => {
    const c = await newCase();
    const call = () =>
      stack.call('POST', `/cases/${c.id}/attachments`, {
        token: staff,
        headers: { 'idempotency-key': `att-${c.id}` },
        body: {
          fileName: PDF.name,
          contentType: PDF.type,
          size: PDF.bytes.length,
          sha256: sha256b64(PDF.bytes),
        },
      });
    const a = await call();
    const b = await call();
    expect(b.status).toBe(201);
    expect(b.body.attachmentId).toBe(a.body.attachmentId);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect((await stack.call('GET', `/cases/${c.id}/attachments`, { token: staff })).body.items).toHaveLength(
      1,
    );

    expect((await stack.call('GET', `/cases/${c.id}/attachments`, { token: otherStaff })).status).toBe(404);
    expect(
      (await stack.call('GET', `/cases/${c.id}/attachments/${a.body.attachmentId}`, { token: otherStaff }))
        .status,
    ).toBe(404);
    const bySupervisor = await stack.call('POST', `/cases/${c.id}/attachments`, {
      token: supervisor,
      body: {
        fileName: PDF.name,
        contentType: PDF.type,
        size: PDF.bytes.length,
        sha256: sha256b64(PDF.bytes),
      },
    });
    expect(bySupervisor.status).toBe(403);
  });
});

describe('archive (存档)', () => {
  let c: { id: string; number: string };
  let pendingAttachment: string;
  let storedAttachment: string;
  let archived: { status: string; archivedAt: string; archive: Record<string, unknown>; version: number };

  beforeAll(async () => {
    c = await rejectedCase();
    const stored = (await register(c.id, PDF)).body;
    await upload(stored, PDF.bytes);
    await complete(c.id, stored.attachmentId);
    storedAttachment = stored.attachmentId;
    pendingAttachment = (await register(c.id, { ...PDF, name: '未上传.pdf' })).body.attachmentId;
    const res = await stack.call('POST', `/cases/${c.id}/archive`, { token: staff });
    expect(res.status).toBe(200);
    archived = res.body;
  });

  it('a rejected case is archived: status, time, and the manifest key and hash on the case', async () => {
    expect(archived).toMatchObject({ status: 'archived', archivedAt: '2026-10-12T10:00:00+08:00' });
    expect(archived.archive).toMatchObject({
      prefix: `${TENANT}/${c.number}/`,
      manifestKey: `${TENANT}/${c.number}/manifest.json`,
      manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      trailIntact: true,
    });
    const events = await stack.call('GET', `/cases/${c.id}/events?verify=true`, { token: staff });
    const last = events.body.items.at(-1);
    expect(last.action).toBe('case.archived');
    expect(last.changes.archive.manifestSha256).toBe(archived.archive.manifestSha256);
    expect(last.changes.archive.trailLastHash).toBe(events.body.items.at(-2).hash);
    expect(events.body.verification).toEqual({ intact: true });
  });

  it('every later write is a 409: confirmation, opinion, attachment, completing a pending upload, a second archive', async () => {
    const writes = [
      ['POST', `/cases/${c.id}/confirmation`, { signedBy: '张三', signedAt: '2026-10-12' }],
      ['POST', `/cases/${c.id}/opinion`, { kind: 'task_force' }],
      [
        'POST',
        `/cases/${c.id}/attachments`,
        { fileName: PDF.name, contentType: PDF.type, size: PDF.bytes.length, sha256: sha256b64(PDF.bytes) },
      ],
      ['POST', `/cases/${c.id}/attachments/${pendingAttachment}/complete`, undefined],
      ['POST', `/cases/${c.id}/archive`, undefined],
    ] as const;
    for (const [method, path, body] of writes) {
      const res = await stack.call(method, path, { token: staff, ...(body ? { body } : {}) });
      expect(res.status, path).toBe(409);
    }
    const after = await stack.call('GET', `/cases/${c.id}`, { token: staff });
    expect(after.body.version).toBe(archived.version);
  });

  it('the package holds the case, the trail, the forms and the attachment manifest; manifest hashes match the stored objects', async () => {
    const res = await stack.call('GET', `/cases/${c.id}/archive?verify=true`, { token: supervisor });
    expect(res.status).toBe(200);
    expect(res.body.manifestIntact).toBe(true);
    const byName = new Map<
      string,
      { downloadUrl: string; sha256: string; intact: boolean; inManifest: boolean }
    >(res.body.files.map((f: { name: string }) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual([
      'attachments.json',
      'case.json',
      'events.json',
      'intake-form.html',
      'manifest.json',
      'notice.html',
      'sms.json',
      'work-orders.json',
    ]);
    for (const f of byName.values()) {
      expect(f.intact).toBe(true);
      expect(f.inManifest).toBe(true);
    }
    const read = async (name: string) => {
      const r = await fetch(byName.get(name)!.downloadUrl);
      expect(r.status).toBe(200);
      return Buffer.from(await r.arrayBuffer());
    };

    const manifestBytes = await read('manifest.json');
    expect(sha256hex(manifestBytes)).toBe(archived.archive.manifestSha256);
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    expect(manifest).toMatchObject({ caseId: c.id, caseNumber: c.number, tenantId: TENANT });
    for (const entry of manifest.files as Array<{ name: string; sha256: string; size: number }>) {
      const bytes = await read(entry.name);
      expect(sha256hex(bytes), entry.name).toBe(entry.sha256);
      expect(bytes.length).toBe(entry.size);
    }

    const caseJson = JSON.parse((await read('case.json')).toString('utf8'));
    expect(caseJson).toMatchObject({ id: c.id, number: c.number, status: 'rejected' });
    const events = JSON.parse((await read('events.json')).toString('utf8'));
    expect(events.verification).toEqual({ intact: true });
    expect(manifest.trail.lastHash).toBe(events.items.at(-1).hash);
    expect((await read('intake-form.html')).toString('utf8')).toContain(c.number);
    const notice = (await read('notice.html')).toString('utf8');
    expect(notice).toContain(c.number);
    expect(notice).toContain('已进入诉讼程序');
    const attachments = JSON.parse((await read('attachments.json')).toString('utf8'));
    expect(attachments.items).toEqual([
      expect.objectContaining({
        id: storedAttachment,
        fileName: PDF.name,
        contentType: PDF.type,
        size: PDF.bytes.length,
        sha256: sha256b64(PDF.bytes),
        objectKey: `${TENANT}/${c.id}/${storedAttachment}`,
        status: 'stored',
      }),
      expect.objectContaining({ id: pendingAttachment, status: 'pending' }),
    ]);
  });

  it('an edited audit event is detected (brokenAt 2) while the archived trail keeps the original', async () => {
    // Prepare: edit the second event straight in the table, as someone with database access could.
    const doc = DynamoDBDocumentClient.from(localDynamoClient(inject('dynamoEndpoint')));
    await doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: keys.caseEvent(c.id, 2),
        UpdateExpression: 'SET #changes.#attachment.#fileName = :name',
        ExpressionAttributeNames: {
          '#changes': 'changes',
          '#attachment': 'attachment',
          '#fileName': 'fileName',
        },
        ExpressionAttributeValues: { ':name': '改过的文件名.pdf' },
      }),
    );
    doc.destroy();
    // Act
    const res = await stack.call('GET', `/cases/${c.id}/events?verify=true`, { token: staff });
    // Assert
    expect(res.body.verification).toEqual({ intact: false, brokenAt: 2 });
    const pkg = await stack.call('GET', `/cases/${c.id}/archive`, { token: staff });
    const eventsFile = pkg.body.files.find((f: { name: string }) => f.name === 'events.json');
    const archivedTrail = await (await fetch(eventsFile.downloadUrl)).json();
    expect(archivedTrail.items[1].changes.attachment.fileName).toBe(PDF.name);
    expect(archivedTrail.verification).toEqual({ intact: true });
  });

  it('a case that is not archivable (registered) is a 409 and nothing is written', async () => {
    const open = await newCase();
    const res = await stack.call('POST', `/cases/${open.id}/archive`, { token: staff });
    expect(res.status).toBe(409);
    expect((await stack.call('GET', `/cases/${open.id}/archive`, { token: staff })).status).toBe(404);
    expect((await stack.call('GET', `/cases/${open.id}`, { token: staff })).body.status).toBe('registered');
  });

  it('after the follow-up (回访) a transferred case archives with its Form A.2', async () => {
    const t = await newCase();
    const wo = await stack.call('POST', `/cases/${t.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    expect(wo.status).toBe(201);
    await stack.drain(); // delivered by e-mail before anything else happens
    const dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
    const result = await stack.call('POST', `/work-orders/${wo.body.id}/feedback`, {
      token: dept,
      body: { kind: 'result', content: '已为反映人办理参保登记' },
    });
    expect(result.status).toBe(200);
    const closed = await stack.call('POST', `/cases/${t.id}/close`, {
      token: staff,
      body: { outcome: 'resolved', resolution: '已办理参保登记' },
    });
    expect(closed.status).toBe(200);
    const followed = await stack.call('POST', `/cases/${t.id}/follow-up`, {
      token: staff,
      body: { method: 'phone', satisfaction: 5, solved: true },
    });
    expect(followed.status).toBe(200);
    expect(followed.body.status).toBe('followed_up');

    const res = await stack.call('POST', `/cases/${t.id}/archive`, { token: staff });
    expect(res.status).toBe(200);
    const pkg = await stack.call('GET', `/cases/${t.id}/archive`, { token: staff });
    const names = pkg.body.files.map((f: { name: string }) => f.name);
    expect(names).toContain(`transfer-${wo.body.number}.html`);
    const form = pkg.body.files.find((f: { name: string }) => f.name === `transfer-${wo.body.number}.html`);
    expect(await (await fetch(form.downloadUrl)).text()).toContain(wo.body.number);
    // The texts as the case screen shows them, the invitation still owed among them — none of
    // its sending side (payload, the real number, claim and due fields).
    const smsFile = pkg.body.files.find((f: { name: string }) => f.name === 'sms.json');
    const smsJson = await (await fetch(smsFile.downloadUrl)).text();
    const texts = JSON.parse(smsJson).items as { template: string; outcome: string }[];
    expect(texts.find((m) => m.template === 'follow_up_invitation')).toMatchObject({ outcome: 'pending' });
    expect(smsJson).not.toContain('13800000000');
    for (const field of ['payload', 'createdAt', 'nextAttemptAt', 'claimedUntil', 'sendingSince', 'gsi2pk'])
      expect(smsJson).not.toContain(`"${field}"`);
    // Owed to an archived case, the invitation is never sent: on its morning it is removed.
    const archivedAt = stack.clock.now();
    await stack.clock.advanceBy(24 * 3600_000 + 5 * 60_000);
    await stack.drain();
    await stack.clock.setTo(archivedAt);
    const after = await stack.call('GET', `/cases/${t.id}/sms`, { token: staff });
    expect(after.body.items.map((m: { template: string }) => m.template)).not.toContain(
      'follow_up_invitation',
    );
    expect(after.body.items.map((m: { outcome: string }) => m.outcome)).not.toContain('pending');
    // Work orders of an archived case are frozen too.
    const late = await stack.call('POST', `/work-orders/${wo.body.id}/feedback`, {
      token: dept,
      body: { kind: 'progress', content: '补充说明' },
    });
    expect(late.status).toBe(409);
  });

  it('a manifest overwritten in the bucket no longer matches the hash the case keeps', async () => {
    const r = await rejectedCase();
    await stack.call('POST', `/cases/${r.id}/archive`, { token: staff });
    const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({
      endpoint: process.env.S3_ENDPOINT!,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: process.env.ARCHIVE_BUCKET!,
        Key: `${TENANT}/${r.number}/manifest.json`,
        Body: '{"files":[]}',
      }),
    );
    s3.destroy();
    const res = await stack.call('GET', `/cases/${r.id}/archive?verify=true`, { token: staff });
    expect(res.body.manifestIntact).toBe(false);
    expect(res.body.files.every((f: { intact: boolean }) => f.intact === false)).toBe(true);
  });
});

describe('responsibility tracing (责任倒查)', () => {
  it("returns the person's events in the caller's centre only, with case numbers", async () => {
    // Prepare: the same person id acts in two centres.
    const mine = await newCase();
    const theirs = await newCase(otherStaff);
    await stack.call('POST', `/cases/${mine.id}/opinion`, { token: staff, body: { kind: 'task_force' } });
    // Act
    const res = await stack.call('GET', '/events?actor=staff-li&from=2026-10-12&to=2026-10-12', {
      token: staff,
    });
    // Assert
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{
      caseId: string;
      caseNumber: string;
      action: string;
      actor: { id: string };
    }>;
    expect(items.every((e) => e.actor.id === 'staff-li')).toBe(true);
    expect(items.some((e) => e.caseId === theirs.id)).toBe(false);
    expect(items.every((e) => e.caseNumber.startsWith(`${TENANT}-`))).toBe(true);
    expect(items.filter((e) => e.caseId === mine.id).map((e) => e.action)).toEqual([
      'case.registered',
      'case.referred_to_task_force',
    ]);
    expect(res.body.period).toEqual({ from: '2026-10-12', to: '2026-10-12' });

    // A county supervisor sees both centres, and can narrow to one.
    const county = await stack.call('GET', `/events?actor=staff-li&tenantId=${OTHER}&from=2026-10-12`, {
      token: supervisor,
    });
    expect(county.status).toBe(200);
    expect(county.body.items.map((e: { caseId: string }) => e.caseId)).toEqual([theirs.id]);
    // Another person's id finds nothing of staff-li's.
    const nobody = await stack.call('GET', '/events?actor=staff-zhao', { token: staff });
    expect(nobody.body.items).toEqual([]);
  });

  it('bounds the events per request and pages through the period with a cursor', async () => {
    const first = await stack.call('GET', '/events?actor=staff-li&from=2026-10-12&limit=2', { token: staff });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.scannedCases).toBeLessThanOrEqual(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await stack.call(
      'GET',
      `/events?actor=staff-li&from=2026-10-12&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: staff },
    );
    expect(second.status).toBe(200);
    const key = (e: { caseId: string; seq: number }) => `${e.caseId}#${e.seq}`;
    const firstEvents = new Set(first.body.items.map(key));
    expect(second.body.items).toHaveLength(2);
    expect(second.body.items.some((e: { caseId: string; seq: number }) => firstEvents.has(key(e)))).toBe(
      false,
    );
    const forged = await stack.call('GET', '/events?actor=staff-li&cursor=bm90LWEtY3Vyc29y', {
      token: staff,
    });
    expect(forged.status).toBe(400);
    expect((await stack.call('GET', '/events?actor=a&limit=201', { token: staff })).status).toBe(400);
  });

  it('needs exactly one of actor and departmentId (400); a department officer may not trace (403)', async () => {
    const none = await stack.call('GET', '/events', { token: staff });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('actor');
    expect((await stack.call('GET', '/events?actor=a&departmentId=shebao', { token: staff })).status).toBe(
      400,
    );
    const dept = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
    expect((await stack.call('GET', '/events?departmentId=shebao', { token: dept })).status).toBe(403);
  });

  it("for a department: its work orders' events and the due times it missed", async () => {
    const c = await newCase();
    const wo = await stack.call('POST', `/cases/${c.id}/transfers`, {
      token: staff,
      body: { departmentId: 'shebao', category: 'general' },
    });
    expect(wo.status).toBe(201);
    // Past the due time (end of the 2nd working day), the due check marks it overdue.
    await stack.clock.setTo(new Date('2026-10-15T10:00:00+08:00'));
    await stack.drain();
    const res = await stack.call('GET', '/events?departmentId=shebao&from=2026-10-12&to=2026-10-15', {
      token: staff,
    });
    expect(res.status).toBe(200);
    const forCase = res.body.items.filter((e: { caseId: string }) => e.caseId === c.id);
    expect(forCase.map((e: { action: string }) => e.action)).toContain('case.transferred');
    expect(res.body.missedDeadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ workOrderId: wo.body.id, number: wo.body.number, overdue: true }),
      ]),
    );
    const other = await stack.call('GET', '/events?departmentId=minzheng&from=2026-10-12&to=2026-10-15', {
      token: staff,
    });
    expect(other.body.items).toEqual([]);
    expect(other.body.missedDeadlines).toEqual([]);
  });

  it('finds work by the time it was done, not by when the case was accepted', async () => {
    // Prepare: a case accepted now; 40 days later the same clerk refers it to the task force.
    const c = await newCase();
    await stack.clock.setTo(new Date('2026-11-25T10:00:00+08:00'));
    const li = await stack.token({ role: 'staff', tenantId: TENANT, sub: 'staff-li', name: '李娜' });
    const later = await stack.call('POST', `/cases/${c.id}/opinion`, {
      token: li,
      body: { kind: 'task_force' },
    });
    expect(later.status).toBe(200);
    // Act: that day only, and the default window (the last 90 days).
    const thatDay = await stack.call('GET', '/events?actor=staff-li&from=2026-11-25&to=2026-11-25', {
      token: li,
    });
    const byDefault = await stack.call('GET', '/events?actor=staff-li&limit=200', { token: li });
    // Assert
    expect(thatDay.body.items.map((e: { caseId: string; action: string }) => [e.caseId, e.action])).toEqual([
      [c.id, 'case.referred_to_task_force'],
    ]);
    expect(byDefault.body.period).toEqual({ from: '2026-08-27', to: '2026-11-25' });
    expect(
      byDefault.body.items
        .filter((e: { caseId: string }) => e.caseId === c.id)
        .map((e: { action: string }) => e.action),
    ).toEqual(['case.registered', 'case.referred_to_task_force']);
  });
});

describe('OpenAPI', () => {
  it('documents the archive area: attachments, archive and tracing, with their schemas', async () => {
    const res = await stack.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const { paths, components } = res.body;
    expect(paths['/cases/{caseId}/attachments'].post.tags).toEqual(['archive']);
    expect(paths['/cases/{caseId}/attachments'].post.responses['201']).toBeDefined();
    expect(paths['/cases/{caseId}/attachments/{attachmentId}/complete'].post).toBeDefined();
    expect(paths['/cases/{caseId}/archive'].post.responses['409']).toBeDefined();
    expect(paths['/events'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['actor', 'departmentId', 'from', 'to', 'limit', 'cursor']),
    );
    expect(components.schemas.CreateAttachment.properties.contentType.enum).toContain('application/pdf');
  });
});
