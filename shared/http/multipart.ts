/**
 * `multipart/form-data` bodies (a plain HTML form with a file, no JavaScript), parsed from the
 * bytes API Gateway hands over whole (base64 undone by the handler) — so a small parser over
 * the buffer does, where a streaming one (busboy) would weigh 27 KB in the function's bundle.
 * It reads parts as busboy did for this form: a part with a `filename` (or typed
 * `application/octet-stream`) is the file, its name without any path the browser put before
 * it, its type as declared (lowercased; `text/plain` when none); every other part is a field,
 * decoded as UTF-8. Limits: a file over `maxFileBytes` is cut there and reported `truncated`
 * (its bytes are a view of the body, never copied); a field over `maxFieldBytes` is cut; fields
 * beyond `maxFields` are ignored; a second file is refused; a body that is not a complete
 * multipart form is a 400.
 */
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

const CRLF = Buffer.from('\r\n');

/** `a=1; b="x \\"y\\""; c*=utf-8''%E4%B8%AD` → the first token and the parameters (lowercased names). */
export function headerParams(value: string): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const semi = value.indexOf(';');
  const first = (semi < 0 ? value : value.slice(0, semi)).trim();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const name = m[1]!.toLowerCase();
    const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim();
    if (name.endsWith('*')) {
      // RFC 5987: charset'language'percent-encoded; only UTF-8 (what browsers send) is read.
      const ext = /^utf-8'[^']*'(.*)$/i.exec(raw);
      if (!ext) continue;
      try {
        params[name.slice(0, -1)] = decodeURIComponent(ext[1]!);
      } catch {
        // Not percent-encoded UTF-8: the plain parameter, if any, stands.
      }
    } else {
      params[name] ??= raw; // a `name*` given too wins
    }
  }
  return { value: first, params };
}

/** `C:\\fakepath\\照片.jpg` → `照片.jpg` (as busboy's basename: `.` and `..` are no name). */
function baseName(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return name === '.' || name === '..' ? '' : name;
}

interface Part {
  headers: Record<string, string>;
  content: Buffer;
}

/** The parts between the boundaries; undefined when the body is no complete multipart form. */
function splitParts(body: Buffer, boundary: string): Part[] | undefined {
  const open = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let pos: number;
  if (body.subarray(0, open.length).equals(open)) pos = open.length;
  else {
    const at = body.indexOf(next); // after a preamble
    if (at < 0) return undefined;
    pos = at + next.length;
  }
  const parts: Part[] = [];
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // `--boundary--`: the end
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++; // transport padding
    if (!body.subarray(pos, pos + 2).equals(CRLF)) return undefined;
    pos += 2;
    let headerEnd: number;
    let contentStart: number;
    if (body.subarray(pos, pos + 2).equals(CRLF)) {
      headerEnd = pos;
      contentStart = pos + 2;
    } else {
      headerEnd = body.indexOf('\r\n\r\n', pos);
      if (headerEnd < 0) return undefined;
      contentStart = headerEnd + 4;
    }
    const end = body.indexOf(next, contentStart);
    if (end < 0) return undefined;
    const headers: Record<string, string> = {};
    // Folded lines (a continuation starts with white space) belong to the header above.
    const lines = body
      .subarray(pos, headerEnd)
      .toString('utf8')
      .split(/\r\n(?![ \t])/);
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] ??= line
          .slice(colon + 1)
          .replace(/\r\n[ \t]+/g, ' ')
          .trim();
    }
    parts.push({ headers, content: body.subarray(contentStart, end) });
    pos = end + next.length;
  }
}

export function parseMultipart(
  body: Buffer,
  contentType: string,
  limits: { maxFileBytes: number; maxFieldBytes: number; maxFields: number },
): Promise<MultipartForm> {
  const type = headerParams(contentType);
  const boundary = type.params.boundary;
  // No boundary, or not multipart at all; or not a complete form.
  if (!/^multipart\/form-data$/i.test(type.value) || !boundary) {
    return Promise.reject(malformed());
  }
  const parts = splitParts(body, boundary);
  if (!parts) return Promise.reject(malformed());

  const fields: Record<string, string> = {};
  let fieldCount = 0;
  let file: ReceivedFile | undefined;
  let fileParts = 0;
  for (const part of parts.slice(0, limits.maxFields + 1)) {
    const disposition = headerParams(part.headers['content-disposition'] ?? '');
    if (disposition.value.toLowerCase() !== 'form-data') continue;
    const { name, filename } = disposition.params;
    if ([name, filename].some((v) => v !== undefined && /[\r\n]/.test(v))) continue;
    const declared = part.headers['content-type']
      ? headerParams(part.headers['content-type']).value.toLowerCase()
      : '';
    const partType = declared || 'text/plain';
    if (filename !== undefined || partType === 'application/octet-stream') {
      fileParts++;
      const fileName = baseName(filename ?? '');
      // A file input left empty still sends a part, with no name and no bytes.
      if (fileParts > 1 || !fileName) continue;
      const truncated = part.content.length > limits.maxFileBytes;
      file = {
        field: name ?? '',
        fileName,
        contentType: partType,
        bytes: truncated ? part.content.subarray(0, limits.maxFileBytes) : part.content,
        truncated,
      };
    } else if (name !== undefined && fieldCount < limits.maxFields) {
      fieldCount++;
      fields[name] = part.content.subarray(0, limits.maxFieldBytes).toString('utf8');
    }
  }
  if (fileParts > 1) {
    return Promise.reject(
      new ValidationError('一次只能上传一个文件', [{ field: 'file', message: '一次只能上传一个文件' }]),
    );
  }
  return Promise.resolve({ fields, ...(file ? { file } : {}) });
}
