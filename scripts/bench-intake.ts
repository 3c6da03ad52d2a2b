/**
 * Intake latency benchmark (not a test): POST /cases through the local front (JWT check, zod,
 * the real handler, one DynamoDB transaction) against a bare HTTP server that does only that
 * transaction on the same DynamoDB Local. Prints medians and the ratio (the bar is 1.3×).
 *
 *   npx tsx scripts/bench-intake.ts [--requests 300]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { createTable, localDynamoClient, startSqsEmulator } from '../infra/local/emulators.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { AdjustableClock } from '../shared/adapters/clock.ts';
import { intakeBody } from '../test/support/fixtures.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'error';
const requests = Number(process.argv[process.argv.indexOf('--requests') + 1]) || 300;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(url: string, headers: Record<string, string>, n: number): Promise<number> {
  const body = JSON.stringify(intakeBody());
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
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
  bare.close();
  await stack.close();
} finally {
  await sqs.stop();
  await dynamo.stop();
}
