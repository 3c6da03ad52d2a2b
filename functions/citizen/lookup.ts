/**
 * GET /status — the second way in: a form for the case number and the last four digits of the
 * phone; POST /status — on a match, a redirect to the status page; otherwise the form again.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { renderLookupPage } from '../../shared/documents/status-page.ts';
import { AppError, NotFoundError } from '../../shared/errors.ts';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { htmlPage, problemPage } from '../../shared/http/html-problems.ts';
import { fallbackHotline, tokenByCaseNumber } from '../../shared/use-cases/citizen.ts';

const Form = z.record(z.string(), z.string());
const CASE_NUMBER = /^\d{9}-\d{4}-\d{5}$/;

const form = httpHandler({ route: 'citizenLookupForm' }, async () => htmlPage(renderLookupPage()));

const lookup = httpHandler(
  { route: 'citizenLookup', body: Form, form: true, emptyBodyAllowed: true },
  async (req) => {
    const caseNumber = (req.body.caseNumber ?? '').trim();
    const lastFour = (req.body.lastFour ?? '').trim();
    if (!CASE_NUMBER.test(caseNumber) || !/^\d{4}$/.test(lastFour)) {
      const problem = !CASE_NUMBER.test(caseNumber)
        ? '案件编号格式应为 9位中心编码-年份-5位序号，例如 510104001-2026-00001'
        : '请填写手机号后四位数字';
      return htmlPage(renderLookupPage({ caseNumber, problem }), 400);
    }
    try {
      const token = await tokenByCaseNumber(caseNumber, lastFour, req.sourceIp);
      return { status: 303, headers: { location: `/s/${token}`, 'cache-control': 'no-store' } };
    } catch (error) {
      if (error instanceof NotFoundError) {
        return htmlPage(renderLookupPage({ caseNumber, problem: error.message }), 404);
      }
      if (error instanceof AppError) return problemPage(error, { phone: fallbackHotline() });
      throw error;
    }
  },
);

export const handler = (event: HttpEvent, context: Context) =>
  event.requestContext?.http?.method === 'POST' ? lookup(event, context) : form(event, context);
