/**
 * The building blocks of every schema. All schemas are `zod/mini`: the same validation core as
 * classic zod, but functions instead of methods, so a Lambda bundle carries only what it uses
 * and builds its schemas at import in a fraction of the time (issue 16, cold start).
 */
import * as z from 'zod/mini';

/**
 * Classic zod's `.meta()`: a copy of `schema` that carries OpenAPI metadata (`description`,
 * `example`, `id` for a component), the original left bare. Not `.check(z.meta())`: that check
 * would travel with every later copy (`z.extend`, `z.optional`'s inner) and repeat an `id`.
 */
export function meta<T extends z.ZodMiniType>(schema: T, metadata: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, metadata);
  return copy;
}

/** A 9-digit statistical division code of a township/street: the tenant id. */
export const TenantId = meta(
  z.string().check(z.regex(/^\d{9}$/, { error: '中心编码应为9位统计用区划代码，例如 510104001' })),
  { description: '便民服务中心编码（9位统计用区划代码）', example: '510104001' },
);

/** 2, 4 or 6 digits: province, city or county. */
export const RegionCode = z
  .string()
  .check(z.regex(/^(\d{2}|\d{4}|\d{6})$/, { error: '区划代码应为2位（省）、4位（市州）或6位（县区）' }));

/** Mainland mobile (11 digits, 1[3-9]…) or landline with area code (0xx-xxxxxxx). */
export const Phone = meta(
  z.string().check(
    z.trim(),
    z.regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, {
      error: '联系电话应为11位手机号码或带区号的固定电话（如 028-12345678）',
    }),
  ),
  { description: '联系电话', example: '13800000000' },
);

export const IsoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
export const IsoDateTime = z.iso.datetime({
  offset: true,
  error: '时间应为带时区的 ISO-8601 格式，如 2026-10-09T17:30:00+08:00',
});

/** A day or an instant: the contract's times are ISO-8601 with offset, a signature may give only the day. */
export const IsoDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: '应为日期（如 2026-10-09）或带时区的时间（如 2026-10-09T17:30:00+08:00）',
});

/** The one date-period rule (`from` ≤ `to`, both `YYYY-MM-DD`) of every query with a range. */
export const PERIOD_MESSAGE = '开始日期不能晚于结束日期';

export function periodIsValid(from: string | undefined, to: string | undefined): boolean {
  return !from || !to || from <= to;
}

/** As a refinement: `.check(z.superRefine(refinePeriod))` on a query with optional `from`/`to`. */
export function refinePeriod(
  q: { from?: string | undefined; to?: string | undefined },
  ctx: z.core.$RefinementCtx,
) {
  if (!periodIsValid(q.from, q.to)) ctx.addIssue({ code: 'custom', path: ['from'], message: PERIOD_MESSAGE });
}

export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Classic zod's `.int()`: an integer number (a safe integer, as JSON Schema `integer`). */
export const int = () => z.number().check(z.int());

export const Actor = z.object({ id: z.string(), name: z.string() });

export const ErrorResponse = meta(
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    }),
  }),
  { id: 'Error' },
);

export const Page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
