import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTE_ACCESS_FILE, routeAccessSource } from '../../scripts/lib/route-access.ts';
import { ROUTE_ACCESS } from '../../shared/http/route-access.ts';
import { routes } from '../../shared/http/routes.ts';

describe("the route table's run-time slice", () => {
  it('is generated from the route table (run `npm run gen:api` when this fails)', () => {
    expect(readFileSync(ROUTE_ACCESS_FILE, 'utf8')).toBe(routeAccessSource());
  });

  it('gives every route of the table its roles and route key, and no other route', () => {
    // Act
    const slice = Object.fromEntries(
      routes.map((r) => [r.id, { key: `${r.method} ${r.path}`, roles: r.roles }]),
    );

    // Assert
    expect(ROUTE_ACCESS).toEqual(slice);
  });
});
