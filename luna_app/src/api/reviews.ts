/** The clinical loop's calls: the dermatologists' worklist, a review, and the GP's request for one. */
import { request } from './client';
import type { ReviewSubmission, ReviewView } from './clinicalTypes';
import type { AnalysisPage } from './types';

export interface ModelCard {
  name: string;
  version: string;
  validated: boolean;
  validationReason?: string;
  intendedUse?: string;
  knownLimits?: string[];
}

export function listWorklist(status: 'pending' | 'done' = 'pending', page = 1, pageSize = 50): Promise<AnalysisPage> {
  const params = new URLSearchParams({ status, page: String(page), pageSize: String(pageSize) });
  return request<AnalysisPage>('GET', `/api/reviews?${params.toString()}`);
}

export function submitReview(id: string, review: ReviewSubmission): Promise<ReviewView> {
  return request<ReviewView>('POST', `/api/getAnalysis/${encodeURIComponent(id)}/review`, { body: review });
}

export function requestReview(id: string, question?: string): Promise<ReviewView> {
  const trimmed = question?.trim();
  return request<ReviewView>('POST', `/api/getAnalysis/${encodeURIComponent(id)}/review-request`, {
    body: trimmed ? { question: trimmed } : {},
  });
}

/** The model card, or null when the API has none for this model (or does not serve cards). */
export async function getModelCard(name: string, version: string): Promise<ModelCard | null> {
  try {
    return await request<ModelCard>(
      'GET',
      `/api/models/${encodeURIComponent(name)}/${encodeURIComponent(version)}`,
    );
  } catch {
    return null;
  }
}
