/** OpenAPI operations of the `documents` routes. */
import { CaseParams, MeetingParams, WorkOrderParams } from '../../schemas/params.ts';
import type { documentRoutes } from '../routes/documents.ts';
import type { Operation } from './common.ts';

const page = (description: string) => ({ status: '200', contentType: 'text/html', description });

export const documentOperations: Record<(typeof documentRoutes)[number]['id'], Operation> = {
  intakeForm: { requestParams: { path: CaseParams }, ok: page('受理单，A4 一页，可直接打印') },
  transferForm: { requestParams: { path: WorkOrderParams }, ok: page('转办单，A4 一页，可直接打印') },
  noticeForm: { requestParams: { path: CaseParams }, ok: page('一次性告知书，A4 一页，可直接打印') },
  meetingMinutes: {
    requestParams: { path: MeetingParams },
    ok: page('专班会议纪要，A4，可直接打印（长纪要续页）'),
  },
};
