/**
 * The working-day calendar API through the local front: working days, the deadline preview
 * (the rule a transfer uses) and admin overrides, on DynamoDB Local with real tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';

const CHENGDU = '510104001';
const CHENGDU_LATE_CLOSE = '510104002';
const CHENGDU_THREE_DAYS = '510104003';
const LIANGSHAN = '513401001';
const LIANGSHAN_BY_SETTING = '513431001';
const NOT_SET_UP = '510104999';

const BEFORE_NATIONAL_DAY = '2026-09-30T10:00:00+08:00';
const BEFORE_YI_NEW_YEAR = '2025-11-19T10:00:00+08:00';
/** Friday 2026-10-09; a general order is due Monday 10-12 (Saturday 10-10 is a make-up working day). */
const BEFORE_OVERRIDDEN_DAY = '2026-10-09T10:00:00+08:00';

let stack: TestStack;
let admin: string;

async function putCentre(tenantId: string, body: Record<string, unknown> = {}) {
  const res = await stack.call('PUT', `/tenants/${tenantId}`, {
    token: admin,
    body: { name: '测试便民服务中心', ...body },
  });
  if (res.status !== 201) throw new Error(`centre setup failed: ${res.status} ${res.text}`);
}

function staffOf(tenantId: string) {
  return stack.token({ role: 'staff', tenantId });
}

function getDeadline(token: string, start: string, category: string) {
  const query = `start=${encodeURIComponent(start)}&category=${encodeURIComponent(category)}`;
  return stack.call('GET', `/calendar/deadline?${query}`, { token });
}

function getWorkdays(token: string, query: string) {
  return stack.call('GET', `/calendar/workdays?${query}`, { token });
}

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-09-30T09:00:00+08:00' });
  admin = await stack.token({ role: 'admin', sub: 'admin-sc', name: '省平台管理员' });
  await putCentre(CHENGDU);
  await putCentre(CHENGDU_LATE_CLOSE, { officeHours: { start: '09:00', end: '18:00' } });
  await putCentre(CHENGDU_THREE_DAYS, { limits: { general: 3 } });
  await putCentre(LIANGSHAN);
  await putCentre(LIANGSHAN_BY_SETTING, { calendarRegion: '5134' });
});
afterAll(() => stack.close());

describe('GET /calendar/deadline', () => {
  it('general order transferred the day before National Day is due at 17:30 on the 2nd working day after it', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await getDeadline(staff, BEFORE_NATIONAL_DAY, 'general');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dueAt: '2026-10-09T17:30:00+08:00', provisional: false });
  });

  it('complex order transferred the day before National Day counts the make-up Saturday 10-10', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await getDeadline(staff, BEFORE_NATIONAL_DAY, 'complex');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dueAt: '2026-10-13T17:30:00+08:00', provisional: false });
  });

  it('a centre that closes at 18:00 has its orders due at 18:00', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU_LATE_CLOSE);

    // Act
    const res = await getDeadline(staff, BEFORE_NATIONAL_DAY, 'general');

    // Assert
    expect(res.body).toEqual({ dueAt: '2026-10-09T18:00:00+08:00', provisional: false });
  });

  it('a centre that allows 3 working days for general orders gets one more working day', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU_THREE_DAYS);

    // Act
    const res = await getDeadline(staff, BEFORE_NATIONAL_DAY, 'general');

    // Assert: the 3rd working day is the make-up Saturday.
    expect(res.body).toEqual({ dueAt: '2026-10-10T17:30:00+08:00', provisional: false });
  });

  it('a director and a duty chief get the same due time as a clerk of their centre', async () => {
    // Prepare
    const director = await stack.token({ role: 'director', tenantId: CHENGDU });
    const chief = await stack.token({ role: 'duty_chief', tenantId: CHENGDU });

    // Act
    const byDirector = await getDeadline(director, BEFORE_NATIONAL_DAY, 'simple');
    const byChief = await getDeadline(chief, BEFORE_NATIONAL_DAY, 'simple');

    // Assert
    expect(byDirector.body).toEqual({ dueAt: '2026-10-08T17:30:00+08:00', provisional: false });
    expect(byChief.body).toEqual(byDirector.body);
  });

  it('a Liangshan centre counts past 彝历新年 2025, its Chengdu neighbour does not', async () => {
    // Prepare
    const liangshan = await staffOf(LIANGSHAN);
    const chengdu = await staffOf(CHENGDU);

    // Act
    const inLiangshan = await getDeadline(liangshan, BEFORE_YI_NEW_YEAR, 'general');
    const inChengdu = await getDeadline(chengdu, BEFORE_YI_NEW_YEAR, 'general');

    // Assert
    expect(inLiangshan.body).toEqual({ dueAt: '2025-11-28T17:30:00+08:00', provisional: false });
    expect(inChengdu.body).toEqual({ dueAt: '2025-11-21T17:30:00+08:00', provisional: false });
  });

  it('a centre whose calendarRegion is 5134 follows the Liangshan days too', async () => {
    // Prepare
    const staff = await staffOf(LIANGSHAN_BY_SETTING);

    // Act
    const res = await getDeadline(staff, BEFORE_YI_NEW_YEAR, 'general');

    // Assert
    expect(res.body).toEqual({ dueAt: '2025-11-28T17:30:00+08:00', provisional: false });
  });

  it('a transfer in 2027, whose State Council schedule is unpublished, gets a provisional due time', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await getDeadline(staff, '2027-03-01T10:00:00+08:00', 'general');

    // Assert
    expect(res.body).toEqual({ dueAt: '2027-03-03T17:30:00+08:00', provisional: true });
  });

  it('a start written in UTC is counted from its Shanghai day', async () => {
    // Prepare: 16:30 UTC on 29 September is 00:30 on 30 September in Shanghai.
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await getDeadline(staff, '2026-09-29T16:30:00Z', 'general');

    // Assert
    expect(res.body).toEqual({ dueAt: '2026-10-09T17:30:00+08:00', provisional: false });
  });

  it('a start whose + was left unencoded (read as a space) is still understood', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await stack.call('GET', `/calendar/deadline?start=${BEFORE_NATIONAL_DAY}&category=general`, {
      token: staff,
    });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.dueAt).toBe('2026-10-09T17:30:00+08:00');
  });

  it('a clerk of a centre that is not set up yet is told so (422)', async () => {
    // Prepare
    const staff = await staffOf(NOT_SET_UP);

    // Act
    const res = await getDeadline(staff, BEFORE_NATIONAL_DAY, 'general');

    // Assert
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('tenant_not_configured');
  });
});

describe('GET /calendar/workdays', () => {
  it('lists National Day 2026 as holidays and Saturday 10-10 as a make-up working day', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await getWorkdays(staff, 'from=2026-09-28&to=2026-10-11');

    // Assert
    expect(res.status).toBe(200);
    const items: Array<{ date: string; workday: boolean; reason: string; name?: string }> = res.body.items;
    expect(items.map((d) => d.date)).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-11',
    ]);
    const holidays = items.filter((d) => d.date >= '2026-10-01' && d.date <= '2026-10-07');
    expect(holidays).toHaveLength(7);
    for (const day of holidays) {
      expect(day).toMatchObject({ workday: false, reason: 'holiday', name: '国庆节', provisional: false });
    }
    expect(items.find((d) => d.date === '2026-10-10')).toEqual({
      date: '2026-10-10',
      workday: true,
      reason: 'makeup_workday',
      name: '国庆节',
      provisional: false,
    });
    expect(items.find((d) => d.date === '2026-10-11')).toMatchObject({ workday: false, reason: 'weekend' });
    expect(items.find((d) => d.date === '2026-09-30')).toMatchObject({ workday: true, reason: 'weekday' });
  });

  it("defaults to the caller's centre: a Liangshan department sees 彝历新年 2025 off", async () => {
    // Prepare
    const department = await stack.token({
      role: 'department',
      tenantId: LIANGSHAN,
      departmentId: 'minzheng',
    });

    // Act
    const res = await getWorkdays(department, 'from=2025-11-20&to=2025-11-20');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        date: '2025-11-20',
        workday: false,
        reason: 'regional_holiday',
        name: '彝历新年',
        provisional: false,
      },
    ]);
  });

  it('a supervisor without a centre gets the national schedule, or the region asked for', async () => {
    // Prepare
    const supervisor = await stack.token({ role: 'supervisor', regionCode: '51' });

    // Act
    const national = await getWorkdays(supervisor, 'from=2025-11-20&to=2025-11-20');
    const liangshan = await getWorkdays(supervisor, 'from=2025-11-20&to=2025-11-20&region=5134');

    // Assert
    expect(national.body.items[0]).toMatchObject({ workday: true, reason: 'weekday' });
    expect(liangshan.body.items[0]).toMatchObject({ workday: false, reason: 'regional_holiday' });
  });

  it('lists a whole leap year (366 days)', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await getWorkdays(staff, 'from=2028-01-01&to=2028-12-31');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(366);
    expect(res.body.items[0]).toMatchObject({ date: '2028-01-01', provisional: true });
  });
});

describe('validation', () => {
  let staff: string;
  beforeAll(async () => {
    staff = await staffOf(CHENGDU);
  });

  const badQueries: [string, string, string, string][] = [
    ['from after to', '/calendar/workdays?from=2026-10-11&to=2026-09-28', 'to', '结束日期不能早于开始日期'],
    [
      'a range of 367 days',
      '/calendar/workdays?from=2026-01-01&to=2027-01-02',
      'to',
      '结束日期：查询范围最多366天（含首尾两日）',
    ],
    [
      'an impossible date',
      '/calendar/workdays?from=2026-02-30&to=2026-03-01',
      'from',
      '开始日期：日期格式应为 YYYY-MM-DD',
    ],
    [
      'a date outside 2000–2099',
      '/calendar/workdays?from=1999-12-31&to=2000-01-01',
      'from',
      '开始日期：日期应在 2000—2099 年之间',
    ],
    [
      'a region that is not a division code',
      '/calendar/workdays?from=2026-10-01&to=2026-10-02&region=liangshan',
      'region',
      '区域应为区划代码或其前缀（2—9位数字），例如 5134 或 513401001',
    ],
    [
      'an unknown category',
      `/calendar/deadline?start=${encodeURIComponent(BEFORE_NATIONAL_DAY)}&category=urgent`,
      'category',
      '问题类别只能是 simple（简单）、general（一般）或 complex（复杂）',
    ],
    [
      'a missing category',
      `/calendar/deadline?start=${encodeURIComponent(BEFORE_NATIONAL_DAY)}`,
      'category',
      '请填写问题类别',
    ],
    [
      'a start without an offset',
      '/calendar/deadline?start=2026-09-30T10:00:00&category=general',
      'start',
      '开始时间：时间应为带时区的 ISO-8601 格式，如 2026-10-09T17:30:00+08:00',
    ],
    [
      'a start that is not a time',
      '/calendar/deadline?start=yesterday&category=general',
      'start',
      '开始时间：时间应为带时区的 ISO-8601 格式，如 2026-10-09T17:30:00+08:00',
    ],
    ['a missing start', '/calendar/deadline?category=general', 'start', '请填写开始时间（转办时间）'],
  ];

  it.each(badQueries)('%s → 400 with a detail on the field', async (_title, path, field, message) => {
    // Act
    const res = await stack.call('GET', path, { token: staff });

    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details).toContainEqual({ field, message });
  });

  const badOverrides: [string, string, unknown, string][] = [
    ['an impossible date', '2026-02-30', { workday: false, name: '停止办公' }, 'date'],
    ['a missing workday', '2026-10-12', { name: '停止办公' }, 'workday'],
    ['a workday that is not a boolean', '2026-10-12', { workday: 'no', name: '停止办公' }, 'workday'],
    ['a missing name', '2026-10-12', { workday: false }, 'name'],
    [
      'a region of 9 digits',
      '2026-10-12',
      { workday: false, name: '停止办公', region: '513401001' },
      'region',
    ],
    [
      'an unknown field',
      '2026-10-12',
      { workday: false, name: '停止办公', tenantId: '510104001' },
      'tenantId',
    ],
  ];

  it.each(badOverrides)(
    'PUT override with %s → 400 with a detail on the field',
    async (_t, date, body, field) => {
      // Act
      const res = await stack.call('PUT', `/calendar/overrides/${date}`, { token: admin, body });

      // Assert
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      for (const detail of res.body.error.details) expect(detail.message).toMatch(/[\u4e00-\u9fff]/);
    },
  );
});

describe('roles', () => {
  it('a department officer may read working days but not deadlines', async () => {
    // Prepare
    const department = await stack.token({ role: 'department', tenantId: CHENGDU, departmentId: 'shebao' });

    // Act
    const days = await getWorkdays(department, 'from=2026-10-01&to=2026-10-02');
    const deadline = await getDeadline(department, BEFORE_NATIONAL_DAY, 'general');

    // Assert
    expect(days.status).toBe(200);
    expect(deadline.status).toBe(403);
  });

  it('staff cannot change the calendar', async () => {
    // Prepare
    const staff = await staffOf(CHENGDU);

    // Act
    const res = await stack.call('PUT', '/calendar/overrides/2026-10-12', {
      token: staff,
      body: { workday: false, name: '停止办公' },
    });

    // Assert
    expect(res.status).toBe(403);
  });

  it('without a token every calendar route is 401', async () => {
    // Act
    const res = await stack.call('GET', '/calendar/workdays?from=2026-10-01&to=2026-10-02');

    // Assert
    expect(res.status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('describes the three calendar routes with their schemas', async () => {
    // Act
    const res = await stack.call('GET', '/openapi.json');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.paths['/calendar/workdays'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'from',
      'to',
      'region',
    ]);
    expect(res.body.paths['/calendar/deadline'].get.responses['200']).toBeDefined();
    expect(res.body.paths['/calendar/overrides/{date}'].put.requestBody).toBeDefined();
    expect(res.body.components.schemas.Deadline.properties.dueAt).toBeDefined();
  });
});

// Last: these overrides stay in the table and move 2026-10-12 for the rest of the file.
describe('PUT /calendar/overrides/{date}', () => {
  it('an override for region 5134 moves a Liangshan deadline across it and leaves Chengdu alone', async () => {
    // Prepare
    const liangshan = await staffOf(LIANGSHAN);
    const chengdu = await staffOf(CHENGDU);
    const before = await getDeadline(liangshan, BEFORE_OVERRIDDEN_DAY, 'general');

    // Act
    const put = await stack.call('PUT', '/calendar/overrides/2026-10-12', {
      token: admin,
      body: { workday: false, name: '州庆补休', region: '5134' },
    });
    const inLiangshan = await getDeadline(liangshan, BEFORE_OVERRIDDEN_DAY, 'general');
    const inChengdu = await getDeadline(chengdu, BEFORE_OVERRIDDEN_DAY, 'general');

    // Assert
    expect(before.body).toEqual({ dueAt: '2026-10-12T17:30:00+08:00', provisional: false });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      date: '2026-10-12',
      workday: false,
      name: '州庆补休',
      region: '5134',
      updatedAt: '2026-09-30T09:00:00+08:00',
      updatedBy: { id: 'admin-sc', name: '省平台管理员' },
      recompute: {
        id: expect.stringMatching(/^calchg_/),
        changedDays: [{ date: '2026-10-12', workday: false }],
        status: 'queued',
      },
    });
    expect(inLiangshan.body).toEqual({ dueAt: '2026-10-13T17:30:00+08:00', provisional: false });
    expect(inChengdu.body).toEqual({ dueAt: '2026-10-12T17:30:00+08:00', provisional: false });
  });

  it('an override without a region moves every centre, and shows in the working-day list', async () => {
    // Prepare
    const chengdu = await staffOf(CHENGDU);

    // Act
    const put = await stack.call('PUT', '/calendar/overrides/2026-10-12', {
      token: admin,
      body: { workday: false, name: '全省停止办公' },
    });
    const deadline = await getDeadline(chengdu, BEFORE_OVERRIDDEN_DAY, 'general');
    const days = await getWorkdays(chengdu, 'from=2026-10-12&to=2026-10-12');

    // Assert
    expect(put.status).toBe(200);
    expect(put.body.region).toBeUndefined();
    expect(deadline.body).toEqual({ dueAt: '2026-10-13T17:30:00+08:00', provisional: false });
    expect(days.body.items).toEqual([
      { date: '2026-10-12', workday: false, reason: 'override', name: '全省停止办公', provisional: false },
    ]);
  });

  it('a later PUT of the same date and region replaces the earlier one', async () => {
    // Prepare
    const chengdu = await staffOf(CHENGDU);

    // Act
    const put = await stack.call('PUT', '/calendar/overrides/2026-10-12', {
      token: admin,
      body: { workday: true, name: '恢复上班' },
    });
    const deadline = await getDeadline(chengdu, BEFORE_OVERRIDDEN_DAY, 'general');

    // Assert
    expect(put.status).toBe(200);
    expect(deadline.body).toEqual({ dueAt: '2026-10-12T17:30:00+08:00', provisional: false });
  });
});
