/**
 * The few pieces of RFC 5322 / MIME the work-order e-mail needs, written out so the dispatch
 * bundle does not carry nodemailer and mime-db (≈0.37 MB minified) for one message shape:
 *   - one mailbox per address field, display names B-encoded (RFC 2047) when not plain ASCII;
 *   - header values folded below 78 characters, CRLF throughout;
 *   - multipart/alternative with a text/plain and a text/html part, both UTF-8, each body in
 *     quoted-printable or base64 — whichever is shorter — with lines of at most 76 characters.
 * Every function is pure: the same inputs give the same bytes (the caller derives the boundary
 * from the Message-ID), which is what lets `.local/mail/*.eml` be exactly what SES or SMTP carry.
 */

export interface Mailbox {
  /** The display name, unquoted; empty when the field held only an address. */
  name: string;
  address: string;
}

const CRLF = '\r\n';
/** An address without display name: no space, comma, quote or angle bracket; one `@`. */
const BARE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

/**
 * Exactly one mailbox — `addr@host`, `Name <addr@host>` or `"Name, Unit" <addr@host>` — or
 * undefined: a list (`a@x, b@y`), a group, a line break or no address at all is refused.
 */
export function parseMailbox(value: string): Mailbox | undefined {
  if (/[\r\n]/.test(value)) return undefined;
  const trimmed = value.trim();
  if (BARE_ADDRESS.test(trimmed)) return { name: '', address: trimmed };
  const angle = /^(.*?)\s*<([^<>]*)>$/.exec(trimmed);
  if (!angle || !BARE_ADDRESS.test(angle[2]!)) return undefined;
  const rawName = angle[1]!;
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(rawName);
  if (quoted) return { name: quoted[1]!.replace(/\\(.)/g, '$1'), address: angle[2]! };
  // Unquoted, a name cannot hold the specials that would make it a list or a second address.
  if (/[<>@,;:"\\]/.test(rawName)) return undefined;
  return { name: rawName.trim(), address: angle[2]! };
}

/** `Name <addr>` as a header value: the name as an atom sequence, a quoted string, or B-encoded. */
export function formatMailbox({ name, address }: Mailbox): string {
  if (!name) return address;
  if (/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(name) && !name.includes('=?')) return `${name} <${address}>`;
  if (/^[\x20-\x7e]*$/.test(name) && !name.includes('=?'))
    return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  const words = encodeWords(name);
  // The address on a line of its own when the last encoded word leaves no room for it.
  const lastLine = words.slice(words.lastIndexOf('\n') + 1);
  return `${words}${lastLine.length + address.length + 3 > 72 ? `${CRLF} ` : ' '}<${address}>`;
}

/** Bytes of UTF-8 per encoded word: 42 bytes → 56 base64 characters, a 68-character word. */
const WORD_BYTES = 42;

/**
 * RFC 2047 B-encoding in UTF-8, split on character boundaries (a word never ends inside a
 * character) and joined by folding whitespace, which decoders drop between encoded words.
 */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** A header value as sent: printable ASCII as is (folded at spaces), anything else B-encoded. */
export function headerValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value) && !value.includes('=?')) return foldAscii(value);
  return encodeWords(value);
}

/** Fold a long ASCII value at spaces so no line passes 78 characters where a space allows it. */
function foldAscii(value: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(' ')) {
    // 64 leaves room for the header's name on the first line.
    if (line && line.length + 1 + word.length > 64) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`${CRLF} `);
}

/** RFC 5322 date in UTC: `Fri, 09 Oct 2026 02:20:00 +0000`. */
export function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export type TransferEncoding = 'quoted-printable' | 'base64';

/** Lines of a text body joined by CRLF, as MIME requires of text/* whatever the input used. */
function crlfLines(text: string): string[] {
  return text.replace(/\r\n|\r/g, '\n').split('\n');
}

/** Base64 of the UTF-8 bytes in lines of 76 characters. */
export function base64Body(text: string): string {
  const b64 = Buffer.from(crlfLines(text).join(CRLF), 'utf8').toString('base64');
  return (b64.match(/.{1,76}/g) ?? ['']).join(CRLF);
}

/**
 * Quoted-printable (RFC 2045 §6.7) of the UTF-8 bytes: `=`, control and non-ASCII bytes, and
 * a space or tab ending a line as `=XX`; soft line breaks (`=` CRLF) keep every line at 76
 * characters or fewer, never inside an `=XX`.
 */
export function quotedPrintableBody(text: string): string {
  return crlfLines(text)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const tokens: string[] = [];
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]!;
        const last = i === bytes.length - 1;
        const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        tokens.push(plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
      }
      const out: string[] = [];
      let current = '';
      for (const token of tokens) {
        // 75 leaves room for the `=` of the soft break.
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      }
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

/** The shorter of the two encodings of a text body (QP for mostly-ASCII HTML, base64 for Chinese prose). */
export function encodeBody(text: string): { encoding: TransferEncoding; body: string } {
  const qp = quotedPrintableBody(text);
  const b64 = base64Body(text);
  return qp.length <= b64.length
    ? { encoding: 'quoted-printable', body: qp }
    : { encoding: 'base64', body: b64 };
}

export interface AlternativeMessage {
  /** Header lines in order, name → value already encoded (see `headerValue`, `formatMailbox`). */
  headers: Array<[string, string]>;
  text: string;
  html: string;
  /** Must not occur in the bodies: QP and base64 output never contain `=_`, so a boundary with it is safe. */
  boundary: string;
}

/** The whole multipart/alternative message as sent, CRLF line endings throughout. */
export function multipartAlternative(m: AlternativeMessage): Buffer {
  const part = (type: string, content: string) => {
    const { encoding, body } = encodeBody(content);
    return [
      `--${m.boundary}`,
      `Content-Type: ${type}; charset=utf-8`,
      `Content-Transfer-Encoding: ${encoding}`,
      '',
      body,
    ].join(CRLF);
  };
  const head = [
    ...m.headers.map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;${CRLF} boundary="${m.boundary}"`,
  ].join(CRLF);
  return Buffer.from(
    [head, '', part('text/plain', m.text), part('text/html', m.html), `--${m.boundary}--`, ''].join(CRLF),
    'utf8',
  );
}
