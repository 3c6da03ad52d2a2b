/**
 * GET/POST /actions/{token} — a handling unit acts through the signed link in its webhook or
 * e-mail, without an account. GET shows Form A.2 with the link's one action; POST performs it.
 * The token (HMAC, expiring) names one work order, its department and one action.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { publicCase } from '../../shared/adapters/case-store.ts';
import { clock } from '../../shared/adapters/clock.ts';
import { loadForWorkOrder } from '../../shared/adapters/work-order-store.ts';
import { actionLinkSecrets } from '../../shared/config.ts';
import { html, trustedHtml } from '../../shared/documents/html.ts';
import { renderTransferForm } from '../../shared/documents/transfer-form.ts';
import { type ActionClaims, verifyActionToken } from '../../shared/domain/action-links.ts';
import type { Principal } from '../../shared/domain/identity.ts';
import { parseWorkOrderId } from '../../shared/domain/work-order.ts';
import { ForbiddenError, NotFoundError } from '../../shared/errors.ts';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { parseOrThrow } from '../../shared/http/validation.ts';
import { TokenParams } from '../../shared/schemas/params.ts';
import { FeedbackBody, ReturnBody } from '../../shared/schemas/work-order.ts';
import { acknowledgeWorkOrder, giveFeedback, returnWorkOrder } from '../../shared/use-cases/work-orders.ts';

async function resolve(token: string) {
  const claims = verifyActionToken(token, actionLinkSecrets(), clock.now());
  const parsed = parseWorkOrderId(claims.workOrderId);
  if (!parsed) throw new NotFoundError('工单不存在');
  const loaded = await loadForWorkOrder(parsed.caseId, parsed.n, claims.tenantId, claims.departmentId);
  const wo = loaded.workOrder;
  if (
    !wo ||
    wo.tenantId !== claims.tenantId ||
    wo.departmentId !== claims.departmentId ||
    !loaded.stored ||
    !loaded.tenant
  ) {
    throw new NotFoundError('工单不存在');
  }
  return { claims, ...loaded, workOrder: wo, stored: loaded.stored, tenant: loaded.tenant };
}

/** The department acting through the link, as the use cases see it. */
function linkPrincipal(claims: ActionClaims, departmentName: string): Principal {
  return {
    id: `link:${claims.departmentId}`,
    name: departmentName,
    role: 'department',
    tenantId: claims.tenantId,
    departmentId: claims.departmentId,
  };
}

const PANELS: Record<ActionClaims['action'], string> = {
  ack: `<p>请确认已收到此转办单。</p><button data-send="{}">签收工单</button>`,
  feedback: `<p><label><input type="radio" name="kind" value="progress" checked> 办理进度</label>
<label><input type="radio" name="kind" value="result"> 办理结果</label></p>
<textarea id="content" rows="5" placeholder="请填写反馈内容"></textarea><button data-send="feedback">提交反馈</button>`,
  return: `<textarea id="reason" rows="4" placeholder="请说明退回理由（如不属于本单位职责）"></textarea><button data-send="return">退回工单</button>`,
  form: '',
};

const SCRIPT = `<script>
document.querySelectorAll('[data-send]').forEach(function (b) { b.addEventListener('click', function () {
  var kind = b.getAttribute('data-send'), body = {};
  if (kind === 'feedback') body = { kind: document.querySelector('input[name=kind]:checked').value, content: document.getElementById('content').value };
  if (kind === 'return') body = { reason: document.getElementById('reason').value };
  fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(function (r) { return r.json().then(function (j) { document.getElementById('result').textContent = r.ok ? '已提交，谢谢。' : (j.error && j.error.message) || '提交失败'; }); });
}); });
</script>`;

const page = httpHandler({ route: 'actionPage', params: TokenParams }, async (req) => {
  const { claims, stored, workOrder, tenant } = await resolve(req.params.token);
  const form = renderTransferForm({ case: publicCase(stored), workOrder, tenant });
  const panel =
    html`<section class="no-print action-panel" style="max-width:180mm;margin:6mm auto;font-size:11pt">
<h2 style="font-size:13pt">${workOrder.departmentName}：${workOrder.number}</h2>
${trustedHtml(PANELS[claims.action])}
<p id="result" role="status"></p></section>`.value;
  const body = form.replace('</body>', `${panel}${claims.action === 'form' ? '' : SCRIPT}</body>`);
  return {
    status: 200,
    body,
    contentType: 'text/html; charset=utf-8',
    headers: { 'cache-control': 'no-store' },
  };
});

const AnyObject = z.record(z.string(), z.unknown());

const submit = httpHandler(
  { route: 'actionSubmit', params: TokenParams, body: AnyObject, emptyBodyAllowed: true },
  async (req) => {
    const { claims, workOrder } = await resolve(req.params.token);
    const principal = linkPrincipal(claims, workOrder.departmentName);
    const raw = req.body;
    switch (claims.action) {
      case 'ack':
        return { status: 200, body: await acknowledgeWorkOrder(principal, workOrder.id) };
      case 'feedback':
        return {
          status: 200,
          body: await giveFeedback(principal, workOrder.id, parseOrThrow(FeedbackBody, raw, '反馈内容')),
        };
      case 'return':
        return {
          status: 200,
          body: await returnWorkOrder(principal, workOrder.id, parseOrThrow(ReturnBody, raw, '退回理由')),
        };
      case 'form':
        throw new ForbiddenError('此链接只能查看转办单');
    }
  },
);

export const handler = (event: HttpEvent, context: Context) =>
  event.requestContext?.http?.method === 'POST' ? submit(event, context) : page(event, context);
