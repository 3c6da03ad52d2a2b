/**
 * Centres (tenants), their handling units and duty roster in DynamoDB. One round trip per
 * write: UpdateItem bumps the version and reports whether the item existed before.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';
import { type Scope, scopeCovers } from '../domain/identity.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Department, DutyDay, PutDepartmentBody, PutTenantBody, Tenant } from '../schemas/tenant.ts';
import { keys, table as tableDef } from '../table.ts';
import { documentClient, table } from './dynamo.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { decodeCursor, getMany, queryAll, queryPage } from './paging.ts';

type Item = Record<string, NativeAttributeValue>;

function strip<T>(item: Item): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, webhookSecrets: _w, ...rest } = item;
  return rest as T;
}

/** SET every given attribute and bump `version`; returns the item before the write. */
async function upsert(
  key: Item,
  type: string,
  attrs: Item,
  onlyIfAbsent: Item = {},
): Promise<Item | undefined> {
  const names: Record<string, string> = { '#type': 'type', '#version': 'version' };
  const values: Record<string, NativeAttributeValue> = { ':type': type, ':zero': 0, ':one': 1 };
  const sets = ['#type = :type', '#version = if_not_exists(#version, :zero) + :one'];
  for (const [i, [k, v]] of Object.entries(attrs).entries()) {
    if (v === undefined) continue;
    names[`#a${i}`] = k;
    values[`:a${i}`] = v;
    sets.push(`#a${i} = :a${i}`);
  }
  for (const [i, [k, v]] of Object.entries(onlyIfAbsent).entries()) {
    names[`#c${i}`] = k;
    values[`:c${i}`] = v;
    sets.push(`#c${i} = if_not_exists(#c${i}, :c${i})`);
  }
  const out = await documentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_OLD',
    }),
  );
  return out.Attributes;
}

/** The profile also enters the centre registry (index byRegion, `TENANTS#{province}`) that region reports list. */
export async function putTenant(tenantId: string, body: PutTenantBody, now: string): Promise<Tenant> {
  const old = await upsert(keys.tenant(tenantId), 'tenant', {
    ...body,
    tenantId,
    updatedAt: now,
    ...keys.tenantRegistry(tenantId),
  });
  return { ...body, tenantId, updatedAt: now, version: Number(old?.version ?? 0) + 1 };
}

/** The registry entry's keys on the byRegion index, as a page's cursor carries them. */
const REGISTRY_KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

/**
 * One page of the centre registry under a region prefix (index byRegion, `TENANTS#{province}`),
 * in code order: one Query (read ahead when `q` filters by name), then the page's profiles by key
 * (the index holds only the code and the name). The cursor cannot leave the prefix.
 */
export async function listTenants(query: {
  region: string;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: Tenant[]; nextCursor: string | null }> {
  const registry = keys.tenantRegistry(query.region).gsi1pk;
  const page = await queryPage(
    {
      TableName: table(),
      IndexName: tableDef.indexes.byRegion.name,
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :region)',
      ...(query.q
        ? { FilterExpression: 'contains(#name, :q)', ExpressionAttributeNames: { '#name': 'name' } }
        : {}),
      ExpressionAttributeValues: {
        ':pk': registry,
        ':region': query.region,
        ...(query.q ? { ':q': query.q } : {}),
      },
    },
    {
      limit: query.limit,
      keyNames: REGISTRY_KEYS,
      ...(query.cursor
        ? {
            cursor: decodeCursor(
              query.cursor,
              (k) => k.gsi1pk === registry && String(k.gsi1sk).startsWith(query.region),
            ),
          }
        : {}),
    },
  );
  // The registry's entries hold the code and name; the profiles themselves, by key.
  return {
    items: (await getMany(page.items)).map((item) => strip<Tenant>(item)),
    nextCursor: page.nextCursor,
  };
}

export async function getTenant(scope: Scope, tenantId: string): Promise<Tenant> {
  if (!scopeCovers(scope, tenantId)) throw new NotFoundError('便民服务中心不存在');
  const out = await documentClient().send(new GetCommand({ TableName: table(), Key: keys.tenant(tenantId) }));
  if (!out.Item) throw new NotFoundError('便民服务中心不存在');
  return strip<Tenant>(out.Item);
}

/**
 * A centre's handling units (承办单位), in code order, without their signing secrets. The profile
 * read runs beside the Query (one round trip of latency) so that an unknown centre is a 404, not
 * an empty list.
 */
export async function listDepartments(scope: Scope, tenantId: string): Promise<Department[]> {
  const [, items] = await Promise.all([
    getTenant(scope, tenantId),
    queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :dept)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId).pk, ':dept': 'DEPT#' },
    }),
  ]);
  return items.map((item) => strip<Department>(item));
}

/**
 * A webhook department gets a signing secret when first created (returned once); later
 * updates keep it and never return it.
 */
export async function putDepartment(
  tenantId: string,
  departmentId: string,
  body: PutDepartmentBody,
  now: string,
  proposedSecret: string,
): Promise<Department> {
  const isWebhook = 'webhook' in body.delivery;
  const old = await upsert(
    keys.department(tenantId, departmentId),
    'department',
    { ...body, tenantId, departmentId, updatedAt: now },
    isWebhook ? { webhookSecrets: [proposedSecret] } : {},
  );
  const department: Department = {
    ...body,
    tenantId,
    departmentId,
    updatedAt: now,
    version: Number(old?.version ?? 0) + 1,
  };
  if (isWebhook && !old?.webhookSecrets) department.webhookSecret = proposedSecret;
  return department;
}

export async function putDutyDay(day: DutyDay): Promise<DutyDay> {
  await documentClient().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.dutyDay(day.tenantId, day.date), type: 'duty', ...day },
    }),
  );
  return day;
}

export async function getDutyDay(tenantId: string, date: string): Promise<DutyDay | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.dutyDay(tenantId, date) }),
  );
  return out.Item ? strip<DutyDay>(out.Item) : undefined;
}

/**
 * A month of the duty roster (`yyyy-mm`), in date order: one Query of the centre's `DUTY#yyyy-mm-`
 * items. The profile read runs beside it, as for the departments, so an unknown centre is a 404.
 */
export async function listDutyDays(scope: Scope, tenantId: string, month: string): Promise<DutyDay[]> {
  const [, items] = await Promise.all([
    getTenant(scope, tenantId),
    queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
      ExpressionAttributeValues: {
        ':pk': keys.tenant(tenantId).pk,
        ':month': keys.dutyDay(tenantId, `${month}-`).sk,
      },
    }),
  ]);
  return items.map((item) => strip<DutyDay>(item));
}

/**
 * Rotate a webhook department's signing secret: the new one goes first and signs; the
 * previous one stays valid beside it (receivers accept either) until the next rotation drops it.
 * Returns the department and the new secret (shown once), or undefined if it has no webhook.
 */
export async function rotateWebhookSecret(
  tenantId: string,
  departmentId: string,
  newSecret: string,
  now: string,
): Promise<{ department: Department; webhookSecret: string; previousStillValid: boolean } | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: table(),
      Key: keys.department(tenantId, departmentId),
      ConsistentRead: true,
    }),
  );
  const item = out.Item;
  if (!item?.delivery || !('webhook' in item.delivery)) return undefined;
  const current = (item.webhookSecrets as string[] | undefined) ?? [];
  const secrets = [newSecret, ...current.slice(0, 1)];
  // Conditional on the secret list as read (not on the version): a concurrent save of the
  // department's other fields does not disturb a rotation; a concurrent rotation does.
  const names: Record<string, string> = { '#v': 'version', '#d': 'delivery', '#w': 'webhook' };
  const values: Record<string, NativeAttributeValue> = { ':s': secrets, ':now': now, ':one': 1 };
  let condition = 'attribute_exists(#d.#w) AND ';
  if (current[0] === undefined) condition += 'attribute_not_exists(webhookSecrets[0])';
  else {
    condition += 'webhookSecrets[0] = :first';
    values[':first'] = current[0];
  }
  try {
    const updated = await documentClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.department(tenantId, departmentId),
        UpdateExpression: 'SET webhookSecrets = :s, updatedAt = :now, #v = #v + :one',
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return {
      department: strip<Department>(updated.Attributes ?? {}),
      webhookSecret: newSecret,
      previousStillValid: secrets.length > 1,
    };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const old = (error as { Item?: Record<string, AttributeValue> }).Item;
    const fresh = old ? unmarshall(old) : undefined;
    if (!fresh?.delivery || !('webhook' in fresh.delivery)) return undefined;
    throw new ConflictError(
      '另一次密钥轮换刚刚完成（它生成的密钥有效）；如仍需轮换请重新操作',
      'rotation_conflict',
    );
  }
}
