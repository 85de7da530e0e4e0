import type { WorkerDetail } from '@caseload/shared';
import { apiGet } from '$lib/api';
import type { PageLoad } from './$types';

export const ssr = false;

export const load: PageLoad = async ({ fetch, params, url, data }) => ({
  ...data,
  worker: await apiGet<WorkerDetail>(fetch, `/api/workers/${encodeURIComponent(params.workerId)}`, url),
});
