/** The county–township joint handling catalogue (县乡两级联合办理事项库). */
import * as z from 'zod/mini';
import { meta, text } from './common.ts';
import type * as responses from './responses/catalogue.ts';

export const CountyParams = z.object({
  countyCode: z.string().check(z.regex(/^\d{6}$/, { error: '县（区）代码应为6位' })),
});
export const MatterParams = z.extend(CountyParams, {
  matterId: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '事项编码只能包含字母、数字、下划线和短横线' })),
});

export const PutMatterBody = meta(
  z.strictObject({
    name: meta(text(200), { description: '事项名称', example: '城乡居民养老保险参保登记' }),
    keywords: meta(z._default(z.array(text(50)).check(z.maxLength(20)), []), {
      description: '匹配用的关键词（如 养老保险、参保）',
    }),
    departmentId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '承办单位编码格式不正确' })),
    departmentName: meta(text(100), { description: '县级承办单位名称' }),
  }),
  { id: 'PutCatalogueMatter' },
);
export type PutMatterBody = z.infer<typeof PutMatterBody>;

// What the API returns (./responses/catalogue.ts), as types: importing them builds no schema.
export type CatalogueMatter = z.infer<typeof responses.CatalogueMatter>;
export type TransferSuggestion = z.infer<typeof responses.TransferSuggestion>;
