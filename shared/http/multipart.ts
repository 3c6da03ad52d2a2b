/**
 * `multipart/form-data` bodies (a plain HTML form with a file, no JavaScript), parsed with
 * @fastify/busboy from the bytes API Gateway hands over (base64 undone by the handler). Limits
 * are applied while parsing: a file over `maxFileBytes` is cut there and reported `truncated`,
 * never held whole in memory twice; more than one file or too many fields is refused.
 */
import { Busboy } from '@fastify/busboy';
import { ValidationError } from '../errors.ts';

export interface ReceivedFile {
  field: string;
  fileName: string;
  /** The type the browser declared (from the file name's extension, usually). */
  contentType: string;
  bytes: Buffer;
  /** The file was larger than the limit; `bytes` holds only its first `maxFileBytes`. */
  truncated: boolean;
}

export interface MultipartForm {
  fields: Record<string, string>;
  file?: ReceivedFile;
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test((contentType ?? '').trim());
}

const malformed = () =>
  new ValidationError('提交内容格式不正确，请返回页面重新选择文件提交', [
    { field: '(body)', message: '无法读取上传的表单（multipart/form-data）' },
  ]);

export function parseMultipart(
  body: Buffer,
  contentType: string,
  limits: { maxFileBytes: number; maxFieldBytes: number; maxFields: number },
): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = new Busboy({
        headers: { 'content-type': contentType },
        defCharset: 'utf8',
        limits: {
          files: 1,
          fileSize: limits.maxFileBytes,
          fields: limits.maxFields,
          fieldSize: limits.maxFieldBytes,
          parts: limits.maxFields + 1,
        },
      });
    } catch {
      // No boundary, or not multipart at all.
      reject(malformed());
      return;
    }
    const fields: Record<string, string> = {};
    let file: ReceivedFile | undefined;
    let extraFile = false;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (field, stream, fileName, _encoding, mimeType) => {
      // A file input left empty still sends a part, with no name and no bytes.
      if (file || !fileName) {
        if (file) extraFile = true;
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        file = {
          field,
          fileName,
          contentType: mimeType,
          bytes: Buffer.concat(chunks),
          truncated: stream.truncated,
        };
      });
    });
    parser.on('filesLimit', () => {
      extraFile = true;
    });
    parser.on('error', () => reject(malformed()));
    parser.on('finish', () => {
      if (extraFile) {
        reject(
          new ValidationError('一次只能上传一个文件', [{ field: 'file', message: '一次只能上传一个文件' }]),
        );
        return;
      }
      resolve({ fields, ...(file ? { file } : {}) });
    });
    parser.end(body);
  });
}
