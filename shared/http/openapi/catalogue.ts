/** OpenAPI operations of the `catalogue` routes. */
import * as z from 'zod/mini';
import { CountyParams, MatterParams, PutMatterBody } from '../../schemas/catalogue.ts';
import { CaseParams } from '../../schemas/params.ts';
import { CatalogueMatter, TransferSuggestion } from '../../schemas/responses/catalogue.ts';
import type { catalogueRoutes } from '../routes/catalogue.ts';
import { jsonBody, type Operation } from './common.ts';

export const catalogueOperations: Record<(typeof catalogueRoutes)[number]['id'], Operation> = {
  putCatalogueMatter: {
    requestParams: { path: MatterParams },
    requestBody: jsonBody(PutMatterBody),
    ok: { status: '200', schema: CatalogueMatter, description: '已保存' },
  },
  listCatalogueMatters: {
    requestParams: { path: CountyParams },
    ok: { status: '200', schema: z.object({ items: z.array(CatalogueMatter) }), description: '事项库' },
  },
  transferSuggestion: {
    requestParams: { path: CaseParams },
    ok: { status: '200', schema: TransferSuggestion, description: '建议的承办单位' },
  },
};
