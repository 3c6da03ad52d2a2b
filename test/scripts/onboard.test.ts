/**
 * `npm run onboard`: the centres of a county of the real division table, through the admin API
 * of a local stack (DynamoDB Local), idempotent, keeping a centre's own edits, retrying when
 * throttled; departments from a CSV validated row by row.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApi } from '../../scripts/onboarding/admin-api.ts';
import { formatRowError, readDepartments } from '../../scripts/onboarding/departments-csv.ts';
import { onboard, summaryLines } from '../../scripts/onboarding/run.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const HEADER =
  '区划代码 code,单位编码 departmentId,单位名称 name,层级 level,Webhook地址 webhookUrl,电子邮箱 email,联系人 contactName,联系电话 contactPhone';

/** The CLI as an operator runs it; resolves with its exit code and output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/onboard.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, BANCHENG_TOKEN: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let stack: TestStack;
let api: AdminApi;
let tmp: string;

beforeAll(async () => {
  stack = await startTestStack();
  api = new AdminApi({ baseUrl: stack.url, token: await stack.token({ role: 'admin' }) });
  tmp = mkdtempSync(join(tmpdir(), 'bancheng-onboard-'));
});
afterAll(() => stack.close());

describe('centres of a county', () => {
  it('creates the 11 street centres of 锦江区 with their official names and the county as calendar region', async () => {
    // Act
    const result = await onboard({ api, region: '510104' });
    // Assert
    expect(result.centres).toMatchObject({ created: 11, failed: 0 });
    expect(result.regionLabel).toBe('四川省成都市锦江区');
    const chunxi = await api.call('GET', '/tenants/510104022');
    expect(chunxi.body).toMatchObject({
      name: '成都市锦江区春熙路街道便民服务中心',
      calendarRegion: '510104',
      officeHours: { end: '17:30' },
    });
    expect((await api.call('GET', '/tenants/510104018')).body.name).toBe('成都市锦江区东湖街道便民服务中心');
    expect((await api.call('GET', '/tenants/510104037')).body.name).toBe('成都市锦江区三圣街道便民服务中心');
  });

  it('changes nothing on a second run, and says so', async () => {
    // Prepare
    await onboard({ api, region: '510104' });
    // Act
    const again = await onboard({ api, region: '510104' });
    // Assert
    expect(again.centres).toMatchObject({
      created: 0,
      completed: 0,
      overwritten: 0,
      unchanged: 11,
      failed: 0,
    });
    expect(again.changed).toBe(false);
    expect(summaryLines(again).join('\n')).toContain('没有变化');
    expect((await api.call('GET', '/tenants/510104022')).body.version).toBe(1);
  });

  it('keeps a centre’s own office hours, contact and name unless --overwrite', async () => {
    // Prepare: 青羊区 onboarded, then one centre edited by its admin
    await onboard({ api, region: '510105' });
    const own = {
      name: '青羊区少城街道便民服务中心（新址）',
      officeHours: { start: '09:00', end: '18:00' },
      calendarRegion: '510105',
      contact: { phone: '028-87654321' },
    };
    expect((await api.call('PUT', '/tenants/510105005', own)).status).toBe(200);

    // Act
    const plain = await onboard({ api, region: '510105', defaults: { officeHours: { end: '17:00' } } });
    const keptCentre = (await api.call('GET', '/tenants/510105005')).body;
    const overwritten = await onboard({ api, region: '510105', overwrite: true });
    const afterOverwrite = (await api.call('GET', '/tenants/510105005')).body;

    // Assert
    expect(plain.centres.kept).toBe(12);
    expect(plain.keptFields).toContain('510105005 name、officeHours');
    expect(keptCentre).toMatchObject(own);
    expect(overwritten.centres).toMatchObject({ overwritten: 1, unchanged: 11 });
    expect(afterOverwrite).toMatchObject({
      name: '成都市青羊区少城街道便民服务中心',
      officeHours: { start: '09:00', end: '18:00' },
      contact: { phone: '028-87654321' },
    });
  });

  it('fills in the calendar region of a centre set up by hand without touching its name', async () => {
    // Prepare
    await api.call('PUT', '/tenants/510106024', { name: '西安路街道便民服务中心' });
    // Act
    const result = await onboard({ api, region: '510106' });
    // Assert
    expect(result.centres).toMatchObject({ created: 12, completed: 1, kept: 0 });
    const read = await api.call('GET', '/tenants/510106024');
    expect(read.body).toMatchObject({ name: '西安路街道便民服务中心', calendarRegion: '510106' });
    expect(result.keptFields).toContain('510106024 name');
  });

  it('a dry run says what it would create and writes nothing', async () => {
    // Act
    const plan = await onboard({ api, region: '510112', dryRun: true });
    // Assert
    expect(plan.centres.created).toBeGreaterThan(0);
    expect(plan.centres.failed).toBe(0);
    expect(summaryLines(plan, { dryRun: true }).join('\n')).toContain('试运行');
    const first = (await api.call('GET', '/tenants/510112001')).status;
    expect(first).toBe(404);
  });

  it('retries the requests a throttled API answers with 429 and still sets up every centre', async () => {
    // Prepare: a proxy in front of the stack refuses the first request of every path
    const seen = new Set<string>();
    const proxy: Server = createServer(async (req, res) => {
      const key = `${req.method} ${req.url}`;
      if (!seen.has(key)) {
        seen.add(key);
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{"message":"Too Many Requests"}');
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const upstream = await fetch(`${stack.url}${req.url}`, {
        method: req.method ?? 'GET',
        headers: req.headers as Record<string, string>,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const port = (proxy.address() as { port: number }).port;
    const throttled = new AdminApi({
      baseUrl: `http://127.0.0.1:${port}`,
      token: await stack.token({ role: 'admin' }),
      baseDelayMs: 1,
    });
    try {
      // Act
      const result = await onboard({ api: throttled, region: '510108', concurrency: 4 });
      // Assert
      expect(result.centres).toMatchObject({ created: 11, failed: 0 });
      expect(throttled.retried).toBe(22);
    } finally {
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});

describe('departments from a CSV', () => {
  it('reports a bad row by line and field in Chinese and accepts no row of the file', () => {
    // Prepare
    const csv = [
      HEADER,
      '510104,shebao,锦江区社保局,县级,,shebao@jinjiang.example.gov.cn,王五,028-86660001',
      '510104,minzheng,锦江区民政局,县级,,not-an-address,李四,',
      '510104022,pcs,春熙路派出所,乡镇级,,pcs@example.gov.cn,,',
    ].join('\n');
    // Act
    const read = readDepartments(csv);
    // Assert
    expect(read.rows).toEqual([]);
    expect(read.errors.map(formatRowError)).toEqual(['第 3 行 电子邮箱：请填写有效的电子邮箱']);
  });

  it('names each missing or wrong field of a row, and an unknown division code', () => {
    // Prepare
    const csv = [HEADER, '519999,,税务所,市级,,,,'].join('\r\n');
    // Act
    const { errors } = readDepartments(csv);
    // Assert
    expect(errors.map(formatRowError)).toEqual([
      '第 2 行 区划代码：“519999”不是四川省区划表中的县（市、区，6位）或乡镇（街道，9位）代码',
      '第 2 行 单位编码：不能为空',
      '第 2 行 层级：“市级”应为 县级 或 乡镇级（county / township）',
      '第 2 行 电子邮箱：请填写 Webhook 地址或电子邮箱（工单派发方式）',
    ]);
  });

  it('reads the template in the repository without an error', () => {
    const { rows, errors } = readDepartments(
      readFileSync(join(ROOT, 'docs/templates/departments.csv'), 'utf8'),
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.departmentId)).toEqual(['shebao', 'minzheng', 'chunxi-pcs']);
  });

  it('the CLI refuses a file with one bad row, exit 2, and writes nothing', async () => {
    // Prepare
    const file = join(tmp, 'bad.csv');
    writeFileSync(
      file,
      [
        HEADER,
        '510104,shebao,锦江区社保局,县级,,shebao@example.gov.cn,,',
        '510104,minzheng,,县级,,mz@example.gov.cn,,',
      ].join('\n'),
    );
    const token = await stack.token({ role: 'admin' });
    // Act
    const run = await runCli(['--departments', file, '--api', stack.url, '--token', token]);
    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('第 3 行 单位名称：不能为空');
    const units = await api.call('GET', '/tenants/510104022/departments');
    expect(units.body.items).toEqual([]);
  });

  it('the CLI spreads a county unit over its centres, keeps the new webhook secrets in a private file, and a rerun changes nothing', async () => {
    // Prepare: the centres of 锦江区 exist (first describe); a county unit by e-mail, one centre's own webhook unit
    await onboard({ api, region: '510104' });
    const file = join(tmp, 'departments.csv');
    writeFileSync(
      file,
      [
        HEADER,
        '510104,shebao,锦江区社保局,县级,,shebao@jinjiang.example.gov.cn,王五,028-86660001',
        '510104022,chunxi-pcs,春熙路派出所,乡镇级,http://localhost:9/hook,,,',
      ].join('\n'),
    );
    const secrets = join(tmp, 'secrets.csv');
    // Act: no --token, so the CLI asks the local stack for one, as with npm start
    const first = await runCli([
      '--county',
      '510104',
      '--departments',
      file,
      '--api',
      stack.url,
      '--secrets-out',
      secrets,
    ]);
    const second = await runCli(['--county', '510104', '--departments', file, '--api', stack.url]);
    // Assert
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('承办单位：新建 12');
    const units = await api.call('GET', '/tenants/510104022/departments');
    expect(units.body.items.map((d: { departmentId: string }) => d.departmentId)).toEqual([
      'chunxi-pcs',
      'shebao',
    ]);
    const other = await api.call('GET', '/tenants/510104018/departments');
    expect(other.body.items).toMatchObject([
      { departmentId: 'shebao', name: '锦江区社保局', level: 'county' },
    ]);
    expect(readFileSync(secrets, 'utf8')).toMatch(
      /^tenantId,departmentId,webhookSecret\n510104022,chunxi-pcs,whsec_\S+\n$/,
    );
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(first.stdout).not.toContain('whsec_');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('没有变化');
  });
});

describe('a token the API refuses', () => {
  it('stops the run at the first 403 with the API’s reason instead of failing every centre', async () => {
    // Prepare: an admin who signed in without a second factor
    const token = await stack.token({ role: 'admin', amr: ['pwd'] });
    // Act
    const run = await runCli(['--county', '510107', '--api', stack.url, '--token', token]);
    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('双因素');
    expect(run.stdout).toBe('');
    const read = await api.call('GET', '/tenants/510107001');
    expect(read.status).toBe(404);
  });
});
