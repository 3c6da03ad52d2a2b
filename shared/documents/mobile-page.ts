/**
 * The shell of the pages people open on a phone from a link — the reporter's status page and
 * the department's action page: mobile first (one column, 16 px text, controls ≥ 44 px high),
 * plain HTML forms that work without JavaScript, and headers that keep the link's token from
 * leaking (no referrer, no caching, no indexing).
 */
import { html, type SafeHtml, trustedHtml } from './html.ts';

const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#f3f4f6;overflow-wrap:anywhere}
main{max-width:40rem;margin:0 auto;padding:12px}
header.top{background:#0b4f94;color:#fff;padding:12px 16px}
header.top p{margin:0;max-width:40rem;margin:0 auto;font-size:.95rem}
h1{font-size:1.3rem;line-height:1.4;margin:4px 0 8px}
h2{font-size:1.1rem;margin:0 0 8px}
.card{background:#fff;border-radius:8px;padding:14px 16px;margin:0 0 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}
dl.facts dt{color:#555}
dl.facts dd{margin:0}
.status{font-size:1.15rem;font-weight:bold;color:#0b4f94}
ol.steps{list-style:none;margin:0;padding:0}
ol.steps li{position:relative;padding:0 0 12px 22px;border-left:2px solid #c7d2e0;margin-left:6px}
ol.steps li:last-child{border-left-color:transparent;padding-bottom:0}
ol.steps li::before{content:"";position:absolute;left:-7px;top:6px;width:12px;height:12px;border-radius:50%;background:#0b4f94}
ol.steps li.todo::before{background:#fff;border:2px solid #0b4f94}
ol.steps time{display:block;color:#555;font-size:.9rem}
blockquote{margin:0 0 8px;padding:8px 12px;background:#eef4fb;border-left:4px solid #0b4f94;white-space:pre-wrap}
label{display:block;font-weight:bold;margin:12px 0 4px}
input[type=text],input[type=number],input[type=tel],input[type=file],textarea,select{display:block;width:100%;max-width:100%;font:inherit;padding:10px;min-height:44px;border:1px solid #8a8f98;border-radius:6px;background:#fff}
textarea{min-height:96px;resize:vertical}
fieldset{border:0;margin:12px 0 0;padding:0;min-width:0}
legend{font-weight:bold;margin-bottom:4px}
.choice{display:flex;align-items:center;gap:10px;min-height:44px;font-weight:normal;margin:0}
.choice input{width:22px;height:22px;margin:0;flex:none}
button,.button{display:block;width:100%;min-height:48px;margin:16px 0 0;padding:12px 16px;font:inherit;font-weight:bold;color:#fff;background:#0b4f94;border:0;border-radius:6px;text-align:center;text-decoration:none;cursor:pointer}
button.secondary,.button.secondary{background:#fff;color:#0b4f94;border:2px solid #0b4f94}
button.danger{background:#a61b1b}
.muted{color:#555;font-size:.9rem}
.notice{padding:10px 12px;border-radius:6px;background:#e7f5ea;border:1px solid #7cbf8a}
.problem{padding:10px 12px;border-radius:6px;background:#fdecec;border:1px solid #d77}
a{color:#0b4f94}
a.phone{font-size:1.2rem;font-weight:bold;white-space:nowrap}
details summary{min-height:44px;display:flex;align-items:center;font-weight:bold;color:#0b4f94;cursor:pointer}
`;

export interface MobilePageOptions {
  title: string;
  /** The line over the title (the centre's name). */
  banner?: string;
  body: SafeHtml;
}

export function renderMobilePage(opts: MobilePageOptions): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${opts.title}</title>
<style>${trustedHtml(CSS)}</style>
</head>
<body>
${opts.banner ? html`<header class="top"><p>${opts.banner}</p></header>` : null}
<main>
${opts.body}
</main>
</body>
</html>`.value;
}

/** Headers of these pages: the URL carries a credential, so no referrer, no cache, no index, no scripts. */
export const MOBILE_PAGE_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** A refused link or request, in Chinese, with a number to call — never JSON. */
export function renderProblemPage(opts: {
  title: string;
  message: string;
  phone: string;
  centreName?: string;
  /** A way on (e.g. the case-number form). */
  link?: { href: string; label: string };
}): string {
  const tel = opts.phone.replace(/[^\d+]/g, '');
  return renderMobilePage({
    title: opts.title,
    ...(opts.centreName ? { banner: opts.centreName } : {}),
    body: html`<section class="card">
<h1>${opts.title}</h1>
<p class="problem">${opts.message}</p>
<p>${opts.centreName ? html`如需帮助，请致电${opts.centreName}：` : '如需帮助，请致电政务服务便民热线，或受理您反映事项的便民服务中心（电话见告知书）：'}</p>
<p><a class="phone" href="tel:${tel}">${opts.phone}</a></p>
${opts.link ? html`<a class="button secondary" href="${opts.link.href}">${opts.link.label}</a>` : null}
</section>`,
  });
}
