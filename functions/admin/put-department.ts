/** PUT /tenants/{tenantId}/departments/{departmentId} — a handling unit (承办单位). */
import { httpHandler } from '../../shared/http/handler.ts';
import { DepartmentParams } from '../../shared/schemas/params.ts';
import { PutDepartmentBody } from '../../shared/schemas/tenant.ts';
import { saveDepartment } from '../../shared/use-cases/admin.ts';

export const handler = httpHandler(
  { route: 'putDepartment', params: DepartmentParams, body: PutDepartmentBody },
  async (req) => {
    const { tenantId, departmentId } = req.params;
    const department = await saveDepartment(req.principal!, tenantId, departmentId, req.body);
    return { status: department.version === 1 ? 201 : 200, body: department };
  },
);
