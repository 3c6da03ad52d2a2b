/**
 * What the API returns from the joint handling catalogue (事项库). No handler builds or checks these
 * at run time: they are the OpenAPI document's components and, through `z.infer`, the types the
 * code uses (re-exported by ../catalogue.ts). They live apart from the request schemas so that no
 * Lambda bundle constructs them at import (issue 16, cold start).
 */
import * as z from 'zod/mini';
import { PutMatterBody } from '../catalogue.ts';
import { IsoDateTime, meta } from '../common.ts';

export const CatalogueMatter = meta(
  z.extend(PutMatterBody, {
    countyCode: z.string(),
    matterId: z.string(),
    updatedAt: IsoDateTime,
  }),
  { id: 'CatalogueMatter' },
);

export const TransferSuggestion = meta(
  z.object({
    suggestions: z.array(
      z.extend(CatalogueMatter, {
        /** The centre has this handling unit set up, so the transfer can go there directly. */
        departmentAvailable: z.boolean(),
      }),
    ),
  }),
  { id: 'TransferSuggestion', description: '按联合办理事项库建议的承办单位（仅建议，不强制）' },
);
