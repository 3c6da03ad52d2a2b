/**
 * Environment variables a function reads, named once. CDK sets them; the local stack sets
 * them for its in-process handlers. Missing required config fails at cold start.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  stage: 'STAGE',
  logLevel: 'LOG_LEVEL',
  /** Endpoint overrides, set only by the local stack. */
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  sqsEndpoint: 'SQS_ENDPOINT',
} as const;

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing required environment variable ${name}`);
  return value;
}

export type Stage = 'local' | 'dev' | 'prod';
export function stage(): Stage {
  const s = process.env[ENV.stage] ?? 'local';
  return s === 'prod' || s === 'dev' ? s : 'local';
}
