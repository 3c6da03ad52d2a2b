/** Realistic demo data for the printable documents: one centre, one case, one work order. */
import type { Case } from '../../shared/schemas/case.ts';
import type { Tenant } from '../../shared/schemas/tenant.ts';
import type { WorkOrder } from '../../shared/schemas/work-order.ts';

export const tenant: Tenant = {
  tenantId: '510104001',
  name: '成都市锦江区春熙路街道便民服务中心',
  officeHours: { end: '17:30' },
  contact: { phone: '028-86612345', address: '成都市锦江区春熙路街道红星路三段16号便民服务中心一楼' },
  version: 3,
  updatedAt: '2026-09-01T09:00:00+08:00',
};

/** About 600 characters, as a clerk writes down a long story at the window. */
export const LONG_DESCRIPTION = [
  '反映人系本街道红星社区居民，现年五十八岁，原为个体工商户，今年六月起准备办理城乡居民养老保险参保登记及补缴手续。',
  '据其反映，六月十二日第一次到中心社保窗口咨询，工作人员告知需携带身份证、户口簿原件及复印件，并提供近期一寸免冠照片两张；',
  '六月二十日第二次携带上述材料前来办理时，被告知还需提供原单位出具的未参加城镇职工养老保险的书面证明，但其原经营的个体店铺已于二〇一九年注销，无法找到原单位出具证明；',
  '七月三日第三次前来时，另一名工作人员又告知可改为由社区居委会出具情况说明，但需社区书记签字并加盖公章，同时要求补充提供个体工商户营业执照注销通知书的复印件。',
  '反映人随即前往社区开具了情况说明，又到区市场监管局档案室调取了注销通知书，七月十日第四次前来提交时，系统提示其身份信息与公安户籍信息不一致（曾用名未同步），窗口无法录入，建议其先到派出所办理户籍信息变更。',
  '反映人认为前后四次往返，每次被要求的材料均不相同，且没有任何一次被一次性告知全部要求，耽误了补缴时间，担心错过今年的缴费期限，情绪较为激动。',
  '窗口人员调阅办件记录后核实，前三次来办时窗口告知的材料要求确有变化，相关窗口未严格执行一次性告知制度，情况基本属实。',
  '其诉求为：一是请中心明确告知参保登记及补缴所需的全部材料清单；二是协调社保与公安部门尽快解决曾用名信息不一致的问题；三是在今年缴费截止日前完成参保登记和补缴，并对多次往返的情况给予说明。',
].join('');

export const demoCase: Case = {
  id: 'case-01J9Z8K3QH',
  number: '510104001-2026-00042',
  tenantId: '510104001',
  status: 'transferred',
  version: 7,
  channel: 'onsite',
  reporter: { name: '李秀英', phone: '13881234567' },
  scope: { kind: 'repeated_consultation', accepted: true },
  matter: '城乡居民养老保险参保登记及补缴',
  description: LONG_DESCRIPTION,
  assisted: true,
  notice: {
    materialsComplete: false,
    howToSupplement:
      '请补充提供：1. 社区居委会出具并加盖公章的未参加城镇职工养老保险情况说明原件；2. 个体工商户注销通知书复印件一份；3. 到春熙路派出所办理曾用名信息同步后出具的户籍证明。以上材料备齐后可交本窗口，由窗口人员代为递交。',
    nextSteps:
      '本窗口当日将问题转区社保局办理，一般问题2个工作日内整改反馈；区社保局将电话联系您核实情况，办理结果同时反馈您本人和本中心。如逾期未获答复，请拨打中心电话查询。',
    accepted: true,
  },
  acceptedAt: '2026-10-09T09:42:00+08:00',
  acceptedBy: { id: 'staff-wangfang', name: '王芳' },
  confirmation: { signedBy: '李秀英', signedAt: '2026-10-09' },
  opinion: {
    kind: 'on_the_spot',
    answer:
      '已当场向反映人致歉，并一次性告知参保登记及补缴所需全部材料；曾用名信息不一致问题需公安与社保部门协调解决，转区社保局按一般问题办理，帮办人员全程跟进。',
    handledBy: { id: 'staff-wangfang', name: '王芳' },
    handledAt: '2026-10-09T10:05:00+08:00',
  },
  updatedAt: '2026-10-09T10:20:00+08:00',
};

export const demoWorkOrder: WorkOrder = {
  id: 'wo-01J9Z8M0XP',
  number: '510104001-2026-00042-1',
  caseId: demoCase.id,
  caseNumber: demoCase.number,
  tenantId: '510104001',
  departmentId: 'dept-shebao',
  departmentName: '锦江区社会保险事业管理局',
  deliveryChannel: 'email',
  category: 'general',
  requirements: '及时协调解决，2个工作日内整改反馈',
  otherRequirements: '请与区公安分局户政科协同核实反映人曾用名信息，办理结果请同时电话告知反映人。',
  note: '反映人年龄较大，已安排帮办人员陪同，联系时请耐心解释。',
  status: 'delivered',
  overdue: false,
  escalationLevel: 0,
  dueAt: '2026-10-13T17:30:00+08:00',
  provisional: false,
  transferredAt: '2026-10-09T10:20:00+08:00',
  transferredBy: { id: 'staff-wangfang', name: '王芳' },
  feedback: [],
  attempts: [],
  version: 2,
  updatedAt: '2026-10-09T10:20:00+08:00',
};

/** The reporter's name, the description and the note as an attacker would write them. */
export const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'] as const;

/** `text` repeated and cut to exactly `length` characters. */
export const fill = (text: string, length: number) =>
  text.repeat(Math.ceil(length / text.length)).slice(0, length);

/** Every free-text and short field at the longest the schemas accept: the layout must still hold. */
export const extremeTenant: Tenant = {
  ...tenant,
  name: fill('成都市锦江区春熙路街道便民服务中心', 100),
  contact: { phone: fill('028-86612345 ', 30), address: fill('成都市锦江区红星路三段16号', 200) },
};

export const extremeCase: Case = {
  ...demoCase,
  reporter: { name: fill('欧阳娜娜Wangxiaoming', 50), phone: '028-12345678' },
  matter: fill('城乡居民养老保险参保登记及补缴', 200),
  description: fill('反映人多次来办未果，窗口要求材料前后不一。ABC 123 ', 4000),
  station: fill('红星社区便民服务站', 100),
  acceptedBy: { id: 'staff-x', name: fill('王芳', 50) },
  confirmation: { signedBy: fill('欧阳娜娜', 50), signedAt: '2026-10-09' },
  opinion: {
    kind: 'on_the_spot',
    answer: fill('已当场答复。', 4000),
    handledBy: { id: 'staff-x', name: fill('王芳', 50) },
    handledAt: '2026-10-09T10:05:00+08:00',
  },
  notice: {
    materialsComplete: false,
    howToSupplement: fill('请补充材料。', 1000),
    nextSteps: fill('下一步程序。', 1000),
    accepted: true,
    reason: fill('理由。', 500),
  },
};

export const extremeWorkOrder: WorkOrder = {
  ...demoWorkOrder,
  departmentName: fill('锦江区社会保险事业管理局', 100),
  category: 'complex',
  requirements: '研究分析，10个工作日内反馈办理进度、说明理由，持续跟踪督办直至办结',
  otherRequirements: fill('其他要求。', 1000),
  note: fill('备注。', 1000),
  provisional: true,
};
