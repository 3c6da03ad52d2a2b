/**
 * Evidence (办理佐证材料) from the department's action page: a plain `multipart/form-data` post
 * (no JavaScript) to `/actions/{token}/evidence` through the local front, which hands the body over base64-encoded as API
 * Gateway's HTTP API does; the server computes the SHA-256, writes the file to S3 (the fauxqs
 * emulator) and records it as a stored attachment of the case, linked to the work order, under
 * the acting officer's name. Too large, a type not allowed, or a bad link: a Chinese page.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isTextContentType } from '../../infra/local/front.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import {
  setUpWebhookCentre,
  startTestStack,
  type TestStack,
  transferredWithLinks,
} from '../support/stack.ts';

const TENANT = '510104001';
const START = '2026-11-02T10:00:00+08:00';
let stack: TestStack;
let receiver: Receiver;
let staff: string;

/** A PNG-like body with every byte value in it: any text decoding on the way would change it. */
const BINARY = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)),
]);

const transferred = () => transferredWithLinks(stack, staff, receiver.received);

/** The browser's form post: a real multipart body (undici's FormData encoder). */
async function postEvidence(
  path: string,
  file: { bytes: Buffer; name: string; type: string } | undefined,
  fields: Record<string, string> = { officerName: '王科员', note: '整改后现场照片' },
) {
  const form = new FormData();
  form.set('action', 'evidence');
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const res = await fetch(`${stack.url}${path}/evidence`, { method: 'POST', body: form, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const attachmentsOf = async (caseId: string) =>
  (await stack.call('GET', `/cases/${caseId}/attachments`, { token: staff })).body.items as Array<
    Record<string, unknown>
  >;

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  receiver = await startReceiver();
  await setUpWebhookCentre(stack, TENANT, receiver.url);
  staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
});
beforeEach(async () => {
  await stack.clock.setTo(new Date(START));
});
afterAll(async () => {
  await receiver.close();
  await stack.close();
});

describe('the local front hands bodies over as API Gateway does', () => {
  it('text, JSON, XML and JavaScript as text; forms, uploads and untyped bodies base64-encoded', () => {
    for (const type of [
      'text/plain; charset=utf-8',
      'application/json',
      'application/xml',
      'application/javascript',
    ])
      expect(isTextContentType(type)).toBe(true);
    for (const type of [
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'image/png',
      undefined,
    ])
      expect(isTextContentType(type)).toBe(false);
  });
});

describe('evidence upload on the action page', () => {
  it('the page offers the upload as a plain multipart form with a labelled file input', async () => {
    const l = await transferred();
    const page = await stack.call('GET', l.feedback);
    expect(page.text).toContain(
      `<form method="post" action="${l.feedback}/evidence" enctype="multipart/form-data">`,
    );
    expect(page.text).toMatch(
      /<label for="evidence-file">选择文件<\/label>\s*<input type="file" id="evidence-file" name="file" required/,
    );
    expect(page.text).toContain('<label for="evidence-officer">经办人姓名</label>');
    expect(page.text).not.toContain('<script');
  });

  it('a file posted by form becomes a stored attachment of the case, linked to the order, with the server’s SHA-256 and the officer’s name', async () => {
    // Prepare
    const l = await transferred();

    // Act
    const res = await postEvidence(l.feedback, { bytes: BINARY, name: '整改照片.png', type: 'image/png' });

    // Assert
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${l.feedback}?done=evidence`);
    const result = await stack.call('GET', res.headers.get('location')!);
    expect(result.text).toContain('材料已上传');
    expect(result.text).toContain('整改照片.png');
    expect(result.text).toContain('王科员');

    const items = await attachmentsOf(l.caseId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      fileName: '整改照片.png',
      contentType: 'image/png',
      size: BINARY.length,
      sha256: createHash('sha256').update(BINARY).digest('base64'),
      status: 'stored',
      workOrderId: l.woId,
      note: '整改后现场照片',
      createdBy: { id: 'link:shebao', name: '王科员' },
    });
    // The bytes in S3 are the file's, byte for byte.
    const one = await stack.call('GET', `/cases/${l.caseId}/attachments/${items[0]!.id}`, { token: staff });
    const download = await fetch(one.body.downloadUrl);
    expect(Buffer.from(await download.arrayBuffer()).equals(BINARY)).toBe(true);
    // On the trail under the officer's name, with the audit chain intact.
    const events = await stack.call('GET', `/cases/${l.caseId}/events?verify=true`, { token: staff });
    const added = events.body.items.find((e: { action: string }) => e.action === 'case.attachment_added');
    expect(added.actor).toMatchObject({ id: 'link:shebao', name: '王科员', role: 'department' });
    expect(added.changes.attachment).toMatchObject({ fileName: '整改照片.png', workOrderId: l.woId });
    expect(events.body.verification).toMatchObject({ intact: true });
  });

  it('the same file posted twice (a reload, a double tap) is stored once', async () => {
    const l = await transferred();
    const file = { bytes: BINARY, name: '凭证.png', type: 'image/png' };
    expect((await postEvidence(l.feedback, file)).status).toBe(303);
    expect((await postEvidence(l.feedback, file)).status).toBe(303);
    expect(await attachmentsOf(l.caseId)).toHaveLength(1);
  });

  it('a PDF or an office document is accepted; a browser that declares no type is typed by the extension', async () => {
    const l = await transferred();
    const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
    expect(
      (await postEvidence(l.feedback, { bytes: pdf, name: '办理结果.pdf', type: 'application/pdf' })).status,
    ).toBe(303);
    const docx = Buffer.from('PK\u0003\u0004 docx bytes', 'latin1');
    expect(
      (await postEvidence(l.feedback, { bytes: docx, name: '答复函.docx', type: 'application/octet-stream' }))
        .status,
    ).toBe(303);
    const types = (await attachmentsOf(l.caseId)).map((a) => a.contentType).sort();
    expect(types).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ]);
  });

  it('a file over 4 MB: a Chinese page saying so (413), nothing stored', async () => {
    const l = await transferred();
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 7);
    const res = await postEvidence(l.feedback, { bytes: big, name: '大照片.jpg', type: 'image/jpeg' });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('文件过大');
    expect(res.text).toContain('4 MB');
    expect(await attachmentsOf(l.caseId)).toEqual([]);
  });

  it('a type not allowed (a program, a web page): a Chinese page (415), nothing stored', async () => {
    const l = await transferred();
    for (const file of [
      { bytes: Buffer.from('MZ\u0090\u0000'), name: 'setup.exe', type: 'application/x-msdownload' },
      { bytes: Buffer.from('<script>alert(1)</script>'), name: 'a.html', type: 'text/html' },
    ]) {
      const res = await postEvidence(l.feedback, file);
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain('不支持该文件类型');
    }
    expect(await attachmentsOf(l.caseId)).toEqual([]);
  });

  it('without a file or without the officer’s name: the page again asking for it (400), nothing stored', async () => {
    const l = await transferred();
    const noFile = await postEvidence(l.feedback, undefined);
    expect(noFile.status).toBe(400);
    expect(noFile.text).toContain('请选择要上传的文件');
    const noName = await postEvidence(
      l.feedback,
      { bytes: BINARY, name: 'a.png', type: 'image/png' },
      { note: '说明保留' },
    );
    expect(noName.status).toBe(400);
    expect(noName.text).toContain('请填写经办人姓名');
    expect(noName.text).toContain('说明保留');
    expect(await attachmentsOf(l.caseId)).toEqual([]);
  });

  it('a malformed multipart body: a Chinese page (400), never a 500', async () => {
    const l = await transferred();
    const res = await fetch(`${stack.url}${l.feedback}/evidence`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
      body: 'not a multipart body at all',
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('提交内容格式不正确');
  });

  it('a view-only, tampered or expired link stores nothing: the Chinese page with a phone number', async () => {
    const l = await transferred();
    const file = { bytes: BINARY, name: 'a.png', type: 'image/png' };
    const viewOnly = await postEvidence(l.view, file);
    expect(viewOnly.status).toBe(403);
    expect(viewOnly.text).toContain('此链接只能查看转办单');

    const tampered = await postEvidence(`${l.feedback.slice(0, -3)}AAA`, file);
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get('content-type')).toMatch(/^text\/html/);
    expect(tampered.text).toContain('操作链接无效');

    await stack.clock.advanceBy(61 * 24 * 3600_000);
    const expired = await postEvidence(l.feedback, file);
    expect(expired.status).toBe(401);
    expect(expired.text).toContain('操作链接已过期');
    expect(expired.text).toContain('028-86660000');
    staff = await stack.token({ role: 'staff', tenantId: TENANT, name: '李娜' });
    expect(await attachmentsOf(l.caseId)).toEqual([]);
  });
});
