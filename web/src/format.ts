/** Times as the centre reads them: always Asia/Shanghai, whatever the browser's zone. */
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function parts(format: Intl.DateTimeFormat, iso: string): Record<string, string> {
  return Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** `2026-10-09 17:30` */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const p = parts(dateTime, iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-10-09`, the Asia/Shanghai calendar day of an instant. */
export function shanghaiDay(iso: string): string {
  const p = parts(dateOnly, iso);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Working days left as a clerk says it; the number itself comes from the server's calendar. */
export function remainingText(days: number | undefined, overdue: boolean): string {
  if (days === undefined) return '';
  if (overdue || days < 0) return days < 0 ? `已超期 ${-days} 个工作日` : '已超期';
  return days === 0 ? '今日到期' : `剩余 ${days} 个工作日`;
}
