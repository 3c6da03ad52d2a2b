/**
 * Secrets at run time: the action-link key, the SMTP URL (it carries the relay's password) and
 * the SMS provider's key pair.
 *
 * In AWS a function learns only the secret's id (`*_SECRET_ID`: name or ARN, no value) and reads
 * the value from Secrets Manager (`GetSecretValue`, AWSCURRENT), cached `SECRET_MAX_AGE_SECONDS`
 * (5 min) per container: a value put into the secret reaches every function within that time,
 * without a deploy. Concurrent first reads share one request; a failed read is not cached.
 * Locally, and in tests, the value itself is in the environment (`ACTION_LINK_SECRET`, `SMTP_URL`,
 * `SMS_CREDENTIALS`; the local stack keeps the action-link key in `.local/`) and is read from there.
 *
 * The call is one signed request (aws-json.ts) rather than Powertools and the Secrets Manager
 * client, which cost ≈31 KB of minified code in every function that reads a secret.
 *
 * The action links are signed inside synchronous builders, so their key is also offered
 * synchronously (`actionLinkSecrets`): the value of the last read, refreshed before each
 * invocation (invocation-hooks.ts) of a function that has `ACTION_LINK_SECRET_ID`.
 */
import { awsJsonCall } from './aws-json.ts';
import { clock } from './clock.ts';
import { beforeEachInvocation } from './invocation-hooks.ts';

export const SECRETS = {
  /** HMAC key(s) of the action links, comma-separated, newest first (the first signs; all verify). */
  actionLink: { value: 'ACTION_LINK_SECRET', id: 'ACTION_LINK_SECRET_ID' },
  /** `smtps://user:password@relay:465`. */
  smtpUrl: { value: 'SMTP_URL', id: 'SMTP_SECRET_ID' },
  /** `{"secretId":"…","secretKey":"…"}` of the SMS provider. */
  smsCredentials: { value: 'SMS_CREDENTIALS', id: 'SMS_SECRET_ID' },
} as const;

export type SecretName = keyof typeof SECRETS;

/** How long a value read from Secrets Manager is used before it is read again (`SECRET_MAX_AGE_SECONDS`). */
export const DEFAULT_SECRET_MAX_AGE_SECONDS = 300;

function maxAgeSeconds(): number {
  const raw = Number(process.env['SECRET_MAX_AGE_SECONDS'] ?? DEFAULT_SECRET_MAX_AGE_SECONDS);
  return Number.isFinite(raw) && raw >= 0 ? raw : DEFAULT_SECRET_MAX_AGE_SECONDS;
}

const lastRead: Partial<Record<SecretName, string>> = {};
/** Per secret id: the value (or the read under way) and when it must be read again. */
const cache = new Map<string, { value: Promise<string>; expiresAt: number }>();

async function getSecretValue(secretId: string): Promise<string | undefined> {
  const out = await awsJsonCall<{ SecretString?: string }>({
    service: 'secretsmanager',
    endpointId: 'SECRETS_MANAGER',
    target: 'secretsmanager.GetSecretValue',
    input: { SecretId: secretId },
  });
  return out.SecretString;
}

/** The secret's current value: Secrets Manager (cached) when the function has its id, else the environment. */
export async function readSecret(name: SecretName): Promise<string> {
  const { value, id } = SECRETS[name];
  const secretId = process.env[id];
  if (!secretId) {
    const plain = process.env[value];
    if (!plain) throw new Error(`missing required environment variable ${id} (or ${value} locally)`);
    return plain;
  }
  const now = clock.now().getTime();
  let entry = cache.get(secretId);
  if (!entry || entry.expiresAt <= now) {
    const value = getSecretValue(secretId).then((secret) => {
      if (typeof secret !== 'string' || secret === '')
        throw new Error(`secret ${secretId} (${name}) has no string value`);
      return secret;
    });
    entry = { value, expiresAt: now + maxAgeSeconds() * 1000 };
    cache.set(secretId, entry);
    // A failed read is forgotten, so the next invocation tries again instead of failing for 5 min.
    value.catch(() => {
      if (cache.get(secretId) === entry) cache.delete(secretId);
    });
  }
  const secret = await entry.value;
  lastRead[name] = secret;
  return secret;
}

/** Split a comma-separated key list (the action-link key during a rotation). */
function keyList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The action-link keys, newest first, read (and cached) asynchronously. */
export async function readActionLinkSecrets(): Promise<string[]> {
  return keyList(await readSecret('actionLink'));
}

/**
 * The action-link keys, newest first, synchronously: the environment locally; in AWS the value
 * of the last read, which the invocation hook below refreshes before each invocation.
 */
export function actionLinkSecrets(): string[] {
  const { value, id } = SECRETS.actionLink;
  const raw = process.env[id] ? lastRead.actionLink : process.env[value];
  if (!raw)
    throw new Error(
      process.env[id]
        ? 'the action-link key was not read before this invocation (await runInvocationHooks() first)'
        : `missing required environment variable ${id} (or ${value} locally)`,
    );
  return keyList(raw);
}

beforeEachInvocation(async () => {
  if (process.env[SECRETS.actionLink.id]) await readSecret('actionLink');
});
