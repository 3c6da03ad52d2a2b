/** OpenAPI operations of the `citizen` routes: HTML pages and plain form posts. */
import * as z from 'zod/mini';
import { CitizenRatingBody } from '../../schemas/case.ts';
import { meta } from '../../schemas/common.ts';
import { CaseParams } from '../../schemas/params.ts';
import { Case } from '../../schemas/responses/case.ts';
import type { citizenRoutes } from '../routes/citizen.ts';
import type { Operation } from './common.ts';

const Token = z.object({ token: meta(z.string(), { description: '查询链接令牌（告知书二维码）' }) });
const page = (description: string) => ({ status: '200', contentType: 'text/html', description });
const form = (schema: z.ZodMiniType) => ({ content: { 'application/x-www-form-urlencoded': { schema } } });
const redirect = (description: string) => ({ status: '303', description });

export const citizenOperations: Record<(typeof citizenRoutes)[number]['id'], Operation> = {
  citizenStatus: {
    requestParams: { path: Token },
    ok: page('办理进度页；链接无效、已停用或查询过频时为中文提示页（含中心电话），状态码 404 / 429'),
  },
  citizenRating: {
    requestParams: { path: Token },
    requestBody: form(CitizenRatingBody),
    ok: redirect('已评价，转回查询页；已评价过或未办结时为提示页（409）'),
  },
  citizenSmsOptOut: { requestParams: { path: Token }, ok: redirect('已退订，转回查询页') },
  citizenLookupForm: { ok: page('按编号和手机号后四位查询的表单') },
  citizenLookup: {
    requestBody: form(z.object({ caseNumber: z.string(), lastFour: z.string().check(z.regex(/^\d{4}$/)) })),
    ok: redirect('匹配则转到该案件的查询页；不匹配时重新显示表单（404）'),
  },
  reissueStatusLink: {
    requestParams: { path: CaseParams },
    ok: {
      status: '200',
      schema: Case,
      description: '新链接已生成（statusLink），旧链接已停用；请重新打印告知书',
    },
  },
};
