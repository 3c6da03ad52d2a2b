/**
 * Period semantics of the monthly bulletin and the annual score over two months (September and
 * October 2026), all through the API with the clock moved by hand. Each figure counts what
 * happened in its month, whatever month the case was accepted in.
 *
 * Centre X 510104001 (春熙路街道便民服务中心):
 *   X2 09-10 accepted · closed 09-11 · follow-up due 09-14 17:30, made 09-14 rated 4
 *   X3 09-15 accepted · general order to 区社保局 due 09-17 17:30, answered 09-16 (on time)
 *            closed 09-18 · follow-up due 09-20 (a make-up Sunday workday), made 09-20 rated 2 → reopened
 *            closed again 10-12 · follow-up due 10-13, made 10-13 rated 5
 *   X1 09-28 accepted · closed 10-13 · follow-up due 10-14, made 10-14 rated 5
 *   X4 10-20 accepted · simple order due 10-21 17:30, never answered (overdue in October)
 * Centre Y 510104002 (书院街街道便民服务中心, same county):
 *   Y1 09-22 accepted · closed 09-30 · follow-up due 10-08 17:30 (after National Day), made 10-08 rated 3
 *
 * Expected figures, worked out by hand:
 *
 *                      X Sep  X Oct  Y Sep  Y Oct  county Sep  county Oct
 *   received (登记)       3      1      1      0        4           1
 *   open at start         0      2      0      0        0           2
 *   new (新受理)          3      1      1      0        4           1
 *   closed (办结)         2      2      1      0        3           2
 *   reopened              1      0      0      0        1           0
 *   open at end           2      1      0      0        2           1
 *   办结率              2/4    2/3    1/1     —       3/5         2/3
 *   follow-ups owed       2      2      0      1        2           3
 *   … made by month end   2      2      0      1        2           3
 *   … on time             2      2      0      1        2           3
 *   ratings made          2      2      0      1        2           3
 *   orders judged         1      1      0      0        1           1
 *   … on time             1      0      0      0        1           0
 *   … overdue             0      1      0      0        0           1
 *
 * The year (from the months' inputs, January's…October's): X accepted 4, closed 4, reopened 1,
 * open at the year's start 0 → 办结 4/5 = 80; 按时反馈 1/2 = 50; 回访 4/4 = 100; ratings
 * 2, 4, 5, 5 → mean 4 → 75; one overdue order −1: (30·50 + 25·80 + 20·100 + 25·75) / 100 − 1 =
 * 72.75. Y: 办结 1/1 = 100; 回访 1/1 = 100; rating 3 → 50; no order: (25·100 + 20·100 + 25·50) / 70
 * = 82.14. Y ranks first in the county.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, table } from '../../shared/adapters/dynamo.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const X = '510104001';
const Y = '510104002';

let stack: TestStack;
let receiver: Receiver;
const PEOPLE = {
  staffX: { role: 'staff', tenantId: X },
  directorX: { role: 'director', tenantId: X },
  staffY: { role: 'staff', tenantId: Y },
  directorY: { role: 'director', tenantId: Y },
  dept: { role: 'department', tenantId: X, departmentId: 'shebao' },
  county: { role: 'supervisor', regionCode: '510104' },
  admin: { role: 'admin' },
} as const;
const as = (who: keyof typeof PEOPLE) => stack.token(PEOPLE[who]);

async function at(local: string) {
  await stack.clock.setTo(new Date(`2026-${local}:00+08:00`));
}

async function post(who: keyof typeof PEOPLE, path: string, body: unknown) {
  const res = await stack.call('POST', path, { token: await as(who), body });
  expect(res.status, `${path}: ${res.text}`).toBeLessThan(300);
  return res.body;
}

const intake = async (who: 'staffX' | 'staffY') =>
  (await post(who, '/cases', intakeBody())) as { id: string };
const CLOSE = { outcome: 'resolved', resolution: '已办结' };

async function close(who: 'staffX' | 'staffY', caseId: string, followUpDue: string) {
  const closed = await post(who, `/cases/${caseId}/close`, CLOSE);
  expect(closed.followUp.dueAt).toBe(`2026-${followUpDue}:00+08:00`);
}

const rate = (who: 'staffX' | 'staffY', caseId: string, satisfaction: number) =>
  post(who, `/cases/${caseId}/follow-up`, { method: 'phone', satisfaction });

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-09-01T08:00:00+08:00' });
  receiver = await startReceiver();
  await setUpCentre(stack, X, '春熙路街道便民服务中心');
  await setUpCentre(stack, Y, '书院街街道便民服务中心');
  await stack.call('PUT', `/tenants/${X}/departments/shebao`, {
    token: await as('admin'),
    body: {
      name: '区社保局',
      level: 'county',
      delivery: { webhook: { url: receiver.url } },
    },
  });
  await stack.drain(); // August's run: an empty August, so September has a month before it

  await at('09-10T10:00');
  const x2 = await intake('staffX');
  await at('09-11T10:00');
  await close('staffX', x2.id, '09-14T17:30');
  await at('09-14T10:00');
  await rate('staffX', x2.id, 4);

  await at('09-15T10:00');
  const x3 = await intake('staffX');
  const order = await post('staffX', `/cases/${x3.id}/transfers`, {
    departmentId: 'shebao',
    category: 'general',
  });
  expect(order.dueAt).toBe('2026-09-17T17:30:00+08:00');
  await stack.drain();
  await at('09-16T10:00');
  await post('dept', `/work-orders/${order.id}/feedback`, { kind: 'result', content: '已办理' });
  await at('09-18T10:00');
  await close('staffX', x3.id, '09-20T17:30');
  await at('09-20T10:00');
  await rate('staffX', x3.id, 2);

  await at('09-22T10:00');
  const y1 = await intake('staffY');
  await at('09-28T09:00');
  const x1 = await intake('staffX');
  await at('09-30T10:00');
  await close('staffY', y1.id, '10-08T17:30');

  await at('10-01T02:00');
  await stack.drain(); // September's bulletin

  await at('10-08T10:00');
  await rate('staffY', y1.id, 3);
  await at('10-12T10:00');
  await close('staffX', x3.id, '10-13T17:30');
  await at('10-13T09:00');
  await rate('staffX', x3.id, 5);
  await at('10-13T10:00');
  await close('staffX', x1.id, '10-14T17:30');
  await at('10-14T10:00');
  await rate('staffX', x1.id, 5);

  await at('10-20T10:00');
  const x4 = await intake('staffX');
  const late = await post('staffX', `/cases/${x4.id}/transfers`, {
    departmentId: 'shebao',
    category: 'simple',
  });
  expect(late.dueAt).toBe('2026-10-21T17:30:00+08:00');
  await stack.drain();
  await at('10-21T17:30');
  await stack.drain(); // the due check marks it overdue

  await at('11-01T02:00');
  await stack.drain(); // October's bulletin
}, 180_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

const report = async (month: string, who: keyof typeof PEOPLE, region?: string) => {
  const res = await stack.call('GET', `/reports/monthly/${month}${region ? `?region=${region}` : ''}`, {
    token: await as(who),
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
};

/** The table's columns, one row each, as the bulletin's JSON holds them. */
// biome-ignore lint/suspicious/noExplicitAny: the bulletin's JSON as a client reads it
function figures(s: Record<string, any>) {
  return {
    received: s.received,
    openAtStart: s.carryOver.openAtStart,
    new: s.carryOver.new,
    closed: s.closure.closed,
    reopened: s.carryOver.reopened,
    openAtEnd: s.carryOver.openAtEnd,
    closureRate: s.closure.rate,
    followUpOwed: s.followUp.owed,
    followUpDone: s.followUp.done,
    followUpOnTime: s.followUp.onTime,
    ratings: s.satisfaction.total,
    ordersJudged: s.onTimeFeedback.evaluated,
    ordersOnTime: s.onTimeFeedback.onTime,
    ordersOverdue: s.onTimeFeedback.breaches,
  };
}

describe('each month counts what happened in it', () => {
  it.each([
    ['X September', '2026-09', 'directorX', undefined, [3, 0, 3, 2, 1, 2, 0.5, 2, 2, 2, 2, 1, 1, 0]],
    ['X October', '2026-10', 'directorX', undefined, [1, 2, 1, 2, 0, 1, 0.6667, 2, 2, 2, 2, 1, 0, 1]],
    ['Y September', '2026-09', 'directorY', undefined, [1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]],
    ['Y October', '2026-10', 'directorY', undefined, [0, 0, 0, 0, 0, 0, null, 1, 1, 1, 1, 0, 0, 0]],
    ['the county in September', '2026-09', 'county', '510104', [4, 0, 4, 3, 1, 2, 0.6, 2, 2, 2, 2, 1, 1, 0]],
    ['the county in October', '2026-10', 'county', '510104', [1, 2, 1, 2, 0, 1, 0.6667, 3, 3, 3, 3, 1, 0, 1]],
  ] as const)('%s', async (_name, month, who, region, expected) => {
    const body = await report(month, who, region);
    const keys = Object.keys(figures(body.statistics));
    expect(figures(body.statistics)).toEqual(Object.fromEntries(keys.map((k, i) => [k, expected[i]])));
  });

  it('a case accepted in September and closed in October is October’s closure', async () => {
    const october = await report('2026-10', 'directorX');
    expect(october.statistics.closure).toEqual({ accepted: 1, closed: 2, rate: 0.6667 });
  });

  it('October’s ratings are the ratings the 好差评 export lists for October', async () => {
    const exported = await stack.call('GET', '/reports/ratings/2026-10?region=510104', {
      token: await as('county'),
    });
    const county = await report('2026-10', 'county', '510104');
    expect(exported.body.items).toHaveLength(county.statistics.satisfaction.total);
    expect(county.statistics.satisfaction.counts).toEqual({ '1': 0, '2': 0, '3': 1, '4': 0, '5': 2 });
  });

  it('the overdue list names October’s breach', async () => {
    const october = await report('2026-10', 'directorX');
    expect(october.statistics.overdue.items).toEqual([
      expect.objectContaining({
        breachAt: '2026-10-21T17:30:00+08:00',
        breachedDueAt: '2026-10-21T17:30:00+08:00',
        laterDueAt: null,
      }),
    ]);
  });
});

async function workbookOf(path: string, who: keyof typeof PEOPLE) {
  const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${await as(who)}` } });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  return wb;
}

/** The cell under `header` in the row whose first cell is `first` (or the first data row). */
function cellOf(sheet: ExcelJS.Worksheet, header: string, first?: string): ExcelJS.Cell {
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const column = headers.indexOf(header);
  expect(column, `${sheet.name}: ${header}`).toBeGreaterThan(0);
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row, n) => {
    if (!found && n > 1 && (first === undefined || String(row.getCell(1).value) === first)) found = row;
  });
  return found!.getCell(column);
}

describe('exports people can compute with', () => {
  it('the county’s October bulletin: rates are percentage numbers, times are dates, every sheet filters', async () => {
    const wb = await workbookOf('/reports/monthly/2026-10?region=510104&format=xlsx', 'county');
    const rate = cellOf(wb.getWorksheet('概况')!, '数值', '办结率');
    expect(rate.value).toBe(0.6667);
    expect(rate.numFmt).toBe('0.00%');
    const breached = cellOf(wb.getWorksheet('超期清单')!, '所超时限');
    expect(breached.value).toEqual(new Date('2026-10-21T17:30:00Z')); // Asia/Shanghai wall time
    expect(breached.numFmt).toBe('yyyy-mm-dd hh:mm');
    wb.eachSheet((sheet) => expect(sheet.autoFilter, sheet.name).toBeTruthy());
  });

  it('the ledger: dates as date cells, the phone as text, the work-order sheet with 其他办理要求 and 备注', async () => {
    const wb = await workbookOf('/reports/ledger.xlsx?from=2026-09-01&to=2026-10-31', 'directorX');
    const accepted = cellOf(wb.getWorksheet('台账')!, '受理时间');
    expect(accepted.value).toBeInstanceOf(Date);
    const phone = cellOf(wb.getWorksheet('台账')!, '联系电话');
    expect(phone.value).toBe('13800000000');
    expect(phone.numFmt).toBe('@');
    const orders = wb.getWorksheet('工单')!;
    const headers = (orders.getRow(1).values as unknown[]).map(String);
    expect(headers).toEqual(expect.arrayContaining(['其他办理要求', '备注']));
    expect(cellOf(orders, '转办时间').value).toBeInstanceOf(Date);
    wb.eachSheet((sheet) => expect(sheet.autoFilter, sheet.name).toBeTruthy());
  });

  it('CSV keeps the phone as text and the 好差评 export names the 承办单位', async () => {
    const ledger = await stack.call('GET', '/reports/ledger.csv', { token: await as('directorX') });
    expect(ledger.text).toContain('"=""13800000000"""');
    const ratings = await stack.call('GET', '/reports/ratings/2026-09?format=csv', {
      token: await as('directorX'),
    });
    const [header, ...rows] = ratings.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const unit = header!.split(',').indexOf('承办单位');
    expect(unit).toBeGreaterThan(0);
    expect(rows.map((r) => r.split(',')[unit]).sort()).toEqual(['', '区社保局']);
  });
});

describe('regions and centres are named as people name them', () => {
  it.each([
    ['510104', '锦江区'],
    ['5101', '成都市'],
    ['51', '四川省'],
  ])('the %s roll-up is titled %s, in JSON, the printable page and the file name', async (region, name) => {
    const token = await stack.token({ role: 'supervisor', regionCode: region });
    const json = await stack.call('GET', `/reports/monthly/2026-10?region=${region}`, { token });
    expect(json.body.name).toBe(name);
    const page = await stack.call('GET', `/reports/monthly/2026-10?region=${region}&format=html`, { token });
    expect(page.text).toContain(name);
    expect(page.text).not.toContain('县（市、区）（');
    const xlsx = await fetch(`${stack.url}/reports/monthly/2026-10?region=${region}&format=xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(decodeURIComponent(xlsx.headers.get('content-disposition') ?? '')).toContain(
      `${name}2026-10通报.xlsx`,
    );
  });

  it('rankings name the county and the centres; exports are named after the region', async () => {
    const token = await stack.token({ role: 'supervisor', regionCode: '5101' });
    const city = await stack.call('GET', '/reports/monthly/2026-10?region=5101', { token });
    expect(city.body.children.map((c: { name: string }) => c.name)).toEqual(['锦江区']);
    expect(city.body.centres.map((c: { name: string }) => c.name).sort()).toEqual(
      ['书院街街道便民服务中心', '春熙路街道便民服务中心'].sort(),
    );
    const ratings = await fetch(`${stack.url}/reports/ratings/2026-10?region=510104&format=csv`, {
      headers: { authorization: `Bearer ${await as('county')}` },
    });
    expect(decodeURIComponent(ratings.headers.get('content-disposition') ?? '')).toContain(
      '锦江区好差评2026-10.csv',
    );
    const ledger = await fetch(`${stack.url}/reports/ledger.csv`, {
      headers: { authorization: `Bearer ${await as('county')}` },
    });
    expect(decodeURIComponent(ledger.headers.get('content-disposition') ?? '')).toContain('锦江区台账.csv');
    const scores = await stack.call('GET', '/reports/scores/2026', { token: await as('county') });
    expect(scores.body.name).toBe('锦江区');
  });

  it('a centre’s exports are named after the centre as registered, as its bulletin is', async () => {
    const token = await as('directorX');
    const ledger = await fetch(`${stack.url}/reports/ledger.xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(decodeURIComponent(ledger.headers.get('content-disposition') ?? '')).toContain(
      '春熙路街道便民服务中心台账.xlsx',
    );
    const csv = await fetch(`${stack.url}/reports/ledger.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(decodeURIComponent(csv.headers.get('content-disposition') ?? '')).toContain(
      '春熙路街道便民服务中心台账.csv',
    );
    const ratings = await stack.call('GET', '/reports/ratings/2026-10', { token });
    expect(ratings.body.name).toBe('春熙路街道便民服务中心');
  });
});

describe('the annual score is built from the year’s events', () => {
  it('inputs and scores of both centres, ranked in the county', async () => {
    const res = await stack.call('GET', '/reports/scores/2026', { token: await as('county') });
    expect(res.status).toBe(200);
    const byCentre = Object.fromEntries(
      res.body.items.map((r: { tenantId: string }) => [r.tenantId, r]),
    ) as Record<
      string,
      { inputs: Record<string, unknown>; score: { score: number }; rank: { county: unknown } }
    >;
    expect(byCentre[X]!.inputs).toEqual({
      accepted: 4,
      closed: 4,
      feedbackEvaluated: 2,
      feedbackOnTime: 1,
      breaches: 1,
      followUpOwed: 4,
      followUpOnTime: 4,
      ratings: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 2 },
      openAtStart: 0,
      reopened: 1,
    });
    expect(byCentre[X]!.score.score).toBe(72.75);
    expect(byCentre[Y]!.score.score).toBe(82.14);
    expect(byCentre[Y]!.rank.county).toEqual({ rank: 1, of: 2 });
    expect(byCentre[X]!.rank.county).toEqual({ rank: 2, of: 2 });
  });
});

describe('a published month is regenerated only by an audited admin action', () => {
  it('a director may not regenerate (403)', async () => {
    const res = await stack.call('POST', '/reports/monthly/2026-09/regenerate', {
      token: await as('directorX'),
      body: { region: X, reason: '核对' },
    });
    expect(res.status).toBe(403);
  });

  it('without a reason it is a 400 naming the field', async () => {
    const res = await stack.call('POST', '/reports/monthly/2026-09/regenerate', {
      token: await as('admin'),
      body: { region: X },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
  });

  it('a month not yet published is a 404', async () => {
    const res = await stack.call('POST', '/reports/monthly/2026-11/regenerate', {
      token: await as('admin'),
      body: { region: X, reason: '核对' },
    });
    expect(res.status).toBe(404);
  });

  it('September regenerated after October’s events reads the same, up to the province', async () => {
    const before = await report('2026-09', 'directorX');
    await at('11-02T10:00');
    const res = await stack.call('POST', '/reports/monthly/2026-09/regenerate', {
      token: await as('admin'),
      body: { region: X, reason: '核对十月数据后的九月通报' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((i: { region: string; changed: boolean }) => [i.region, i.changed])).toEqual([
      [X, false],
      ['510104', false],
      ['5101', false],
      ['51', false],
    ]);
    const after = await report('2026-09', 'directorX');
    expect(after.contentHash).toBe(before.contentHash);
    expect(after.generatedAt).toBe('2026-11-02T10:00:00+08:00');
    const audit = await documentClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :regen)',
        ExpressionAttributeValues: { ':pk': `REPORT#${X}`, ':regen': 'REGEN#2026-09#' },
      }),
    );
    expect(audit.Items).toHaveLength(1);
    expect(audit.Items![0]).toMatchObject({
      reason: '核对十月数据后的九月通报',
      previousHash: before.contentHash,
      contentHash: before.contentHash,
      by: { id: expect.any(String) },
    });
  });
});
