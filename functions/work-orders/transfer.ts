/** POST /cases/{caseId}/transfers — 转办. */
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotencyKey, ifMatchVersion } from '../../shared/http/headers.ts';
import { CaseParams } from '../../shared/schemas/params.ts';
import { TransferBody } from '../../shared/schemas/work-order.ts';
import { transferCase } from '../../shared/use-cases/transfer.ts';

export const handler = httpHandler(
  { route: 'transferCase', params: CaseParams, body: TransferBody },
  async (req) => {
    const key = idempotencyKey(req.headers);
    const ifMatch = ifMatchVersion(req.headers);
    const { workOrder, replayed } = await transferCase(req.principal!, req.params.caseId, req.body, {
      ...(key ? { idempotencyKey: key } : {}),
      ...(ifMatch !== undefined ? { ifMatch } : {}),
    });
    return {
      status: 201,
      body: workOrder,
      headers: {
        location: `/work-orders/${workOrder.id}`,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      },
    };
  },
);
