/** Routes of the `catalogue` area: the county–township joint handling catalogue. */
import { CASE_READERS, type Route, STAFF_PLUS } from '../route-types.ts';

export const catalogueRoutes = [
  {
    id: 'putCatalogueMatter',
    method: 'PUT',
    path: '/catalogue/{countyCode}/matters/{matterId}',
    entry: 'functions/catalogue/put-matter.ts',
    roles: ['admin'],
    table: 'readWrite',
    summary: '维护县乡两级联合办理事项（事项 → 县级承办单位）',
    tag: 'catalogue',
  },
  {
    id: 'listCatalogueMatters',
    method: 'GET',
    path: '/catalogue/{countyCode}/matters',
    entry: 'functions/catalogue/list-matters.ts',
    roles: [...CASE_READERS, 'admin'],
    table: 'read',
    summary: '县乡两级联合办理事项库',
    tag: 'catalogue',
  },
  {
    id: 'transferSuggestion',
    method: 'GET',
    path: '/cases/{caseId}/transfer-suggestion',
    entry: 'functions/catalogue/suggestion.ts',
    roles: STAFF_PLUS,
    table: 'read',
    summary: '按事项库建议承办单位（仅建议）',
    tag: 'catalogue',
  },
] as const satisfies readonly Route[];
