import { describe, expect, it } from 'vitest';
import { regionLevel, regionName, regionsUnder } from '../../shared/domain/divisions.ts';
import { townName, townsUnder } from '../../shared/domain/towns.ts';

describe('the Sichuan division table', () => {
  it('names the province, a city and a county as people say them', () => {
    expect(regionName('51')).toBe('四川省');
    expect(regionName('5101')).toBe('成都市');
    expect(regionName('510104')).toBe('锦江区');
    expect(regionName('513401')).toBe('西昌市');
  });

  it('holds the 21 cities, 183 counties and 3,111 townships and streets of the 2023 codes', () => {
    expect(regionsUnder('51')).toHaveLength(21);
    const counties = regionsUnder('51').flatMap((city) => regionsUnder(city.code));
    expect(counties).toHaveLength(183);
    expect(townsUnder('51')).toHaveLength(3111);
  });

  it('lists the streets of 锦江区 with the demo centre 春熙路街道 among them', () => {
    const streets = townsUnder('510104');
    expect(streets.length).toBeGreaterThan(5);
    expect(streets.every((t) => t.code.startsWith('510104') && t.code.length === 9)).toBe(true);
    expect(townName('510104022')).toBe('春熙路街道');
  });

  it('knows no name for a code outside the table, and the level of a code by its length', () => {
    expect(regionName('5199')).toBeUndefined();
    expect(townName('510104999')).toBeUndefined();
    expect(regionLevel('51')).toBe('province');
    expect(regionLevel('5101')).toBe('city');
    expect(regionLevel('510104')).toBe('county');
    expect(regionLevel('510104022')).toBe('township');
    expect(regionLevel('51x')).toBeUndefined();
  });
});
