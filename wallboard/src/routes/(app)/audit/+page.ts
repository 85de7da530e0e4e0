import type { StoredAuditEntry } from '@caseload/shared';
import { apiGet } from '$lib/api';
import type { PageLoad } from './$types';

export const ssr = false;

export const load: PageLoad = async ({ fetch, url, data }) => {
  const before = url.searchParams.get('before');
  const q = new URLSearchParams({ limit: '200', ...(before ? { before } : {}) });
  const page = await apiGet<{ entries: StoredAuditEntry[]; next: string | null }>(fetch, `/api/audit?${q}`, url);
  return { ...data, ...page };
};
