/**
 * Query paging, written once: a page of a list endpoint (filtered Queries read ahead until
 * the page is full, bounded), opaque cursors that cannot be pointed outside the caller's key
 * range, reading a whole item collection, and reading the whole records behind a list's index
 * entries by key.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { ValidationError } from '../errors.ts';
import { documentClient, table } from './dynamo.ts';

export type Item = Record<string, NativeAttributeValue>;

/** A page's continuation: the last returned item's table and index keys, base64url JSON. */
export function encodeCursor(item: Item, keyNames: readonly string[]): string {
  return Buffer.from(JSON.stringify(Object.fromEntries(keyNames.map((k) => [k, item[k]])))).toString(
    'base64url',
  );
}

export function invalidCursor(): ValidationError {
  return new ValidationError('翻页游标无效', [
    { field: 'cursor', message: '翻页游标无效或已过期，请从第一页重新查询' },
  ]);
}

/** The cursor's key, if `valid` accepts it (it must lie in the caller's range); else a 400. */
export function decodeCursor(cursor: string, valid: (key: Item) => boolean): Item {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item;
    if (key && typeof key === 'object' && !Array.isArray(key) && valid(key)) return key;
  } catch {
    // the 400 below
  }
  throw invalidCursor();
}

/** Exactly the page's key attributes, each a non-empty string: what `encodeCursor` wrote. */
function hasKeyShape(key: Item, keyNames: readonly string[]): boolean {
  const names = Object.keys(key);
  return (
    names.length === keyNames.length &&
    keyNames.every((k) => typeof key[k] === 'string' && (key[k] as string).length > 0)
  );
}

/** DynamoDB refusing an ExclusiveStartKey (wrong partition, outside the key condition, bad shape). */
function isStartKeyRefused(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'ValidationException' && /start(ing)? key/i.test(e.message ?? '');
}

/** At most this many Query calls to fill one filtered page. */
const MAX_ROUNDS = 10;

/**
 * One page of `limit` items: reads ahead (larger Query pages when a filter may drop items)
 * until the page is full or the range ends. `keep` is a filter DynamoDB cannot express.
 */
export async function queryPage(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  opts: { limit: number; cursor?: Item; keep?: (item: Item) => boolean; keyNames: readonly string[] },
): Promise<{ items: Item[]; nextCursor: string | null }> {
  // A forged cursor can pass the caller's prefix check and still not be a key of this Query.
  if (opts.cursor && !hasKeyShape(opts.cursor, opts.keyNames)) throw invalidCursor();
  const filtered = Boolean(input.FilterExpression) || Boolean(opts.keep);
  const items: Item[] = [];
  let startKey: Item | undefined = opts.cursor;
  let rounds = 0;
  do {
    const out = await documentClient()
      .send(
        new QueryCommand({
          ...input,
          Limit: filtered ? Math.max(opts.limit * 2, 100) : opts.limit + 1,
          ExclusiveStartKey: startKey,
        }),
      )
      .catch((error: unknown) => {
        throw rounds === 0 && opts.cursor && isStartKeyRefused(error) ? invalidCursor() : error;
      });
    const got = out.Items ?? [];
    items.push(...(opts.keep ? got.filter(opts.keep) : got));
    startKey = out.LastEvaluatedKey;
    rounds++;
  } while (startKey && items.length <= opts.limit && rounds < MAX_ROUNDS);
  const page = items.slice(0, opts.limit);
  const last = page[page.length - 1];
  const more = items.length > opts.limit || startKey !== undefined;
  return { items: page, nextCursor: more && last ? encodeCursor(last, opts.keyNames) : null };
}

/**
 * Every item a Query matches, page after page (an item collection, a small partition, a
 * bounded range). `onPage` sees each response (e.g. to add up consumed capacity).
 */
export async function queryAll(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  onPage?: (out: QueryCommandOutput) => void,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const out = await documentClient().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    onPage?.(out);
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * The items with these table keys, in the order asked (a key with no item is left out): BatchGet,
 * 100 keys a request, unprocessed keys asked again with back-off. Lists read an index that holds
 * only what they show; an export or the monthly run reads the whole records behind it with this.
 * `onPage` sees each response (e.g. to add up consumed capacity).
 */
export async function getMany(
  wanted: readonly Item[],
  opts: {
    projection?: { expression: string; names: Record<string, string> };
    consistent?: boolean;
    returnConsumedCapacity?: boolean;
    onPage?: (out: BatchGetCommandOutput) => void;
  } = {},
): Promise<Item[]> {
  const tableName = table();
  const found = new Map<string, Item>();
  const id = (k: Item) => `${String(k.pk)}\u0000${String(k.sk)}`;
  const projected = opts.projection
    ? {
        ProjectionExpression: `pk, sk, ${opts.projection.expression}`,
        ExpressionAttributeNames: opts.projection.names,
      }
    : {};
  for (let i = 0; i < wanted.length; i += 100) {
    const keys = [...new Map(wanted.slice(i, i + 100).map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
    let request: BatchGetCommandOutput['UnprocessedKeys'] | undefined = {
      [tableName]: { Keys: keys, ConsistentRead: opts.consistent ?? false, ...projected },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const out: BatchGetCommandOutput = await documentClient().send(
        new BatchGetCommand({
          RequestItems: request,
          ...(opts.returnConsumedCapacity ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        }),
      );
      opts.onPage?.(out);
      for (const item of out.Responses?.[tableName] ?? []) found.set(id(item), item);
      request = out.UnprocessedKeys;
    }
  }
  return wanted.flatMap((k) => {
    const item = found.get(id(k));
    return item ? [item] : [];
  });
}
