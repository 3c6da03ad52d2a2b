/** GET /cases/{caseId}/transfer-suggestion — the catalogue's suggestion (never forced). */
import { httpHandler } from '../../shared/http/handler.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { suggestDepartments } from '../../shared/use-cases/catalogue.ts';

export const handler = httpHandler({ route: 'transferSuggestion', params: CaseParams }, async (req) => ({
  status: 200,
  body: await suggestDepartments(req.principal!, req.params.caseId),
}));
