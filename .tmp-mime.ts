import { composeMime } from './shared/adapters/mailer.ts';
const b = await composeMime({ to: '锦江区社会保险事业管理局 <shebao@jinjiang.example.gov.cn>', subject: '【转办】BC-2026-000123 社保卡补办一直办不下来，窗口说要等很久很久很久很久很久很久很久', html: '<html><body><p>你好 ' + 'x'.repeat(100) + '</p></body></html>', text: '你好\nline2 a=b\n', headers: { 'X-Bancheng-Work-Order': 'wo-1' } }, '四川省“办不成事”反映窗口 <noreply@bancheng.example.gov.cn>', { date: new Date('2026-10-09T02:20:00Z'), messageId: '<abc@bancheng.example.gov.cn>' });
process.stdout.write(b.toString());
