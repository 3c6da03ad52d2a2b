/**
 * Used by test/local/emulators.test.ts: starts DynamoDB Local, prints one JSON line with the
 * endpoint and java's pid, then idles until killed (the test SIGKILLs this process).
 */
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';

const db = await startDynamoDbLocal({ inMemory: true });
process.stdout.write(`${JSON.stringify({ endpoint: db.endpoint, javaPid: db.javaPid })}\n`);
setInterval(() => {}, 60_000);
