/** Build-time settings. The API address comes from VITE_LUNA_API_URL when the app is built. */

const DEFAULT_API_URL = 'http://127.0.0.1:8090';

export const API_URL: string = (import.meta.env.VITE_LUNA_API_URL || DEFAULT_API_URL).replace(/\/+$/, '');

/** How often the requests and detail views refresh while an analysis is waiting. */
export const POLL_INTERVAL_MS = 3000;

/** Longest side, in pixels, of a photo sent for analysis. */
export const MAX_UPLOAD_SIDE = 1600;

export const UPLOAD_JPEG_QUALITY = 0.9;

/** Requests shown per page of the requests view. */
export const REQUESTS_PAGE_SIZE = 20;

/**
 * The next step each risk band suggests, set by the service at build time
 * (VITE_LUNA_NEXT_STEP_HIGHER / VITE_LUNA_NEXT_STEP_LOWER); without them the app's own wording.
 */
export const NEXT_STEPS: { higher: string | null; lower: string | null } = {
  higher: import.meta.env.VITE_LUNA_NEXT_STEP_HIGHER?.trim() || null,
  lower: import.meta.env.VITE_LUNA_NEXT_STEP_LOWER?.trim() || null,
};
