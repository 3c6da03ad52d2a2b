/**
 * PUT /tenants/{tenantId} — create or update a centre; and PUT /regions/{regionCode}/contacts —
 * a region's supervision contacts. One function for both "who is told" settings (the centre's
 * director is on its profile), which keeps the stateless stack under CloudFormation's 500 resources.
 */
import type { Context } from 'aws-lambda';
import { type HttpEvent, httpHandler } from '../../shared/http/handler.ts';
import { RegionParams, TenantParams } from '../../shared/schemas/params.ts';
import { PutRegionContactsBody, PutTenantBody } from '../../shared/schemas/tenant.ts';
import { saveTenant } from '../../shared/use-cases/admin.ts';
import { saveRegionContacts } from '../../shared/use-cases/region-contacts.ts';

const putTenant = httpHandler(
  { route: 'putTenant', params: TenantParams, body: PutTenantBody },
  async (req) => {
    const tenant = await saveTenant(req.params.tenantId, req.body);
    return { status: tenant.version === 1 ? 201 : 200, body: tenant };
  },
);

const putRegionContacts = httpHandler(
  { route: 'putRegionContacts', params: RegionParams, body: PutRegionContactsBody },
  async (req) => ({
    status: 200,
    body: await saveRegionContacts(req.principal!, req.params.regionCode, req.body),
  }),
);

export const handler = (event: HttpEvent, context: Context) =>
  event.routeKey === 'PUT /regions/{regionCode}/contacts'
    ? putRegionContacts(event, context)
    : putTenant(event, context);
