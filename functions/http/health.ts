/** GET /health — ok only when the database answers; 503 with Retry-After when it does not. */
import { pingTable } from '../../shared/adapters/dynamo.ts';
import { ServiceUnavailableError } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler({ route: 'health' }, async () => {
  try {
    await pingTable();
  } catch (cause) {
    throw new ServiceUnavailableError('数据库暂时不可用，请稍后重试', { cause });
  }
  return { status: 200, body: { status: 'ok', database: 'ok' } };
});
