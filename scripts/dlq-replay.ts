/**
 * Move the messages of a queue's dead-letter queue back to the queue (docs/operations.md,
 * "DLQ replay") — needed in the China regions, where SQS offers no DLQ redrive.
 *
 *   npm run dlq:replay -- --queue work-orders --dry-run           # deployed: AWS_REGION, stage dev
 *   npm run dlq:replay -- --queue work-orders --stage prod --max 100
 *   npm run dlq:replay -- --queue reports --endpoint http://127.0.0.1:<SQS port of npm start>
 *
 * --queue: an id or key of shared/queues.ts (work-orders, reports, calendar-recompute). Where
 * the queues are: --endpoint (the local emulator; --prefix for a test's queues), or AWS with
 * the default credentials, the queues of `Bancheng-<--stage>-…` found by their redrive policy,
 * or --source-url and --dlq-url. Exit 0 all moved, 1 some message could not be sent.
 */

import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { queues } from '../shared/queues.ts';
import { findQueuePair, queueDefinition, replayDeadLetters } from './dlq/replay.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      queue: { type: 'string' },
      max: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      endpoint: { type: 'string' },
      prefix: { type: 'string', default: '' },
      stage: { type: 'string', default: 'dev' },
      'source-url': { type: 'string' },
      'dlq-url': { type: 'string' },
    },
    strict: true,
  });
  const known = Object.values(queues)
    .map((q) => q.id)
    .join('、');
  if (!values.queue) fail(`请用 --queue 指定队列：${known}`);
  const definition = queueDefinition(values.queue);
  if (!definition)
    fail(
      `不认识的队列 ${values.queue}：应为 ${known} 之一（EventBridge Scheduler 的死信队列没有源队列，不能重放）`,
    );
  const max = values.max === undefined ? undefined : Number(values.max);
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) fail('--max 应为正整数');
  if (Boolean(values['source-url']) !== Boolean(values['dlq-url']))
    fail('--source-url 与 --dlq-url 须同时给出');

  const sqs = values.endpoint
    ? new SQSClient({
        endpoint: values.endpoint,
        region: process.env.AWS_REGION ?? 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
    : new SQSClient({});
  const pair =
    values['source-url'] && values['dlq-url']
      ? { sourceUrl: values['source-url'], dlqUrl: values['dlq-url'] }
      : await findQueuePair(
          sqs,
          definition,
          values.endpoint ? { localPrefix: values.prefix } : { namePrefix: `Bancheng-${values.stage}-` },
        ).catch((e: Error) => fail(e.message));

  console.log(`${values['dry-run'] ? '试运行：列出' : '重放'} ${pair.dlqUrl}\n  → ${pair.sourceUrl}`);
  const result = await replayDeadLetters({
    sqs,
    ...pair,
    ...(max !== undefined ? { max } : {}),
    dryRun: values['dry-run'],
  });
  if (values['dry-run']) {
    for (const m of result.listed) console.log(`  ${m.messageId}（已接收 ${m.receiveCount} 次）${m.preview}`);
    console.log(`共 ${result.listed.length} 条将被重放；未移动任何消息。`);
    return;
  }
  console.log(`已移回 ${result.moved} 条。`);
  if (result.notDeleted > 0) {
    console.log(
      `  其中 ${result.notDeleted} 条已发送但未能从死信队列删除：下次重放会再发一次，消费方幂等，无害。`,
    );
  }
  for (const f of result.failedSends) console.log(`  发送失败 ${f.messageId}：${f.reason}（仍留在死信队列）`);
  process.exit(result.failedSends.length > 0 ? 1 : 0);
}

await main();
