import { build } from 'esbuild';
const [entry, target] = [process.argv[2]!, process.argv[3]!];
const r = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', metafile: true, write: false, outfile: '/tmp/x.mjs', mainFields: ['module', 'main'], logLevel: 'silent' });
const inputs = r.metafile.inputs;
const parents = new Map<string, string[]>();
for (const [p, v] of Object.entries(inputs)) for (const i of v.imports) if (i.path) { const a = parents.get(i.path) ?? []; a.push(p); parents.set(i.path, a); }
// BFS from entry to first file matching target
const start = Object.keys(inputs).find((p) => p.endsWith(entry.replace(/^\.\//, '')))!;
const prev = new Map<string, string>(); const q = [start]; const seen = new Set(q);
while (q.length) { const c = q.shift()!; if (c.includes(target)) { const chain = [c]; let x = c; while (prev.has(x)) { x = prev.get(x)!; chain.unshift(x); } console.log(chain.join('\n  -> ')); break; }
  for (const i of inputs[c]?.imports ?? []) if (i.path && !seen.has(i.path) && inputs[i.path]) { seen.add(i.path); prev.set(i.path, c); q.push(i.path); } }
