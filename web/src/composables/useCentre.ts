/** The signed-in person's centre and its handling units, read once per session and shared. */
import { ref } from 'vue';
import { api, type Schemas, unwrap } from '../api/client.ts';

const centre = ref<Schemas['Tenant']>();
const departments = ref<Schemas['Department'][]>();
let loading: Promise<void> | undefined;

export function useCentre(tenantId: string | undefined) {
  if (tenantId && !loading) {
    loading = Promise.all([
      unwrap(api.GET('/tenants/{tenantId}', { params: { path: { tenantId } } })),
      unwrap(api.GET('/tenants/{tenantId}/departments', { params: { path: { tenantId } } })),
    ])
      .then(([tenant, list]) => {
        centre.value = tenant;
        departments.value = list.items;
      })
      .catch(() => {
        loading = undefined;
      });
  }
  return { centre, departments };
}

/** After sign-out, the next person's centre is read afresh. */
export function forgetCentre(): void {
  centre.value = undefined;
  departments.value = undefined;
  loading = undefined;
}
