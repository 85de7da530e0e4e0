import type { PoolRecord } from '@caseload/shared';
import { apiGet } from '$lib/api';
import type { PageLoad } from './$types';

export const ssr = false;

export const load: PageLoad = async ({ fetch, url, data }) => ({
  ...data,
  pool: await apiGet<PoolRecord>(fetch, `/api/pool/${encodeURIComponent(data.unitId)}`, url),
});
