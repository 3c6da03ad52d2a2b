/**
 * `npm start`: the whole system on this machine — DynamoDB Local (data kept under .local/),
 * the SQS/S3 emulator, the local scheduler and clock, and the HTTP front on PORT — then the
 * demo centre, and ready-to-paste tokens for every role. Ctrl-C stops everything.
 *
 *   PORT=3000 (default)   BANCHENG_IN_MEMORY=1 (or --in-memory): nothing kept on disk
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AdjustableClock } from '../../shared/adapters/clock.ts';
import { logger } from '../../shared/adapters/logger.ts';
import { table } from '../../shared/table.ts';
import { ensureConsoleBuilt } from './console.ts';
import { checkJava, startDynamoDbLocal } from './dynamodb.ts';
import { startSqsEmulator } from './emulators.ts';
import { DEMO_PEOPLE, seedDemo } from './seed.ts';
import { startLocalStack } from './stack.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LOCAL_DIR = join(ROOT, '.local');

/** A secret kept under .local/ so links in old e-mails keep working after a restart. */
function persistentSecret(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const java = checkJava();
  if (!java.ok) {
    console.error(java.message);
    process.exit(1);
  }
  const inMemory = process.argv.includes('--in-memory') || process.env.BANCHENG_IN_MEMORY === '1';
  const port = Number(process.env.PORT ?? 3000);
  const started = Date.now();

  // The console is built (when its sources changed) while DynamoDB Local starts.
  const [console_, dynamo] = await Promise.all([
    ensureConsoleBuilt(),
    startDynamoDbLocal(
      inMemory ? { inMemory: true } : { inMemory: false, dbPath: join(LOCAL_DIR, 'dynamodb') },
    ),
  ]);
  const sqs = await startSqsEmulator();
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping bancheng…`);
    await stack?.close().catch(() => undefined);
    await Promise.allSettled([sqs.stop(), dynamo.stop()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    stack = await startLocalStack({
      port,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqs.endpoint,
      tableName: table.name,
      clock: new AdjustableClock(),
      issuerKeyPath: join(LOCAL_DIR, 'issuer-key.json'),
      actionLinkSecret: persistentSecret(join(LOCAL_DIR, 'action-link-secret')),
      mailDir: join(LOCAL_DIR, 'mail'),
      smsDir: join(LOCAL_DIR, 'sms'),
      background: true,
      ...(process.env.WEBHOOK_RETRY_COMPRESS
        ? { retryCompress: Number(process.env.WEBHOOK_RETRY_COMPRESS) }
        : {}),
    });
    const seeded = await seedDemo(stack.url);
    const now = stack.clock.now();
    const tokens: string[] = [];
    for (const [role, person] of Object.entries(DEMO_PEOPLE)) {
      const token = await stack.issuer.issue({ ...person }, now);
      tokens.push(`  ${role.padEnd(11)} ${person.name}\n    ${token}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`
bancheng 办成 — local stack ready in ${seconds} s (${inMemory ? 'in memory' : `data in ${join(LOCAL_DIR, 'dynamodb')}`})

  Console   ${stack.url}/   (sign in with a demo account${console_.built ? `; built in ${(console_.ms / 1000).toFixed(1)} s` : ''})
  API       ${stack.url}
  Docs      ${stack.url}/docs
  Health    ${stack.url}/health
  DynamoDB  ${dynamo.endpoint}    SQS/S3 ${sqs.endpoint}
  Webhooks  ${stack.url}/_local/inbox/shebao  (what the demo webhook department received)
  E-mails   ${join(LOCAL_DIR, 'mail')}  (.eml files for the demo e-mail department)
  SMS       ${stack.url}/_local/sms  (text messages to reporters; files in ${join(LOCAL_DIR, 'sms')})
  Citizen   ${stack.url}/status  (status look-up by case number + last four phone digits)
${seeded.demoCaseNumber ? `  Demo case ${seeded.demoCaseNumber}\n` : ''}${seeded.webhookSecret ? `  Webhook signing secret of 社保局 (shown once): ${seeded.webhookSecret}\n` : ''}
Tokens (Authorization: Bearer …), demo centre 510104001:
${tokens.join('\n')}

Try:
  curl -s ${stack.url}/cases -H "authorization: Bearer <staff token>"
  curl -s -X POST ${stack.url}/_local/clock -H 'content-type: application/json' -d '{"advanceBy":"PT48H"}'
Ctrl-C stops everything.
`);
  } catch (error) {
    logger.error('local stack failed to start', { error });
    await stop('startup failure');
  }
}

void main();
