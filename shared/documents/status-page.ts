/**
 * The reporter's status page (办理进度查询) and the case-number form, as plain HTML: no script,
 * every action a form post. Shows only what the reporter may see (see citizen.ts).
 */

import type { StatusView } from '../use-cases/citizen.ts';
import { formatDateTime } from './format.ts';
import { html } from './html.ts';
import { SATISFACTION_LABELS } from './labels.ts';
import { renderMobilePage } from './mobile-page.ts';

export function renderStatusPage(v: StatusView, opts: { message?: string; problem?: string } = {}): string {
  const base = `/s/${v.token}`;
  const steps = v.steps.map(
    (s) =>
      html`<li class="${s.done ? 'done' : 'todo'}"><strong>${s.label}</strong><time datetime="${s.at}">${formatDateTime(s.at)}${s.done ? '' : '（截止）'}</time></li>`,
  );
  const answers = v.answers.map(
    (a) => html`<p class="muted">${a.from} · ${formatDateTime(a.at)}</p><blockquote>${a.text}</blockquote>`,
  );
  const levels = [5, 4, 3, 2, 1].map(
    (n) =>
      html`<label class="choice"><input type="radio" name="satisfaction" value="${n}" required${n === 5 ? ' checked' : ''}> ${n} 分 · ${SATISFACTION_LABELS[n]}</label>`,
  );
  const rating = v.rating
    ? html`<section class="card"><h2>您的评价</h2><p>${v.rating.satisfaction} 分 · ${v.rating.label}（${formatDateTime(v.rating.at)}）</p>${v.rating.comment ? html`<blockquote>${v.rating.comment}</blockquote>` : null}</section>`
    : v.canRate
      ? html`<section class="card" id="rate"><h2>评价办理结果（好差评）</h2>
<form method="post" action="${base}/rating">
<fieldset><legend>您对本次办理是否满意？</legend>${levels}</fieldset>
<label for="comment">意见或建议（选填）</label>
<textarea id="comment" name="comment" maxlength="500"></textarea>
<button type="submit">提交评价</button>
</form><p class="muted">评价只能提交一次。</p></section>`
      : null;
  return renderMobilePage({
    title: `办理进度 ${v.caseNumber}`,
    banner: v.centre.name,
    body: html`${opts.message ? html`<p class="notice" role="status">${opts.message}</p>` : null}
${opts.problem ? html`<p class="problem" role="alert">${opts.problem}</p>` : null}
<section class="card">
<h1>“办不成事”反映办理进度</h1>
<dl class="facts"><dt>编号</dt><dd>${v.caseNumber}</dd><dt>反映事项</dt><dd>${v.matter}</dd><dt>当前状态</dt><dd class="status">${v.statusText}</dd></dl>
</section>
<section class="card"><h2>办理过程</h2><ol class="steps">${steps}</ol></section>
${answers.length ? html`<section class="card"><h2>答复</h2>${answers}</section>` : null}
${rating}
<section class="card"><h2>联系中心</h2>
${v.centre.phone ? html`<p>${v.centre.name}：<a class="phone" href="tel:${v.centre.phone.replace(/[^\d+]/g, '')}">${v.centre.phone}</a></p>` : html`<p>${v.centre.name}</p>`}
${
  v.smsOptOut
    ? html`<p class="muted">您已退订本案的办理进度短信。</p>`
    : html`<details><summary>不再接收短信</summary><form method="post" action="${base}/sms-opt-out"><p class="muted">退订后，本案的后续进度不再发短信通知，仍可在本页查询。</p><button type="submit" class="secondary">退订短信</button></form></details>`
}
</section>`,
  });
}

export function renderLookupPage(opts: { caseNumber?: string; problem?: string } = {}): string {
  return renderMobilePage({
    title: '办理进度查询',
    body: html`<section class="card">
<h1>办理进度查询</h1>
<p class="muted">请输入一次性告知书上的编号和您登记的手机号后四位。</p>
${opts.problem ? html`<p class="problem" role="alert">${opts.problem}</p>` : null}
<form method="post" action="/status">
<label for="caseNumber">案件编号</label>
<input type="text" id="caseNumber" name="caseNumber" required autocomplete="off" placeholder="例如 510104001-2026-00001" value="${opts.caseNumber ?? ''}">
<label for="lastFour">手机号后四位</label>
<input type="tel" id="lastFour" name="lastFour" required inputmode="numeric" pattern="[0-9]{4}" maxlength="4" autocomplete="off">
<button type="submit">查询</button>
</form>
</section>`,
  });
}
