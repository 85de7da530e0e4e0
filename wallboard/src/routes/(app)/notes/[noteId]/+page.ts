import type { StoredFinding } from '@caseload/shared';
import { apiGet } from '$lib/api';
import type { PageLoad } from './$types';

export const ssr = false;

export type NoteFinding = StoredFinding & { quote: string; localStart: number; localEnd: number };

export interface NoteDetail {
  noteId: string;
  caseId: string;
  workerId: string;
  unitId: string;
  time: string;
  contactTime?: string;
  status: 'current' | 'amended' | 'retracted';
  paragraphs: { index: number; text: string; findings: NoteFinding[] }[];
}

export const load: PageLoad = async ({ fetch, params, url, data }) => {
  const via = url.searchParams.get('via');
  const reason = url.searchParams.get('reason');
  const paragraph = Number(url.searchParams.get('paragraph'));
  const q = new URLSearchParams();
  if (via) q.set('via', via);
  if (reason) q.set('reason', reason);
  // Operations must give a reason first; the page asks for it instead of calling the API without one.
  if (data.breakGlass && !reason) return { ...data, note: null, via, paragraph: null };
  const note = await apiGet<NoteDetail>(fetch, `/api/notes/${encodeURIComponent(params.noteId)}?${q}`, url);
  return { ...data, note, via, paragraph: Number.isInteger(paragraph) && paragraph >= 0 ? paragraph : null };
};
