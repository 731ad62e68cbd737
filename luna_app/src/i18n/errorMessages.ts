import { ApiError } from '../api/client';
import type { Translate } from './messages';

/** A wait in seconds as words in the user's language ("30 segundos", "15 minutos"). */
export function formatWait(seconds: number, locale: string): string {
  const [value, unit] = seconds >= 90 ? [Math.ceil(seconds / 60), 'minute'] : [Math.max(1, Math.ceil(seconds)), 'second'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** Turns any error thrown by the API client into a message for the user. */
export function describeError(error: unknown, t: Translate, locale = 'es-CL'): string {
  if (!(error instanceof ApiError)) {
    return t('error.generic', { detail: error instanceof Error ? error.message : String(error) });
  }
  const detail = error.detail ?? `HTTP ${error.status}`;
  switch (error.status) {
    case 0:
      return t('error.network');
    case 401:
      return t('error.sessionExpired');
    case 404:
      return t('error.notFound');
    case 413:
      return t('error.tooLarge');
    case 415:
      return t('error.unsupported');
    case 400:
    case 422:
      return t('error.invalid', { detail });
    case 429:
      return error.retryAfterSeconds === null
        ? t('error.tooManyRequests')
        : t('error.tooManyRequestsWait', { wait: formatWait(error.retryAfterSeconds, locale) });
    case 503:
      return t('error.unavailable');
    default:
      return t('error.generic', { detail });
  }
}

/** The login view's message: a 401 there means wrong credentials, not an expired session. */
export function describeSignInError(error: unknown, t: Translate, locale?: string): string {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return t('login.wrongCredentials');
  }
  return describeError(error, t, locale);
}
