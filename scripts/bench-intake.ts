/**
 * Intake latency benchmark (not a test): POST /cases through the local front (JWT check, zod,
 * the real handler, one DynamoDB transaction) against a bare HTTP server that does only that
 * transaction on the same DynamoDB Local. Prints medians and the ratio (the bar is 1.3×).
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
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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
  return median(samples);
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

  // The bare server: parse the body, write counter + case + event in one transaction, answer.
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
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      n++;
      // The same four items as an intake: the centre exists, the counter moves n-1 → n (with
      // its condition), the case (with its ledger index keys) and its first event.
      const at = new Date().toISOString();
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: 'bare',
                Key: { pk: 'TENANT#510104001', sk: 'PROFILE' },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Update: {
                TableName: 'bare',
                Key: { pk: 'TENANT#510104001', sk: 'SEQ' },
                UpdateExpression: 'SET n = :n',
                ConditionExpression: n === 1 ? 'attribute_not_exists(n)' : 'n = :prev',
                ExpressionAttributeValues: n === 1 ? { ':n': n } : { ':n': n, ':prev': n - 1 },
              },
            },
            {
              Put: {
                TableName: 'bare',
                Item: {
                  pk: `CASE#${n}`,
                  sk: 'CASE',
                  gsi1pk: 'CASES#51',
                  gsi1sk: `510104001#${at}#${n}`,
                  ...body,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: 'bare',
                Item: { pk: `CASE#${n}`, sk: 'EV#000001', changes: body, at },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: n }));
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/cases`;

  // Warm both (JIT, connections, the counter cache), then measure.
  await time(`${stack.url}/cases`, { authorization: `Bearer ${staff}` }, 30);
  await time(bareUrl, {}, 30);
  const ours = await time(`${stack.url}/cases`, { authorization: `Bearer ${staff}` }, requests);
  const baseline = await time(bareUrl, {}, requests);
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
