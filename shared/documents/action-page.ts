/**
 * The handling unit's page behind a signed action link (承办单位免登录操作页), for a phone first:
 * the order's current state, what it asks, and only the actions its state allows — each a plain
 * HTML form (no JavaScript) that names the acting officer, answered by this page again with
 * the outcome.
 */
import type { Attachment } from '../schemas/attachment.ts';
import type { Case } from '../schemas/case.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { WorkOrder } from '../schemas/work-order.ts';
import { formatDateTime } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { CATEGORY_LABELS } from './labels.ts';
import { renderMobilePage } from './mobile-page.ts';

export const DEPARTMENT_ACTIONS = ['ack', 'feedback', 'extension', 'return', 'evidence'] as const;
export type DepartmentAction = (typeof DEPARTMENT_ACTIONS)[number];

export interface ActionPageInput {
  workOrder: WorkOrder;
  case: Case;
  tenant: Tenant;
  /** The actions the order's state allows now (see legalDepartmentActions), in this order. */
  actions: readonly DepartmentAction[];
  /** A view-only link (查看转办单): no forms. */
  viewOnly: boolean;
  message?: string;
  problem?: string;
  /** What the officer typed, shown again after a refused post. */
  values?: Record<string, string>;
  /** The evidence this order's department uploaded so far. */
  evidence?: readonly Attachment[];
  /** Where the evidence form posts (`/actions/{token}/evidence`). */
  evidencePath?: string;
}

/** What the file input offers (the server checks again): photos, PDF, office documents. */
const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.doc,.docx,.xls,.xlsx,.ofd,.txt';

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const STATE_TEXT: Record<WorkOrder['status'], string> = {
  pending_delivery: '待签收',
  delivered: '已送达，待签收',
  acknowledged: '已签收，办理中',
  in_progress: '办理中（已反馈进度）',
  completed: '已反馈办理结果，本工单已办结',
  returned: '已退回中心',
  recalled: '中心已撤回本工单，无需再办理',
  delivery_failed: '待签收',
};

function officerField(values: Record<string, string>, id: string): SafeHtml {
  return html`<label for="${id}">经办人姓名</label>
<input type="text" id="${id}" name="officerName" required maxlength="50" autocomplete="name" value="${values.officerName ?? ''}">`;
}

function forms(input: ActionPageInput): SafeHtml[] {
  const v = input.values ?? {};
  const out: SafeHtml[] = [];
  for (const action of input.actions) {
    if (action === 'ack') {
      out.push(html`<section class="card" id="ack"><h2>签收工单</h2>
<form method="post"><input type="hidden" name="action" value="ack">
${officerField(v, 'ack-officer')}
<button type="submit">签收工单</button></form></section>`);
    }
    if (action === 'feedback') {
      const result = v.kind !== 'progress';
      out.push(html`<section class="card" id="feedback"><h2>反馈办理情况</h2>
<form method="post"><input type="hidden" name="action" value="feedback">
<fieldset><legend>反馈类型</legend>
<label class="choice"><input type="radio" name="kind" value="result"${result ? ' checked' : ''}> 办理结果（办结本工单）</label>
<label class="choice"><input type="radio" name="kind" value="progress"${result ? '' : ' checked'}> 办理进度</label>
</fieldset>
<label for="content">反馈内容（给中心）</label>
<textarea id="content" name="content" required maxlength="4000">${v.content ?? ''}</textarea>
<label for="citizenReply">对申请人的答复（短信发给反映人，选填）</label>
<textarea id="citizenReply" name="citizenReply" maxlength="500">${v.citizenReply ?? ''}</textarea>
${officerField(v, 'feedback-officer')}
<button type="submit">提交反馈</button></form></section>`);
    }
    if (action === 'extension') {
      out.push(html`<section class="card" id="extension"><details><summary>申请延期</summary>
<form method="post"><input type="hidden" name="action" value="extension">
<label for="workdays">延长工作日数</label>
<input type="number" id="workdays" name="workdays" required min="1" max="30" inputmode="numeric" value="${v.workdays ?? ''}">
<label for="ext-reason">延期理由</label>
<textarea id="ext-reason" name="reason" required maxlength="1000">${v.action === 'extension' ? (v.reason ?? '') : ''}</textarea>
${officerField(v, 'ext-officer')}
<button type="submit" class="secondary">提交延期申请</button></form></details></section>`);
    }
    if (action === 'evidence') {
      out.push(html`<section class="card" id="evidence"><h2>上传办理佐证材料</h2>
<p class="muted">照片、PDF、Word、Excel、OFD 或 TXT，每个文件不超过 4 MB；上传后中心即可在案件附件中看到。</p>
<form method="post" action="${input.evidencePath ?? ''}" enctype="multipart/form-data"><input type="hidden" name="action" value="evidence">
<label for="evidence-file">选择文件</label>
<input type="file" id="evidence-file" name="file" required accept="${EVIDENCE_ACCEPT}">
<label for="evidence-note">说明（选填）</label>
<textarea id="evidence-note" name="note" maxlength="500">${v.action === 'evidence' ? (v.note ?? '') : ''}</textarea>
${officerField(v, 'evidence-officer')}
<button type="submit" class="secondary">上传材料</button></form></section>`);
    }
    if (action === 'return') {
      out.push(html`<section class="card" id="return"><details><summary>不属于本单位职责？退回工单</summary>
<form method="post"><input type="hidden" name="action" value="return">
<label for="return-reason">退回理由</label>
<textarea id="return-reason" name="reason" required maxlength="1000">${v.action === 'return' ? (v.reason ?? '') : ''}</textarea>
${officerField(v, 'return-officer')}
<button type="submit" class="danger">退回工单</button></form></details></section>`);
    }
  }
  return out;
}

export function renderActionPage(input: ActionPageInput): string {
  const { workOrder: wo, case: c, tenant } = input;
  const tel = c.reporter.phone.replace(/[^\d+]/g, '');
  const extension = wo.extension;
  const history = wo.feedback.map(
    (f) =>
      html`<li class="done"><strong>${f.kind === 'result' ? '办理结果' : '办理进度'}</strong><time datetime="${f.at}">${formatDateTime(f.at)} · ${f.by.name}</time><div>${f.content}</div>${f.citizenReply ? html`<div class="muted">对申请人的答复：${f.citizenReply}</div>` : null}</li>`,
  );
  const body = html`${input.message ? html`<p class="notice" role="status">${input.message}</p>` : null}
${input.problem ? html`<p class="problem" role="alert">${input.problem}</p>` : null}
<section class="card">
<p class="muted">${wo.departmentName}</p>
<h1>转办单 ${wo.number}</h1>
<dl class="facts">
<dt>当前状态</dt><dd class="status" data-field="state">${STATE_TEXT[wo.status]}</dd>
<dt>办理时限</dt><dd data-field="dueAt">${formatDateTime(wo.dueAt)}${wo.provisional ? '（暂定）' : ''}${wo.overdue ? html` <strong style="color:#a61b1b">已超期</strong>` : null}</dd>
${extension ? html`<dt>延期申请</dt><dd>${extension.workdays} 个工作日，${extension.status === 'pending' ? '待中心审批' : extension.status === 'approved' ? '已同意' : '未同意'}</dd>` : null}
<dt>问题类别</dt><dd>${CATEGORY_LABELS[wo.category]}</dd>
</dl>
</section>
<section class="card"><h2>反映情况</h2>
<dl class="facts">
<dt>反映事项</dt><dd>${c.matter}</dd>
<dt>反映人</dt><dd>${c.reporter.name}</dd>
<dt>联系电话</dt><dd><a href="tel:${tel}">${c.reporter.phone}</a></dd>
<dt>转办时间</dt><dd>${formatDateTime(wo.transferredAt)}</dd>
</dl>
<p>${c.description}</p>
<p><strong>办理要求：</strong>${wo.requirements}</p>
${wo.otherRequirements ? html`<p><strong>其他办理要求：</strong>${wo.otherRequirements}</p>` : null}
${wo.note ? html`<p><strong>备注：</strong>${wo.note}</p>` : null}
</section>
${history.length ? html`<section class="card"><h2>已反馈</h2><ol class="steps">${history}</ol></section>` : null}
${input.evidence?.length ? html`<section class="card" id="evidence-list"><h2>已上传的佐证材料</h2><ol class="steps">${input.evidence.map((a) => html`<li class="done"><strong>${a.fileName}</strong><time datetime="${a.createdAt}">${formatDateTime(a.createdAt)} · ${a.createdBy.name} · ${sizeText(a.size)}</time>${a.note ? html`<div>${a.note}</div>` : null}</li>`)}</ol></section>` : null}
${input.viewOnly ? html`<p class="muted">此链接仅供查看转办单；签收、反馈请使用邮件或推送中的操作链接。</p>` : forms(input)}
<section class="card"><h2>联系中心</h2><p>${tenant.name}${tenant.contact?.phone ? html`：<a class="phone" href="tel:${tenant.contact.phone.replace(/[^\d+]/g, '')}">${tenant.contact.phone}</a>` : null}</p></section>`;
  return renderMobilePage({ title: `转办单 ${wo.number}`, banner: tenant.name, body });
}
