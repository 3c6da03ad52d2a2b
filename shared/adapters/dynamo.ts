/**
 * One DynamoDB DocumentClient per process, created at module scope so a warm Lambda reuses
 * its connections. The local stack points it at DynamoDB Local through DYNAMODB_ENDPOINT.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ENV, requiredEnv } from '../config.ts';
import { table as tableKeys } from '../table.ts';

let client: DynamoDBDocumentClient | undefined;
let tableName: string | undefined;

function create(): DynamoDBDocumentClient {
  const endpoint = process.env[ENV.dynamoEndpoint];
  const base = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function documentClient(): DynamoDBDocumentClient {
  client ??= create();
  return client;
}

export function table(): string {
  tableName ??= requiredEnv(ENV.tableName);
  return tableName;
}

/** The local stack and tests re-point the process at another endpoint or table. */
export function resetDynamo(): void {
  client?.destroy();
  client = undefined;
  tableName = undefined;
}

/**
 * The cheapest proof the table answers (one eventually consistent GetItem of a key that never
 * exists, half a read unit): used by /health. Throws what the SDK throws.
 */
export async function pingTable(): Promise<void> {
  await documentClient().send(
    new GetCommand({
      TableName: table(),
      Key: { [tableKeys.partitionKey]: 'HEALTH', [tableKeys.sortKey]: 'HEALTH' },
    }),
  );
}
