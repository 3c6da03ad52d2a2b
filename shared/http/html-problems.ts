/**
 * Errors of the pages opened from a link (the reporter's status page, the department's action
 * page) as a Chinese HTML page with a phone number — never the JSON error body of the API.
 */
import { logger } from '../adapters/logger.ts';
import { MOBILE_PAGE_HEADERS, renderProblemPage } from '../documents/mobile-page.ts';
import { AppError, TooManyRequestsError } from '../errors.ts';
import type { HttpResult } from './handler.ts';

const TITLES: Record<number, string> = {
  400: '提交的内容有误',
  401: '链接无效',
  403: '无法执行此操作',
  404: '链接无效或已停用',
  409: '无法执行此操作',
  429: '查询过于频繁',
};

export function problemPage(
  error: unknown,
  centre: { name?: string; phone: string },
  link?: { href: string; label: string },
): HttpResult {
  const known = error instanceof AppError && error.status < 500;
  if (!known) logger.error('page request failed', { error });
  const status = known ? (error as AppError).status : 500;
  const detail = error instanceof AppError ? error.details?.map((d) => d.message).join('；') : undefined;
  const message = known
    ? `${(error as AppError).message}${detail ? `：${detail}` : ''}`
    : '系统暂时无法处理，请稍后再试。';
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    headers: {
      ...MOBILE_PAGE_HEADERS,
      ...(error instanceof TooManyRequestsError ? { 'retry-after': '900' } : {}),
    },
    body: renderProblemPage({
      title: TITLES[status] ?? '暂时无法处理',
      message,
      phone: centre.phone,
      ...(centre.name ? { centreName: centre.name } : {}),
      ...(link ? { link } : {}),
    }),
  };
}

export function htmlPage(body: string, status = 200): HttpResult {
  return { status, contentType: 'text/html; charset=utf-8', headers: MOBILE_PAGE_HEADERS, body };
}
