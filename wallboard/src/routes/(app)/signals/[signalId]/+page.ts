import type { Evidence, SignalRecord, SignalStatusRecord } from '@caseload/shared';
import { apiGet } from '$lib/api';
import type { PageLoad } from './$types';

export const ssr = false;

export type SignalDetail = SignalRecord & { evidence: Evidence[]; statusRecord?: SignalStatusRecord };

export const load: PageLoad = async ({ fetch, params, url, data }) => {
  const reason = url.searchParams.get('reason');
  const q = reason ? `?reason=${encodeURIComponent(reason)}` : '';
  const signal = await apiGet<SignalDetail>(fetch, `/api/signals/${encodeURIComponent(params.signalId)}${q}`, url);
  return { ...data, signal };
};
