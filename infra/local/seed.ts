/**
 * Demo data for `npm start`: the centre 510104001 (锦江区春熙路街道), two handling units (one
 * by webhook, one by e-mail), a duty roster for the coming weeks and one demo case — all
 * written through the same use cases the API calls. Safe to run on every start.
 */

import { listCases } from '../../shared/adapters/case-store.ts';
import { clock } from '../../shared/adapters/clock.ts';
import type { Principal } from '../../shared/domain/identity.ts';
import { addDays, shanghaiDate } from '../../shared/domain/time.ts';
import { saveDepartment, saveDutyDay, saveTenant } from '../../shared/use-cases/admin.ts';
import { registerCase } from '../../shared/use-cases/intake.ts';
import { DEMO_ACCOUNTS, DEMO_TENANT } from './accounts.ts';

export { DEMO_TENANT };

/** Each demo account's person (its token claims), by role key. */
export const DEMO_PEOPLE = Object.fromEntries(
  Object.entries(DEMO_ACCOUNTS).map(([key, account]) => [key, account.person]),
) as { [K in keyof typeof DEMO_ACCOUNTS]: (typeof DEMO_ACCOUNTS)[K]['person'] };

const admin: Principal = { id: 'seed', name: '初始化脚本', role: 'admin' };

export async function seedDemo(
  baseUrl: string,
): Promise<{ demoCaseNumber?: string; webhookSecret?: string }> {
  await saveTenant(DEMO_TENANT, {
    name: '成都市锦江区春熙路街道便民服务中心',
    officeHours: { start: '09:00', end: '17:30' },
    contact: { phone: '028-86660000', address: '成都市锦江区春熙路街道便民服务中心一楼“办不成事”反映窗口' },
  });
  const webhook = await saveDepartment(admin, DEMO_TENANT, 'shebao', {
    name: '锦江区社会保险事业管理局',
    level: 'county',
    delivery: { webhook: { url: `${baseUrl}/_local/inbox/shebao` } },
    contact: { name: '陈刚', phone: '028-86661111' },
  });
  await saveDepartment(admin, DEMO_TENANT, 'minzheng', {
    name: '春熙路街道民政办',
    level: 'township',
    delivery: { email: { address: 'minzheng@chunxilu.example.gov.cn' } },
  });
  const today = shanghaiDate(clock.now());
  const roster = [
    { staffId: 'chief-wang', staffName: '王强' },
    { staffId: 'chief-sun', staffName: '孙丽' },
  ];
  for (let i = 0; i < 21; i++) {
    const duty = roster[i % roster.length]!;
    await saveDutyDay(admin, DEMO_TENANT, addDays(today, i), { ...duty, headInHall: i % 7 === 2 });
  }

  const existing = await listCases({ kind: 'tenant', tenantId: DEMO_TENANT }, { limit: 1 });
  if (existing.items.length > 0) return webhook.webhookSecret ? { webhookSecret: webhook.webhookSecret } : {};
  const staff = DEMO_PEOPLE.staff;
  const demo = await registerCase(
    { id: staff.sub, name: staff.name, role: staff.role, tenantId: staff.tenantId },
    {
      channel: 'onsite',
      reporter: { name: '张三', phone: '13800000000' },
      scope: { kind: 'repeated_consultation' },
      matter: '城乡居民养老保险参保登记',
      description: '三次来办均被告知材料不全，每次要求补充的材料不同，至今未能办理参保登记。',
      assisted: true,
      notice: {
        materialsComplete: false,
        howToSupplement: '补充户口簿原件及复印件一份、近期一寸照片一张',
        nextSteps: '材料补齐后到综合窗口递交，由窗口人员帮办；本窗口将协调区社保局两个工作日内答复',
      },
    },
  );
  return {
    demoCaseNumber: demo.case.number,
    ...(webhook.webhookSecret ? { webhookSecret: webhook.webhookSecret } : {}),
  };
}
