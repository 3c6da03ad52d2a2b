/**
 * The multipart/form-data parser of the evidence form, on bodies a browser would send (undici's
 * FormData encoder, as test/http/action-evidence.test.ts posts them end to end) and on the
 * odd bodies a hand-made client may send.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.ts';
import { parseMultipart } from '../../shared/http/multipart.ts';

const LIMITS = { maxFileBytes: 1024, maxFieldBytes: 32, maxFields: 4 };

/** Every byte value, and the boundary's own prefix and CRLFs inside the file. */
const BINARY = Buffer.concat([
  Buffer.from('\r\n--\r\n\r\n--x'),
  Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)),
]);

async function encoded(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const res = new Response(form);
  return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

function browserForm(parts: Array<[string, string] | [string, Buffer, string, string]>): FormData {
  const form = new FormData();
  for (const p of parts) {
    if (p.length === 2) form.append(p[0], p[1]);
    else form.append(p[0], new Blob([new Uint8Array(p[1])], { type: p[3] }), p[2]);
  }
  return form;
}

describe('parseMultipart', () => {
  it('reads the fields and the one file byte for byte, Chinese names included', async () => {
    // Prepare
    const { body, contentType } = await encoded(
      browserForm([
        ['officerName', '王科员'],
        ['note', '整改后现场照片'],
        ['file', BINARY, '现场 照片(1).png', 'image/png'],
      ]),
    );
    // Act
    const form = await parseMultipart(body, contentType, LIMITS);
    // Assert
    expect(form.fields).toEqual({ officerName: '王科员', note: '整改后现场照片' });
    expect(form.file).toMatchObject({
      field: 'file',
      fileName: '现场 照片(1).png',
      contentType: 'image/png',
      truncated: false,
    });
    expect(Buffer.compare(form.file!.bytes, BINARY)).toBe(0);
  });

  it('an empty file input is no file; the fields stay', async () => {
    // Prepare
    const { body, contentType } = await encoded(
      browserForm([
        ['officerName', '王科员'],
        ['file', Buffer.alloc(0), '', 'application/octet-stream'],
      ]),
    );
    // Act
    const form = await parseMultipart(body, contentType, LIMITS);
    // Assert
    expect(form.file).toBeUndefined();
    expect(form.fields).toEqual({ officerName: '王科员' });
  });

  it('a second file is refused', async () => {
    // Prepare
    const { body, contentType } = await encoded(
      browserForm([
        ['file', BINARY, 'a.png', 'image/png'],
        ['file2', BINARY, 'b.png', 'image/png'],
      ]),
    );
    // Act
    const parsed = parseMultipart(body, contentType, LIMITS);
    // Assert
    await expect(parsed).rejects.toThrow('一次只能上传一个文件');
  });

  it('a file over the limit is cut there and said to be truncated; a long field is cut; extra fields are ignored', async () => {
    // Prepare
    const big = Buffer.alloc(LIMITS.maxFileBytes + 10, 7);
    const { body, contentType } = await encoded(
      browserForm([
        ['a', 'x'.repeat(100)],
        ['b', '2'],
        ['c', '3'],
        ['d', '4'],
        ['file', big, 'big.jpg', 'image/jpeg'],
      ]),
    );
    // Act
    const form = await parseMultipart(body, contentType, { ...LIMITS, maxFields: 3 });
    // Assert: three fields and the file (parts beyond maxFields + 1 are not read)
    expect(form.fields).toEqual({ a: 'x'.repeat(32), b: '2', c: '3' });
    expect(form.file).toBeUndefined();

    const alone = await encoded(browserForm([['file', big, 'big.jpg', 'image/jpeg']]));
    const cut = await parseMultipart(alone.body, alone.contentType, LIMITS);
    expect(cut.file).toMatchObject({ truncated: true });
    expect(cut.file!.bytes.length).toBe(LIMITS.maxFileBytes);
  });

  it('reads a hand-made body: preamble, quoted boundary, padding, a Windows path, a type in capitals or none', async () => {
    // Prepare
    const body = Buffer.from(
      [
        'preamble to ignore',
        '--b1  ',
        'Content-Disposition: form-data; name="officerName"',
        '',
        '李四',
        '--b1',
        'Content-Disposition: form-data; name="file"; filename="C:\\\\fakepath\\\\报告.PDF"',
        'Content-Type: Application/PDF',
        '',
        '%PDF-1.4',
        '--b1--',
        'epilogue',
      ].join('\r\n'),
    );
    const untyped = Buffer.from(
      '--b2\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhi\r\n--b2--\r\n',
    );
    // Act
    const form = await parseMultipart(body, 'multipart/form-data; boundary="b1"', LIMITS);
    const plain = await parseMultipart(untyped, 'Multipart/Form-Data; boundary=b2', LIMITS);
    // Assert
    expect(form.fields).toEqual({ officerName: '李四' });
    expect(form.file).toMatchObject({ fileName: '报告.PDF', contentType: 'application/pdf' });
    expect(form.file!.bytes.toString()).toBe('%PDF-1.4');
    expect(plain.file).toMatchObject({ fileName: 'a.txt', contentType: 'text/plain' });
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--x\r\n\r\n--x--'],
    ['not a form', 'multipart/mixed; boundary=x', '--x\r\n\r\n--x--'],
    ['no multipart body at all', 'multipart/form-data; boundary=zzz', 'not a multipart body at all'],
    [
      'a form cut short',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue without an end',
    ],
    ['headers without their end', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data'],
  ])('%s: a 400 saying the form could not be read', async (_name, contentType, body) => {
    // Act
    const parsed = parseMultipart(Buffer.from(body), contentType, LIMITS);
    // Assert
    await expect(parsed).rejects.toBeInstanceOf(ValidationError);
    await expect(parsed).rejects.toThrow('提交内容格式不正确');
  });
});
