/** Pure logic behind the requests and detail views: dates, percentages, status labels, polling. */
import type { AnalysisStatus, AnalysisSummary } from './api/types';
import type { MessageKey } from './i18n/messages';

/** Parses an API timestamp; one without a zone is taken as UTC, which is what the API stores. */
export function parseApiDate(value: string): Date {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  return new Date(hasZone || !value.includes('T') ? value : `${value}Z`);
}

export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const date = parseApiDate(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23', // clinical records use the 24-hour clock
  }).format(date);
}

/** A probability in [0, 1] as a percentage with one decimal, in the user's locale. */
export function formatProbability(probability: number, locale: string, decimals = 1): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(probability);
}

const STATUS_KEYS: Record<AnalysisStatus, MessageKey> = {
  pending: 'status.pending',
  completed: 'status.completed',
  failed: 'status.failed',
};

export function statusLabelKey(status: AnalysisStatus): MessageKey {
  return STATUS_KEYS[status] ?? 'status.pending';
}

export const STATUS_COLORS: Record<AnalysisStatus, string> = {
  pending: 'warning',
  completed: 'success',
  failed: 'danger',
};

/** The requests view refreshes itself while any request is still waiting for its result. */
export function shouldPoll(items: readonly Pick<AnalysisSummary, 'status'>[]): boolean {
  return items.some((item) => item.status === 'pending');
}

/** A date as YYYY-MM-DD in the device's time zone (the format of the list's date filter). */
export function localDateString(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The `src` for an analysed image: the API sends a data URL, or bare base64 with its type. */
export function imageSource(image: string | null | undefined, imageType: string | null | undefined): string | null {
  if (!image) return null;
  if (image.startsWith('data:')) return image;
  const mime = imageType?.includes('/') ? imageType : `image/${imageType || 'jpeg'}`;
  return `data:${mime};base64,${image}`;
}
