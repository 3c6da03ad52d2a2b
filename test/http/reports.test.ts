/**
 * 监督与评价 over HTTP: the ledger's filters and exports, the monthly bulletin built by the
 * scheduled run and rolled up per county, city and province, its 12-month trend, 好差评 and
 * annual scores.
 *
 * Seeded month (March 2026), all through the API with the clock moved by hand:
 *   centre A 510104001: A1 03-02 onsite 养老保险参保 → general order to 区社保局, answered on time;
 *                       closed, rated 2 (reopened), closed again, rated 5 (rectified)
 *                       A2 03-10 phone 低保申请 → simple order, never answered → overdue 03-11 17:30
 *                       A3 03-31 23:59 onsite 养老保险参保 (last minute of March)
 *                       A4 04-01 00:01 (first minute of April)
 *   centre B 510104002 (same county): B1 03-15 online, closed, rated 4
 *   centre C 510105001 (another county): C1 03-20
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listYearReports } from '../../shared/adapters/report-store.ts';
import { LEDGER_HEADERS } from '../../shared/use-cases/reports/ledger.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const A = '510104001';
const B = '510104002';
const C = '510105001';
const BULLETIN = 'functions/workers/monthly-bulletin.ts';

let stack: TestStack;
let receiver: Receiver;
/** Who calls; tokens are issued at the (moving) local clock's time, so each call gets a fresh one. */
const PEOPLE = {
  staffA: { role: 'staff', tenantId: A, name: '李娜' },
  directorA: { role: 'director', tenantId: A },
  staffB: { role: 'staff', tenantId: B },
  directorB: { role: 'director', tenantId: B },
  staffC: { role: 'staff', tenantId: C },
  dept: { role: 'department', tenantId: A, departmentId: 'shebao' },
  county: { role: 'supervisor', regionCode: '510104' },
  province: { role: 'supervisor', regionCode: '51' },
} as const;
const as = (who: keyof typeof PEOPLE) => stack.token(PEOPLE[who]);
const ids: Record<string, string> = {};

async function at(iso: string) {
  await stack.clock.setTo(new Date(iso));
}

async function intake(token: string, over: Record<string, unknown>) {
  const res = await stack.call('POST', '/cases', { token, body: intakeBody(over) });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string };
}

async function post(token: string, path: string, body: unknown) {
  const res = await stack.call('POST', path, { token, body });
  expect(res.status, `${path}: ${res.text}`).toBeLessThan(300);
  return res.body;
}

/** A binary download through the local front, as a browser would fetch it. */
async function download(token: string, path: string, accept?: string) {
  const res = await fetch(`${stack.url}${path}`, {
    headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function rowsOf(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    rows.push(
      Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-03-01T08:00:00+08:00' });
  receiver = await startReceiver();
  await setUpCentre(stack, A, '春熙路街道便民服务中心');
  await setUpCentre(stack, B, '书院街街道便民服务中心');
  await setUpCentre(stack, C, '府南街道便民服务中心');
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${A}/departments/shebao`, {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { webhook: { url: receiver.url } } },
  });
  await stack.drain(); // February's run: nothing in February, but last month's reports exist

  // A1: answered on time, rated 2 (reopened), closed again, rated 5.
  await at('2026-03-02T09:00:00+08:00');
  const a1 = await intake(await as('staffA'), { reporter: { name: '王五', phone: '13812345678' } });
  ids.a1 = a1.id;
  const wo1 = await post(await as('staffA'), `/cases/${a1.id}/transfers`, {
    departmentId: 'shebao',
    category: 'general',
  });
  expect(wo1.dueAt).toBe('2026-03-04T17:30:00+08:00');
  await stack.drain();
  await at('2026-03-03T10:00:00+08:00');
  await post(await as('dept'), `/work-orders/${wo1.id}/feedback`, {
    kind: 'result',
    content: '已补办参保登记',
  });
  const close = { outcome: 'resolved', resolution: '已办结参保登记' };
  await post(await as('staffA'), `/cases/${a1.id}/close`, close);
  await at('2026-03-04T09:00:00+08:00');
  await post(await as('staffA'), `/cases/${a1.id}/follow-up`, {
    method: 'phone',
    satisfaction: 2,
    comment: '办理太慢',
  });
  await at('2026-03-05T10:00:00+08:00');
  await post(await as('staffA'), `/cases/${a1.id}/close`, close);
  await at('2026-03-06T10:00:00+08:00');
  await post(await as('staffA'), `/cases/${a1.id}/follow-up`, {
    method: 'visit',
    satisfaction: 5,
    solved: true,
  });

  // A2: a simple order nobody answers → overdue at 17:30 the next working day.
  await at('2026-03-10T10:00:00+08:00');
  const a2 = await intake(await as('staffA'), {
    channel: 'phone',
    matter: '低保申请',
    assisted: false,
    reporter: { name: '赵六', phone: '13900001111' },
  });
  ids.a2 = a2.id;
  const wo2 = await post(await as('staffA'), `/cases/${a2.id}/transfers`, {
    departmentId: 'shebao',
    category: 'simple',
  });
  expect(wo2.dueAt).toBe('2026-03-11T17:30:00+08:00');
  await stack.drain();
  await at('2026-03-11T17:30:00+08:00'); // the due check fires at the due time, as in AWS
  await stack.drain();
  await at('2026-03-13T09:00:00+08:00');
  await stack.drain();

  await at('2026-03-15T10:00:00+08:00');
  const b1 = await intake(await as('staffB'), {
    channel: 'online',
    reporter: { name: '孙七', phone: '13700002222' },
  });
  await post(await as('staffB'), `/cases/${b1.id}/close`, close);
  await at('2026-03-16T10:00:00+08:00');
  await post(await as('staffB'), `/cases/${b1.id}/follow-up`, { method: 'phone', satisfaction: 4 });

  await at('2026-03-20T10:00:00+08:00');
  await intake(await as('staffC'), { matter: '医保报销' });

  // Either side of the month boundary, Asia/Shanghai.
  await at('2026-03-31T23:59:00+08:00');
  ids.a3 = (await intake(await as('staffA'), { assisted: false })).id;
  await at('2026-04-01T00:01:00+08:00');
  ids.a4 = (await intake(await as('staffA'), { assisted: false })).id;

  // 02:00 on the 1st: the scheduled run, then the queue to rest.
  await at('2026-04-01T02:00:00+08:00');
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

const monthly = (token: string, query = '') =>
  stack.call('GET', `/reports/monthly/2026-03${query}`, { token });

describe('the ledger’s new filters (GET /cases)', () => {
  const numbersOf = async (query: string) =>
    (
      (await stack.call('GET', `/cases?${query}`, { token: await as('staffA') })).body.items as {
        id: string;
      }[]
    )
      .map((c) => c.id)
      .sort();

  it.each([
    ['department=shebao', () => [ids.a1, ids.a2]],
    ['overdue=true', () => [ids.a2]],
    ['overdue=false', () => [ids.a1, ids.a3, ids.a4]],
    ['satisfaction=5', () => [ids.a1]],
    ['satisfaction=2', () => []],
    ['department=shebao&overdue=false', () => [ids.a1]],
  ])('%s', async (query, expected) => {
    expect(await numbersOf(query)).toEqual(expected().sort());
  });

  it('a rating outside 1–5 is a 400 naming the field', async () => {
    const res = await stack.call('GET', '/cases?satisfaction=9', { token: await as('staffA') });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('satisfaction');
  });
});

describe('ledger export', () => {
  it('xlsx: a real workbook with the Form A.1/A.2 headers, one row per case and a work-order sheet', async () => {
    const res = await download(await as('staffA'), '/reports/ledger.xlsx?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    const wb = await workbook(res.bytes);
    const [header, ...rows] = rowsOf(wb.getWorksheet('台账')!);
    expect(header).toEqual(LEDGER_HEADERS);
    for (const h of [
      '编号',
      '反映人姓名',
      '联系电话',
      '受理时间',
      '服务范围',
      '帮办代办',
      '承办单位',
      '工单编号',
      '是否超期',
      '回访满意度',
    ]) {
      expect(header).toContain(h);
    }
    expect(rows).toHaveLength(3); // A1, A2, A3 — not A4 (April)
    const col = (name: string) => header!.indexOf(name);
    const a1 = rows[0]!;
    expect(a1[col('联系电话')]).toBe('13812345678');
    expect(a1[col('承办单位')]).toBe('区社保局');
    expect(a1[col('是否超期')]).toBe('否');
    expect(a1[col('回访满意度')]).toBe('5 非常满意');
    expect(rows[1]![col('是否超期')]).toBe('是');
    // A date cell in Asia/Shanghai wall time (Excel dates carry no zone).
    expect(rows[2]![col('受理时间')]).toBe(String(new Date('2026-03-31T23:59:00Z')));
    const orders = rowsOf(wb.getWorksheet('工单')!);
    expect(orders).toHaveLength(3);
  });

  it('csv for a county supervisor: BOM, masked phones, only the county’s centres', async () => {
    const res = await stack.call('GET', '/reports/ledger.csv?from=2026-03-01&to=2026-03-31', {
      token: await as('county'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const raw = Buffer.from(
      await (
        await fetch(`${stack.url}/reports/ledger.csv?from=2026-03-01&to=2026-03-31`, {
          headers: { authorization: `Bearer ${await as('county')}` },
        })
      ).arrayBuffer(),
    );
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.text).toContain('138****5678');
    expect(res.text).not.toContain('13812345678');
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 4); // A1, A2, A3, B1
    expect(res.text).not.toContain(C);
  });

  it('csv for the centre’s own staff shows the full number', async () => {
    const res = await stack.call('GET', '/reports/ledger.csv?overdue=true', { token: await as('staffA') });
    expect(res.text).toContain('13900001111');
    expect(res.text.trim().split('\r\n')).toHaveLength(2);
  });
});

describe('the monthly bulletin (每月总结通报)', () => {
  it('counts each case in its own month across the Asia/Shanghai boundary', async () => {
    const march = await monthly(await as('directorA'));
    expect(march.status).toBe(200);
    expect(march.body).toMatchObject({ region: A, level: 'centre', name: '春熙路街道便民服务中心' });
    expect(march.body.period).toEqual({ from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' });
    expect(march.body.statistics.received).toBe(3); // A3 at 23:59 is March's, A4 at 00:01 is not

    await at('2026-05-01T02:00:00+08:00');
    await stack.drain();
    const april = await stack.call('GET', '/reports/monthly/2026-04', { token: await as('directorA') });
    expect(april.body.statistics.received).toBe(1);
  });

  it('centre A’s March, figure by figure', async () => {
    const s = (await monthly(await as('directorA'))).body.statistics;
    expect(s).toMatchObject({
      received: 3,
      accepted: 3,
      refused: 0,
      assisted: 1,
      byChannel: { onsite: 2, phone: 1, online: 0 },
      transfers: { total: 2, byCategory: { simple: 1, general: 1, complex: 0 } },
      onTimeFeedback: { evaluated: 2, onTime: 1, breaches: 1, late: 0, unanswered: 1, rate: 0.5 },
      // A1 was closed twice in March (reopened by its first rating in between): two closures
      // of a caseload of 3 new + 1 reopened; both follow-ups fell due and were made in March.
      closure: { accepted: 3, closed: 2, rate: 0.5 },
      carryOver: { openAtStart: 0, new: 3, closed: 2, reopened: 1, openAtEnd: 2 },
      followUp: { owed: 2, done: 2, onTime: 2, made: 2, rate: 1, onTimeRate: 1 },
      // Every rating made in March counts, the bad one too (as in the 好差评 export).
      satisfaction: {
        counts: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 },
        total: 2,
        average: 3.5,
        goodRate: 0.5,
      },
    });
    expect(s.departments).toEqual([
      expect.objectContaining({
        key: 'shebao',
        transferred: 2,
        onTime: 1,
        breaches: 1,
        onTimeRate: 0.5,
        dissatisfied: 1,
      }),
    ]);
    expect(s.overdue.items.map((o: { caseId: string; breachAt: string }) => [o.caseId, o.breachAt])).toEqual([
      [ids.a2, '2026-03-11T17:30:00+08:00'],
    ]);
    expect(
      s.blockingPoints.matters.map((m: { name: string; cases: number; change: unknown }) => [
        m.name,
        m.cases,
        m.change,
      ]),
    ).toEqual([
      ['城乡居民养老保险参保登记', 2, { cases: 2, breaches: 0, dissatisfied: 1 }],
      ['低保申请', 1, { cases: 1, breaches: 1, dissatisfied: 0 }],
    ]);
  });

  it('the scheduled run twice, and a rerun of the month: one report, the same content', async () => {
    const before = (await monthly(await as('directorA'))).body;
    const again = (await stack.workers.invoke(BULLETIN, { source: 'scheduler', id: 'monthlyBulletin' })) as {
      sent: number;
    };
    expect(again).toEqual({ month: '2026-04', sent: 0 }); // the clock is in May now: April already ran
    const rerun = (await stack.workers.invoke(BULLETIN, { month: '2026-03' })) as { sent: number };
    expect(rerun.sent).toBe(3);
    await stack.drain();
    const after = (await monthly(await as('directorA'))).body;
    expect(after).toEqual(before);
    expect((await listYearReports(A, '2026')).filter((r) => r.month === '2026-03')).toHaveLength(1);
    expect((await listYearReports('510104', '2026')).filter((r) => r.month === '2026-03')).toHaveLength(1);
  });

  it('a county supervisor’s roll-up holds only its own centres', async () => {
    const res = await monthly(await as('county'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ region: '510104', level: 'county', centreCount: 2 });
    expect(res.body.centres.map((c: { region: string }) => c.region).sort()).toEqual([A, B]);
    expect(res.body.statistics.received).toBe(4);
    expect(res.body.statistics.satisfaction.counts).toMatchObject({ '4': 1, '5': 1 });
    expect((await monthly(await as('county'), '?region=510105')).status).toBe(404);
    expect((await monthly(await as('county'), `?region=${C}`)).status).toBe(404);
    expect((await monthly(await as('county'), `?region=${B}`)).body.region).toBe(B);
  });

  it('the trend: the stored months’ headline figures up to the month asked, as the bulletins state them', async () => {
    const county = await as('county');
    const res = await stack.call('GET', '/reports/monthly/2026-04/trend', { token: county });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ region: '510104', name: '锦江区', from: '2025-05', to: '2026-04' });
    const months = res.body.months.map((m: { month: string }) => m.month);
    expect(months.slice(-2)).toEqual(['2026-03', '2026-04']);
    expect([...months].sort()).toEqual(months);
    const s = (await monthly(county)).body.statistics;
    expect(res.body.months.find((m: { month: string }) => m.month === '2026-03')).toEqual({
      month: '2026-03',
      received: 4,
      accepted: 4,
      closed: s.closure.closed,
      closureRate: s.closure.rate,
      transfers: 2,
      overdue: 1,
      onTimeRate: 0.5,
      ratings: 3,
      goodRate: s.satisfaction.goodRate,
      score: (await monthly(county)).body.score.score,
    });
    // Up to March: April is not in it.
    const march = await stack.call('GET', '/reports/monthly/2026-03/trend', { token: county });
    expect(march.body.months.map((m: { month: string }) => m.month)).not.toContain('2026-04');
  });

  it('the trend is read within the caller’s scope: another county or centre is a 404', async () => {
    const trend = (who: keyof typeof PEOPLE, query = '') =>
      as(who).then((token) => stack.call('GET', `/reports/monthly/2026-03/trend${query}`, { token }));
    expect((await trend('county', '?region=510105')).status).toBe(404);
    expect((await trend('directorA', `?region=${B}`)).status).toBe(404);
    const own = await trend('directorA');
    expect(own.body).toMatchObject({ region: A, name: '春熙路街道便民服务中心' });
    expect(own.body.months.at(-1)).toMatchObject({ month: '2026-03', received: 3 });
    expect((await trend('staffA')).status).toBe(403);
  });

  it('the province and city roll-ups are built from the stored county reports', async () => {
    const province = (await monthly(await as('province'), '?region=51')).body;
    expect(province).toMatchObject({ level: 'province', centreCount: 3 });
    expect(province.children.map((c: { region: string }) => c.region)).toEqual(['5101']);
    expect(province.statistics.received).toBe(5);
    const city = (await monthly(await as('province'), '?region=5101')).body;
    expect(
      city.children.map((c: { region: string; centreCount: number }) => [c.region, c.centreCount]),
    ).toEqual([
      ['510104', 2],
      ['510105', 1],
    ]);
  });

  it('a centre director cannot read another centre’s bulletin, nor a roll-up (404)', async () => {
    expect((await monthly(await as('directorB'), `?region=${A}`)).status).toBe(404);
    expect((await monthly(await as('directorA'), '?region=510104')).status).toBe(404);
    expect((await monthly(await as('directorB'))).body.region).toBe(B);
    expect((await monthly(await as('staffA'))).status).toBe(403);
  });

  it('text/html: a printable page with inline SVG charts and no URLs', async () => {
    const res = await stack.call('GET', '/reports/monthly/2026-03', {
      token: await as('directorA'),
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('<svg');
    expect(res.text).toContain('“办不成事”反映窗口办理情况通报（2026年3月）');
    expect(res.text).not.toMatch(/https?:\/\//);
    expect(res.text).not.toContain('<script');
  });

  it('xlsx by Accept header or ?format=', async () => {
    const byAccept = await download(
      await as('county'),
      '/reports/monthly/2026-03',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const byQuery = await download(await as('county'), '/reports/monthly/2026-03?format=xlsx');
    for (const res of [byAccept, byQuery]) {
      const wb = await workbook(res.bytes);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        '概况',
        '承办单位',
        '超期清单',
        '堵点事项',
        '堵点单位',
        '中心排名',
      ]);
      expect(
        rowsOf(wb.getWorksheet('中心排名')!)
          .slice(1)
          .map((r) => r[1])
          .sort(),
      ).toEqual([A, B]);
    }
  });

  it('a month not generated yet is a 404', async () => {
    expect(
      (await stack.call('GET', '/reports/monthly/2026-06', { token: await as('directorA') })).status,
    ).toBe(404);
  });

  it('the director is notified when the centre’s bulletin is stored', async () => {
    const notes = await stack.call('GET', '/notifications', { token: await as('directorA') });
    expect(
      notes.body.items.some(
        (n: { topic: string; message: string }) =>
          n.topic === 'report.monthly' && n.message.includes('2026年3月'),
      ),
    ).toBe(true);
  });
});

describe('好差评 export', () => {
  it('JSON: each rating of the month, with the bad one called back and rectified', async () => {
    const res = await stack.call('GET', '/reports/ratings/2026-03', { token: await as('directorA') });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        tenantId: A,
        caseId: ids.a1,
        channel: 'onsite',
        round: 1,
        satisfaction: 2,
        satisfactionLabel: '不满意',
        bad: true,
        calledBack: true,
        rectified: true,
        rectifiedAt: '2026-03-06T10:00:00+08:00',
        ratedAt: '2026-03-04T09:00:00+08:00',
      }),
      expect.objectContaining({ caseId: ids.a1, round: 2, satisfaction: 5, bad: false, rectified: false }),
    ]);
  });

  it('CSV for the county: BOM, the centres of the county only', async () => {
    const res = await download(await as('county'), '/reports/ratings/2026-03?format=csv');
    expect(res.type).toContain('text/csv');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // (trim() drops the BOM, checked above as bytes)
    const lines = res.bytes.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe(
      '中心编码,案件编号,反映事项,承办单位,受理渠道,回访轮次,评价等级,评价,是否解决,回访方式,评价时间,是否差评,差评是否回访,是否整改,整改时间,评价来源',
    );
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([A, A, B]);
  });
});

describe('annual scores', () => {
  it('a county supervisor sees its centres ranked within the county', async () => {
    const res = await stack.call('GET', '/reports/scores/2026', { token: await as('county') });
    expect(res.status).toBe(200);
    expect(res.body.months).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(res.body.items.map((i: { tenantId: string }) => i.tenantId).sort()).toEqual([A, B]);
    for (const item of res.body.items) expect(item.rank.county.of).toBe(2);
    // B: closure 100, follow-up on time 100, satisfaction (4−1)/4 = 75, no work orders:
    // (25×100 + 20×100 + 25×75) / 70 = 91.07
    const b = res.body.items.find((i: { tenantId: string }) => i.tenantId === B);
    expect(b.score).toEqual({
      score: 91.07,
      components: { onTimeFeedback: null, closure: 100, followUp: 100, satisfaction: 75 },
      penalty: 0,
    });
  });

  it('a director sees the centre’s own score with its rank in county, city and province', async () => {
    const res = await stack.call('GET', '/reports/scores/2026', { token: await as('directorA') });
    // Named as the centre's bulletins name it, not by a fallback for a code outside the table.
    expect(res.body.name).toBe('春熙路街道便民服务中心');
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      tenantId: A,
      rank: { county: { of: 2 }, city: { of: 3 }, province: { of: 3 } },
    });
  });
});
