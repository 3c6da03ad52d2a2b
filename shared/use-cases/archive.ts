/**
 * 存档: freeze a case with everything it produced — "材料、文件、台账、会议纪要做好归档保存".
 *
 * Primary course:
 *  1. Read the case in the caller's scope; archiving must be legal from its status
 *     (after the follow-up 回访, or a refused case straight away).
 *  2. Read its item collection (audit events, work orders, attachments) and its centre.
 *  3. Build the package under `{tenantId}/{caseNumber}/` in the archive bucket: case.json,
 *     events.json (the whole trail and its verification), work-orders.json, sms.json (the texts
 *     to the reporter and their outcomes), intake-form.html,
 *     notice.html, transfer-{workOrderNumber}.html per work order, meeting-minutes-{nnn}.html per
 *     task-force meeting, attachments.json, and
 *     manifest.json listing every file with its SHA-256 and the trail's last hash.
 *  4. Write the files (Object Lock, compliance mode, where the bucket has it), manifest last.
 *  5. One transaction: the case at its next version (status `archived`, `archivedAt`, and the
 *     seal — manifest key and SHA-256), its `case.archived` event recording the seal, and a
 *     condition that every packaged work order is still at the version packaged.
 *
 * The package seals the trail (the manifest holds the last event's hash) and the trail seals
 * the package (the `case.archived` event, chained after it, holds the manifest's hash), so a
 * later edit of either is detectable. If step 4 fails nothing is archived; the case is as it
 * was, and a retry writes the same keys again (under Object Lock as new versions; the case
 * keeps the hash of the manifest that counts).
 */

import {
  archiveBucket,
  getObject,
  listKeys,
  presignGet,
  putObject,
  sha256Hex,
} from '../adapters/blob-store.ts';
import { getCase, getCaseCollection, publicCase } from '../adapters/case-store.ts';
import { table } from '../adapters/dynamo.ts';
import { logger } from '../adapters/logger.ts';
import { asSmsMessage } from '../adapters/sms-records.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { stage } from '../config.ts';
import { renderIntakeForm } from '../documents/intake-form.ts';
import { renderMeetingMinutes } from '../documents/meeting-minutes.ts';
import { renderNotice } from '../documents/notice.ts';
import { renderTransferForm } from '../documents/transfer-form.ts';
import { assertTransition, verifyChain } from '../domain/case.ts';
import { type Principal, scopeOf } from '../domain/identity.ts';
import { formatShanghai, shanghaiDate } from '../domain/time.ts';
import { parseWorkOrderId } from '../domain/work-order.ts';
import { NotFoundError } from '../errors.ts';
import type { ArchiveSeal } from '../schemas/attachment.ts';
import type { Case } from '../schemas/case.ts';
import type { WorkOrder } from '../schemas/work-order.ts';
import { keys } from '../table.ts';
import { attachmentsOf } from './attachment-records.ts';
import { changeCase } from './case-changes.ts';

/**
 * How long the archive cannot be changed or deleted by anyone (compliance mode): ten years
 * in production, the shortest regular period for filed records (文书档案定期10年); a day in a
 * dev deployment so test stacks can be torn down; no lock locally (the emulator has none).
 */
export function archiveRetainUntil(archivedAt: Date): Date {
  const until = new Date(archivedAt);
  if (stage() === 'prod') until.setUTCFullYear(until.getUTCFullYear() + 10);
  else until.setUTCDate(until.getUTCDate() + 1);
  return until;
}

export const ARCHIVE_DOWNLOAD_SECONDS = 5 * 60;
const MANIFEST = 'manifest.json';
const FORMAT = 'bancheng-archive/1';

interface PackageFile {
  name: string;
  contentType: string;
  body: string;
}

export interface ManifestEntry {
  name: string;
  key: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the stored bytes. */
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  caseId: string;
  caseNumber: string;
  tenantId: string;
  caseVersion: number;
  archivedAt: string;
  archivedBy: { id: string; name: string };
  retainUntil: string;
  trail: { lastSeq: number; lastHash: string; intact: boolean; brokenAt?: number };
  files: ManifestEntry[];
}

/** `{tenantId}/{caseNumber}/`: one folder per case, named as the ledger names it. */
export function archivePrefix(c: Pick<Case, 'tenantId' | 'number'>): string {
  return `${c.tenantId}/${c.number}/`;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const k of Object.keys(copy)) if (/^(pk|sk|gsi\d(pk|sk)|type)$/.test(k)) delete copy[k];
  return copy;
}

/** 存档 (POST /cases/{caseId}/archive). */
export async function archiveCase(principal: Principal, caseId: string, ifMatch?: number): Promise<Case> {
  const scope = scopeOf(principal);
  const bucket = archiveBucket();
  return changeCase(principal, caseId, ifMatch, async (current, now) => {
    assertTransition('archive', current.status);
    const { stored, events, others } = await getCaseCollection(scope, caseId);
    const tenant = await getTenant({ kind: 'all' }, stored.tenantId);
    const view = publicCase(stored);
    const workOrders = others
      .filter((o) => o.type === 'workOrder')
      .map((o) => withoutKeys(o) as unknown as WorkOrder)
      .sort((a, b) => (parseWorkOrderId(a.id)?.n ?? 0) - (parseWorkOrderId(b.id)?.n ?? 0));
    const attachments = attachmentsOf(others);
    // As the case screen shows them: a pending text's payload and sending fields stay out.
    const smsMessages = others
      .filter((o) => o.type === 'sms')
      .map(asSmsMessage)
      .sort((a, b) => a.eventId.localeCompare(b.eventId));
    const verification = verifyChain(events, stored);
    if (!verification.intact) {
      logger.warn('archiving a case whose audit trail does not verify', {
        caseId,
        brokenAt: verification.brokenAt,
      });
    }
    const archivedAt = new Date(now);
    const retainUntil = archiveRetainUntil(archivedAt);
    const prefix = archivePrefix(stored);

    const files: PackageFile[] = [
      { name: 'case.json', contentType: 'application/json', body: json(view) },
      {
        name: 'events.json',
        contentType: 'application/json',
        body: json({ caseId, caseNumber: stored.number, items: events, verification }),
      },
      { name: 'work-orders.json', contentType: 'application/json', body: json({ items: workOrders }) },
      // The texts sent to the reporter and how each ended (kept beside the chain, not on it).
      { name: 'sms.json', contentType: 'application/json', body: json({ items: smsMessages }) },
      {
        name: 'intake-form.html',
        contentType: 'text/html; charset=utf-8',
        body: renderIntakeForm({ case: view, tenant }),
      },
      {
        name: 'notice.html',
        contentType: 'text/html; charset=utf-8',
        // The notice as given: dated the day of intake (一次性告知 happens at intake).
        body: renderNotice({ case: view, tenant, printedOn: shanghaiDate(new Date(view.acceptedAt)) }),
      },
      ...workOrders.map((workOrder) => ({
        name: `transfer-${workOrder.number}.html`,
        contentType: 'text/html; charset=utf-8',
        body: renderTransferForm({ case: view, workOrder, tenant }),
      })),
      // Each task-force meeting's minutes as printed (numbered in the order they were recorded).
      ...(view.meetings ?? []).map((meeting, i) => ({
        name: `meeting-minutes-${String(i + 1).padStart(3, '0')}.html`,
        contentType: 'text/html; charset=utf-8',
        body: renderMeetingMinutes({ case: view, tenant, meeting }),
      })),
      {
        name: 'attachments.json',
        contentType: 'application/json',
        body: json({
          bucket: 'attachments',
          items: attachments.map((a) => ({
            id: a.id,
            fileName: a.fileName,
            contentType: a.contentType,
            size: a.size,
            sha256: a.sha256,
            kind: a.kind,
            objectKey: a.objectKey,
            status: a.status,
          })),
        }),
      },
    ];

    const entries: ManifestEntry[] = files.map((f) => ({
      name: f.name,
      key: `${prefix}${f.name}`,
      contentType: f.contentType,
      size: Buffer.byteLength(f.body, 'utf8'),
      sha256: sha256Hex(f.body),
    }));
    const last = events[events.length - 1];
    const manifest: Manifest = {
      format: FORMAT,
      caseId,
      caseNumber: stored.number,
      tenantId: stored.tenantId,
      caseVersion: stored.version,
      archivedAt: now,
      archivedBy: { id: principal.id, name: principal.name },
      retainUntil: formatShanghai(retainUntil),
      trail: {
        lastSeq: last?.seq ?? 0,
        lastHash: last?.hash ?? stored.lastEventHash,
        intact: verification.intact,
        ...(verification.brokenAt !== undefined ? { brokenAt: verification.brokenAt } : {}),
      },
      files: entries,
    };
    const manifestBody = json(manifest);

    // The files first, the manifest last: a manifest is only ever written over a full package.
    await Promise.all(
      files.map((f) =>
        putObject({
          bucket,
          key: `${prefix}${f.name}`,
          body: f.body,
          contentType: f.contentType,
          retainUntil,
        }),
      ),
    );
    const written = await putObject({
      bucket,
      key: `${prefix}${MANIFEST}`,
      body: manifestBody,
      contentType: 'application/json',
      retainUntil,
    });

    const seal: ArchiveSeal = {
      prefix,
      manifestKey: `${prefix}${MANIFEST}`,
      manifestSha256: sha256Hex(manifestBody),
      ...(written.versionId ? { manifestVersionId: written.versionId } : {}),
      trailLastSeq: manifest.trail.lastSeq,
      trailLastHash: manifest.trail.lastHash,
      trailIntact: verification.intact,
      retainUntil: manifest.retainUntil,
    };
    const archiveFields = { archivedAt: now, archive: seal };
    return {
      action: 'case.archived',
      patch: { status: 'archived', ...archiveFields },
      changes: { status: { from: current.status, to: 'archived' }, archive: seal },
      // Work orders change without touching the case (deliveries, due checks): the archive
      // holds only if none of them moved since they were packaged.
      extra: () =>
        workOrders.map((wo) => {
          const n = parseWorkOrderId(wo.id)?.n ?? 0;
          return {
            ConditionCheck: {
              TableName: table(),
              Key: keys.workOrder(caseId, n),
              ConditionExpression: 'version = :wov',
              ExpressionAttributeValues: { ':wov': wo.version },
            },
          };
        }),
    };
  });
}

export interface ArchiveListing {
  caseId: string;
  caseNumber: string;
  archivedAt: string;
  seal: ArchiveSeal;
  manifestIntact: boolean;
  files: Array<{
    name: string;
    key: string;
    contentType?: string;
    size?: number;
    sha256?: string;
    inManifest: boolean;
    intact?: boolean;
    downloadUrl: string;
    expiresAt: string;
  }>;
}

/**
 * The package of an archived case (GET /cases/{caseId}/archive): every file under its prefix
 * with a 5-minute download URL, checked against the manifest, and the manifest checked
 * against the hash the case record keeps. With `verify`, each file is downloaded and hashed.
 */
export async function getArchive(
  principal: Principal,
  caseId: string,
  opts: { verify?: boolean } = {},
): Promise<ArchiveListing> {
  const stored = (await getCase(scopeOf(principal), caseId)) as Awaited<ReturnType<typeof getCase>> & {
    archive?: ArchiveSeal;
  };
  const seal = stored.archive;
  if (stored.status !== 'archived' || !seal || !stored.archivedAt) throw new NotFoundError('案件尚未存档');
  const bucket = archiveBucket();
  const [manifestObject, keysFound] = await Promise.all([
    getObject(bucket, seal.manifestKey),
    listKeys(bucket, seal.prefix),
  ]);
  const manifestIntact = !!manifestObject && sha256Hex(manifestObject.body) === seal.manifestSha256;
  let manifest: Manifest | undefined;
  try {
    manifest = manifestObject
      ? (JSON.parse(Buffer.from(manifestObject.body).toString('utf8')) as Manifest)
      : undefined;
  } catch {
    manifest = undefined;
  }
  const listed = new Map((manifest?.files ?? []).map((f) => [f.key, f]));
  // The manifest does not list itself; the case record holds its hash.
  listed.set(seal.manifestKey, {
    name: MANIFEST,
    key: seal.manifestKey,
    contentType: 'application/json',
    size: manifestObject?.body.length ?? 0,
    sha256: seal.manifestSha256,
  });
  const allKeys = [...new Set([...keysFound, ...listed.keys()])].sort();

  const files = await Promise.all(
    allKeys.map(async (key) => {
      const entry = listed.get(key);
      const name = key.slice(seal.prefix.length);
      const signed = await presignGet({
        bucket,
        key,
        expiresIn: ARCHIVE_DOWNLOAD_SECONDS,
        fileName: `${stored.number}-${name}`,
        ...(entry ? { contentType: entry.contentType } : {}),
      });
      let intact: boolean | undefined;
      if (opts.verify) {
        const object = key === seal.manifestKey ? manifestObject : await getObject(bucket, key);
        intact =
          key === seal.manifestKey
            ? manifestIntact
            : !!object && !!entry && manifestIntact && sha256Hex(object.body) === entry.sha256;
      }
      return {
        name,
        key,
        ...(entry ? { contentType: entry.contentType, size: entry.size, sha256: entry.sha256 } : {}),
        inManifest: !!entry,
        ...(intact !== undefined ? { intact } : {}),
        downloadUrl: signed.url,
        expiresAt: formatShanghai(signed.expiresAt),
      };
    }),
  );
  return {
    caseId,
    caseNumber: stored.number,
    archivedAt: stored.archivedAt,
    seal,
    manifestIntact,
    files,
  };
}
