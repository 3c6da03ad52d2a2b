import { build } from 'esbuild';
const [entry, target] = [process.argv[2]!, process.argv[3]!];
const r = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', metafile: true, write: false, outfile: '/tmp/x.mjs', mainFields: ['module','main'], logLevel: 'silent' });
const importers = new Map<string, string[]>();
for (const [p, v] of Object.entries(r.metafile.inputs)) for (const i of v.imports) { if (!importers.has(i.path)) importers.set(i.path, []); importers.get(i.path)!.push(p); }
// BFS from target back to entry
const start = Object.keys(r.metafile.inputs).find((p) => p.includes(target))!;
const prev = new Map<string, string>(); const q = [start]; const seen = new Set([start]);
while (q.length) { const n = q.shift()!; if (n === entry || n.endsWith(entry)) break; for (const m of importers.get(n) ?? []) if (!seen.has(m)) { seen.add(m); prev.set(m, n); q.push(m); } }
const e = [...seen].find((p) => p.endsWith(entry.replace(/^\.\//,'')));
let cur = e; const chain = []; while (cur) { chain.push(cur); cur = prev.get(cur); }
console.log(chain.join('\n  → '));
