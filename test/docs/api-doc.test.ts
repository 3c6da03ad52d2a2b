/**
 * docs/api.md stays in step with what the service serves: every route of the route table
 * (shared/http/routes/*.ts) has its row in the doc, every row names a route that the route
 * table declares and GET /openapi.json (fetched from the local front) lists, and each row's
 * roles and success status are the served ones. A failure says which row to add, fix or remove.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Route, routes } from '../../shared/http/routes.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const DOC = 'docs/api.md';

/** A documented route: one table row `` | `METHOD /path` | roles | success | what | ``. */
interface DocRow {
  line: number;
  key: string;
  roles: string[];
  success: string | undefined;
}

const ROW = /^\|\s*`(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/[^`\s]*)`\s*\|/;

function documentedRoutes(markdown: string): DocRow[] {
  const rows: DocRow[] = [];
  markdown.split('\n').forEach((text, i) => {
    const m = ROW.exec(text);
    if (!m) return;
    const cells = text.split('|').map((c) => c.trim());
    rows.push({
      line: i + 1,
      key: `${m[1]} ${m[2]}`,
      roles: (cells[2] ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
        .sort(),
      success: /\d{3}/.exec(cells[3] ?? '')?.[0],
    });
  });
  return rows;
}

const keyOf = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;
const rolesOf = (r: Route) => (r.roles === 'public' ? ['public'] : [...r.roles].sort());

/** The row to paste for a route, with the served success status. */
function rowFor(route: Route, success: string) {
  return `| \`${keyOf(route)}\` | ${rolesOf(route).join(', ')} | ${success} | ${route.summary} |`;
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is read as plain JSON
type OpenApi = { paths: Record<string, Record<string, any>> };

function servedRoutes(doc: OpenApi): Map<string, string> {
  const served = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const ok = Object.keys(op.responses ?? {}).find((s) => /^[23]\d\d$/.test(s));
      served.set(`${method.toUpperCase()} ${path}`, ok ?? '?');
    }
  }
  return served;
}

let stack: TestStack;
let rows: DocRow[];
let served: Map<string, string>;

beforeAll(async () => {
  rows = documentedRoutes(readFileSync(DOC, 'utf8'));
  stack = await startTestStack();
  const res = await stack.call('GET', '/openapi.json');
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  served = servedRoutes(res.body as OpenApi);
});
afterAll(() => stack.close());

describe('docs/api.md and the served API', () => {
  it('documents every route of the route table, each once', () => {
    // Prepare
    const documented = new Set(rows.map((r) => r.key));

    // Act
    const missing = routes
      .filter((r) => !documented.has(keyOf(r)))
      .map(
        (r) =>
          `${keyOf(r)} (${r.entry}) is not documented: add this row to the table under "### ${r.tag}" in ${DOC} ` +
          `(add that heading with a table if it is missing):\n  ${rowFor(r, served.get(keyOf(r)) ?? '200')}`,
      );
    const twice = rows
      .filter((r, i) => rows.findIndex((o) => o.key === r.key) !== i)
      .map((r) => `${DOC}:${r.line} documents ${r.key} a second time: remove one row`);

    // Assert
    expect([...missing, ...twice]).toEqual([]);
  });

  it('documents only routes the route table declares and GET /openapi.json serves', () => {
    // Prepare
    const declared = new Set(routes.map(keyOf));

    // Act
    const stale = rows
      .filter((r) => !declared.has(r.key) || !served.has(r.key))
      .map(
        (r) =>
          `${DOC}:${r.line} documents ${r.key}, which ${declared.has(r.key) ? '' : 'the route table (shared/http/routes/*.ts) does not declare and '}` +
          `GET /openapi.json ${served.has(r.key) ? 'serves' : 'does not serve'}: remove the row or add the route`,
      );

    // Assert
    expect(rows.length).toBeGreaterThan(0);
    expect(stale).toEqual([]);
  });

  it('gives each documented route the roles of the route table and the success status of GET /openapi.json', () => {
    // Prepare
    const byKey = new Map(routes.map((r): [string, Route] => [keyOf(r), r]));

    // Act
    const wrong = rows.flatMap((row) => {
      const route = byKey.get(row.key);
      const success = served.get(row.key);
      if (!route || !success) return [];
      const roles = rolesOf(route).join(', ');
      if (row.roles.join(', ') === roles && row.success === success) return [];
      return [
        `${DOC}:${row.line} ${row.key}: the roles cell should list "${roles}" (it lists "${row.roles.join(', ')}") ` +
          `and the success cell should be ${success} (it is ${row.success ?? 'empty'})`,
      ];
    });

    // Assert
    expect(wrong).toEqual([]);
  });

  it('serves in GET /openapi.json exactly the routes of the route table', () => {
    // Prepare
    const declared = new Set(routes.map(keyOf));

    // Act
    const notServed = [...declared].filter((k) => !served.has(k));
    const notDeclared = [...served.keys()].filter((k) => !declared.has(k));

    // Assert
    expect({ notServed, notDeclared }).toEqual({ notServed: [], notDeclared: [] });
  });
});
