/**
 * Intake latency benchmark (not a test): POST /cases through the local front (JWT check, zod,
 * the real handler, one DynamoDB transaction; the owed text reaches the queue through the table's
 * stream and the outbox relay, after the answer) against a bare HTTP
 * server that replays only that transaction — the same items, captured from a real intake — on
 * the same DynamoDB Local. Prints medians and the ratio (the bar is 1.3×).
 *
 * Two paths: warm (the process has numbered this centre's cases before: one transaction) and
 * cold — the production-common path of a container meeting a centre it has not seen (one read
 * of the counter, then one transaction) — measured over `--centres` fresh centres, with the
 * count of cancelled transactions (the bar: none).
 *
 *   npx tsx scripts/bench-intake.ts [--requests 300] [--centres 100]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { createTable, localDynamoClient, startSqsEmulator } from '../infra/local/emulators.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { AdjustableClock } from '../shared/adapters/clock.ts';
import { documentClient } from '../shared/adapters/dynamo.ts';
import { intakeBody } from '../test/support/fixtures.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'error';
const arg = (name: string) => Number(process.argv[process.argv.indexOf(name) + 1]) || undefined;
const requests = arg('--requests') ?? 300;
const centres = arg('--centres') ?? 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(
  url: string,
  headers: Record<string, string> | ((i: number) => Record<string, string>),
  n: number,
): Promise<number> {
  return median(await sample(url, headers, n));
}

/** `n` POST /cases one after the other: each one's latency, in ms. */
async function sample(
  url: string,
  headers: Record<string, string> | ((i: number) => Record<string, string>),
  n: number,
): Promise<number[]> {
  const body = JSON.stringify(intakeBody());
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(typeof headers === 'function' ? headers(i) : headers),
      },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`status ${res.status}`);
    samples.push(performance.now() - t);
  }
  return samples;
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * One real intake's transaction, as the handler sent it, and a way to send it again as if for
 * the n-th case of a fresh centre: every id that must be unique (case, status token, case number,
 * the text's id) gets a suffix, the counter moves n-1 → n under its condition.
 */
async function captureIntakeTransaction(url: string, token: string) {
  let captured: TransactItems | undefined;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && !captured)
        captured = structuredClone((args.input as TransactWriteCommandInput).TransactItems);
      return next(args);
    },
    { step: 'initialize', name: 'benchCapture' },
  );
  const res = await fetch(`${url}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(intakeBody()),
  });
  documentClient().middlewareStack.remove('benchCapture');
  if (res.status !== 201 || !captured)
    throw new Error(`could not capture the intake transaction (${res.status})`);
  const keys = captured.flatMap((t) => {
    const pk = String(t.Put?.Item?.pk ?? '');
    const sk = String(t.Put?.Item?.sk ?? '');
    // The text's record sits under the case (renamed with it); its own id is in the sort key.
    if (sk.startsWith('SMS#')) return [sk.slice('SMS#'.length)];
    return /^(CASE|STATUS|CASENO|OUTBOX)#/.test(pk) ? [pk.slice(pk.indexOf('#') + 1)] : [];
  });
  const ids = [...new Set(keys)];
  const counter = captured.findIndex((t) => String(t.Update?.Key?.sk ?? '').startsWith('SEQ#'));
  if (counter < 0 || ids.length < 4) throw new Error('the intake transaction is not the one expected');
  const table = String(captured[0]!.ConditionCheck?.TableName);
  const text = JSON.stringify(captured);
  return {
    items: captured.length,
    replay(n: number, tableName: string): TransactItems {
      let json = text.replaceAll(`"TableName":"${table}"`, `"TableName":"${tableName}"`);
      for (const id of ids) json = json.replaceAll(id, `${id}-r${n}`);
      const items = JSON.parse(json) as TransactItems;
      const update = items[counter]!.Update!;
      update.ConditionExpression = n === 1 ? 'attribute_not_exists(#n)' : '#n = :expected';
      update.ExpressionAttributeValues = n === 1 ? { ':next': 1 } : { ':next': n, ':expected': n - 1 };
      return items;
    },
  };
}

const dynamo = await startDynamoDbLocal({ inMemory: true });
const sqs = await startSqsEmulator();
try {
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    tableName: 'bench',
    clock: new AdjustableClock(),
  });
  const admin = await stack.issuer.issue({ sub: 'a', name: 'a', role: 'admin' }, new Date());
  await fetch(`${stack.url}/tenants/510104001`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: '基准测试中心' }),
  });
  const staff = await stack.issuer.issue(
    { sub: 's', name: 's', role: 'staff', tenantId: '510104001' },
    new Date(),
  );

  // The bare server replays intake's own transaction — the very items one POST /cases writes
  // (the centre check, the counter, the case, its first event, the status link, the case number,
  // the text owed), captured from a real intake — with fresh ids each time, on a table made the
  // same way (same indexes): the ratio is what the front, the token check, validation and the
  // handler add around the one transaction intake needs.
  const template = await captureIntakeTransaction(stack.url, staff);
  await createTable(localDynamoClient(dynamo.endpoint), 'bare');
  const doc = DynamoDBDocumentClient.from(localDynamoClient(dynamo.endpoint), {
    marshallOptions: { removeUndefinedValues: true },
  });
  await doc.send(new PutCommand({ TableName: 'bare', Item: { pk: 'TENANT#510104001', sk: 'PROFILE' } }));
  let n = 0;
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      n++;
      await doc.send(new TransactWriteCommand({ TransactItems: template.replay(n, 'bare') }));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: n }));
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/cases`;

  // Warm both (JIT, connections, the counter cache), then measure.
  await time(`${stack.url}/cases`, { authorization: `Bearer ${staff}` }, 30);
  await time(bareUrl, {}, 30);
  // Interleaved, ten requests a side at a time: DynamoDB Local gets faster over a run, so
  // whichever server went second, all at once, was measured on a warmer database.
  const oursSamples: number[] = [];
  const bareSamples: number[] = [];
  for (let round = 0; round < Math.ceil(requests / 10); round++) {
    oursSamples.push(...(await sample(`${stack.url}/cases`, { authorization: `Bearer ${staff}` }, 10)));
    bareSamples.push(...(await sample(bareUrl, {}, 10)));
  }
  const ours = median(oursSamples);
  const baseline = median(bareSamples);
  console.log(
    `POST /cases median over ${requests}: bancheng ${ours.toFixed(2)} ms, bare transaction ${baseline.toFixed(2)} ms`,
  );
  console.log(`ratio ${(ours / baseline).toFixed(2)}× (bar: 1.3×)`);

  // Cold: each request for a centre this process has never numbered (set up beforehand, so the
  // set-up is not timed). Cancelled transactions are counted on the handlers' own client.
  const fresh = Array.from(
    { length: centres },
    (_, i) =>
      `5101${String(50 + Math.floor(i / 900)).padStart(2, '0')}${String(100 + (i % 900)).padStart(3, '0')}`,
  );
  const tokens: string[] = [];
  for (const tenantId of fresh) {
    await fetch(`${stack.url}/tenants/${tenantId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `基准测试中心${tenantId}` }),
    });
    tokens.push(await stack.issuer.issue({ sub: 's', name: 's', role: 'staff', tenantId }, new Date()));
  }
  let cancelled = 0;
  let reads = 0;
  documentClient().middlewareStack.add(
    (next, context) => async (input) => {
      if (context.commandName === 'GetItemCommand') reads++;
      try {
        return await next(input);
      } catch (error) {
        if (context.commandName === 'TransactWriteItemsCommand') cancelled++;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchCount' },
  );
  const cold = await time(`${stack.url}/cases`, (i) => ({ authorization: `Bearer ${tokens[i]}` }), centres);
  console.log(
    `POST /cases cold container, first case of ${centres} unseen centres: median ${cold.toFixed(2)} ms, ${(cold / baseline).toFixed(2)}× the bare transaction; ${reads} counter reads, ${cancelled} cancelled transactions (bar: 0)`,
  );
  bare.close();
  await stack.close();
} finally {
  await sqs.stop();
  await dynamo.stop();
}
