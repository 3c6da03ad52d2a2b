import * as z from 'zod/mini';
import { IsoDate, TenantId } from './common.ts';

const Id = z.string().check(z.regex(/^[a-z]+_[0-9a-z]{26}$/, { error: '编号格式不正确' }));

export const CaseParams = z.object({ caseId: Id });
export const MeetingParams = z.object({ caseId: Id, meetingId: Id });
export const WorkOrderParams = z.object({
  workOrderId: z.string().check(z.regex(/^wo_[0-9a-z]{26}_\d{1,3}$/, { error: '工单编号格式不正确' })),
});
export const TokenParams = z.object({ token: z.string().check(z.minLength(10), z.maxLength(1024)) });
export const TenantParams = z.object({ tenantId: TenantId });
export const DepartmentParams = z.object({
  tenantId: TenantId,
  departmentId: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码只能包含字母、数字、下划线和短横线' })),
});
export const DutyDayParams = z.object({ tenantId: TenantId, date: IsoDate });
/** A province (2 digits), city (4) or county (6) division code. */
export const RegionParams = z.object({
  regionCode: z
    .string()
    .check(z.regex(/^\d{2}(\d{2}(\d{2})?)?$/, { error: '区域代码应为 2、4 或 6 位区划代码，例如 510104' })),
});

export const TestDeliveryParams = z.extend(DepartmentParams, {
  testId: z.string().check(z.regex(/^dlvtest_[0-9a-z]{26}$/, { error: '测试编号格式不正确' })),
});
