/**
 * Attachment records as they lie in a case's item collection (`CASE#{caseId}` / `ATT#{id}`).
 * Apart from attachments.ts so that a function reading them (archive-case) does not carry the
 * registration schema and the upload path with it.
 */
import type { Attachment } from '../schemas/attachment.ts';

type Item = Record<string, unknown>;

export function toAttachment(item: Item): Attachment {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as Attachment;
}

/** The case's attachments in the order they were registered on its trail. */
export function attachmentsOf(others: readonly Item[]): Attachment[] {
  return others
    .filter((o) => o.type === 'attachment')
    .map(toAttachment)
    .sort((a, b) => a.eventSeq - b.eventSeq);
}
