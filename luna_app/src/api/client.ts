/**
 * The LUNA REST client: openapi-fetch calls typed by the generated OpenAPI types (schema.d.ts).
 *
 * Every failure is thrown as an ApiError carrying the HTTP status (0 for a network failure), the
 * API's `detail` text and, on 429, the seconds from `Retry-After`; the views turn it into a
 * translated message with `describeError`. A 401 on an authenticated call runs the registered
 * unauthorized handler (the session clears itself).
 */
import createClient from 'openapi-fetch';
import { API_URL } from '../config';
import type { PatientContext } from './clinicalTypes';
import type { paths } from './schema';
import type {
  AnalysisDetail,
  AnalysisListQuery,
  AnalysisPage,
  ImageSubmission,
  ModelCard,
  SignInResponse,
  SubmittedAnalysis,
  User,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly detail: string | null;
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, detail: string | null, retryAfterSeconds: number | null = null) {
    super(detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

let tokenProvider: () => string | null = () => null;
let unauthorizedHandler: () => void = () => undefined;

/** Tells the client where to read the access token from. */
export function setTokenProvider(provider: () => string | null): void {
  tokenProvider = provider;
}

/** Called when an authenticated request answers 401: the token is no longer valid. */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

function authHeaders(): Record<string, string> {
  const token = tokenProvider();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Extracts `detail` from an error body; FastAPI validation errors carry a list there. */
export function detailFromBody(body: unknown): string | null {
  if (body && typeof body === 'object' && 'detail' in body) {
    const detail = (body as { detail: unknown }).detail;
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail) && detail.length > 0) {
      const first = detail[0] as { msg?: unknown };
      if (typeof first?.msg === 'string') return first.msg;
    }
  }
  return null;
}

/** `Retry-After` as seconds: either a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

// The base URL is read on every call through the fetch wrapper, so tests may change API_URL.
const api = createClient<paths>({ baseUrl: API_URL });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Runs one openapi-fetch call and turns its outcome into the data or an ApiError. */
async function settle<T>(call: Promise<FetchResult<T>>, { auth = true } = {}): Promise<T> {
  let outcome: FetchResult<T>;
  try {
    outcome = await call;
  } catch {
    throw new ApiError(0, null); // fetch rejects only when the network fails
  }
  const { data, error, response } = outcome;
  if (!response.ok) {
    if (response.status === 401 && auth) unauthorizedHandler();
    throw new ApiError(response.status, detailFromBody(error), parseRetryAfter(response.headers.get('Retry-After')));
  }
  return data as T;
}

export function signIn(username: string, password: string): Promise<SignInResponse> {
  return settle(api.POST('/signin', { body: { username, password } }), { auth: false });
}

/** Ends the session on the server; the token stops working. */
export async function logout(): Promise<void> {
  await settle(api.POST('/logout', { headers: authHeaders() }));
}

export function getMe(): Promise<User> {
  return settle(api.GET('/api/me', { headers: authHeaders() }));
}

export function listAnalyses(query: AnalysisListQuery = {}): Promise<AnalysisPage> {
  return settle(
    api.GET('/api/me/getAnalysisList', {
      headers: authHeaders(),
      params: { query: { page: 1, pageSize: 20, ...query } },
    }),
  );
}

export function getAnalysis(id: string): Promise<AnalysisDetail> {
  return settle(
    api.GET('/api/getAnalysis/{analysis_id}', { headers: authHeaders(), params: { path: { analysis_id: id } } }),
  );
}

/** The model card of a model that produced results; a 404 (ApiError) when the API has none. */
export function getModelCard(name: string, version: string): Promise<ModelCard> {
  return settle(
    api.GET('/api/models/{name}/{version}', { headers: authHeaders(), params: { path: { name, version } } }),
  );
}

/**
 * A call the typed helpers above do not cover, with the same errors and 401 handling; the path
 * must be one of the API's (schema.d.ts lists them).
 */
export async function request<T>(method: string, path: string, options: { body?: unknown; auth?: boolean } = {}): Promise<T> {
  const auth = options.auth ?? true;
  const headers: Record<string, string> = { Accept: 'application/json', ...(auth ? authHeaders() : {}) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_URL}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    if (response.status === 401 && auth) unauthorizedHandler();
    throw new ApiError(response.status, detailFromBody(body), parseRetryAfter(response.headers.get('Retry-After')));
  }
  return body as T;
}

/**
 * Submits an image (a data URL) for analysis. Uses XMLHttpRequest because fetch reports no
 * upload progress; `onProgress` receives the uploaded fraction in [0, 1].
 */
export function submitImage(
  image: string,
  description: string | undefined,
  onProgress?: (fraction: number) => void,
  context: PatientContext = {},
): Promise<SubmittedAnalysis> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_URL}/api/imageProcess`);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    if (onProgress) {
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
      xhr.upload.onload = () => onProgress(1);
    }
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as SubmittedAnalysis);
        return;
      }
      if (xhr.status === 401) unauthorizedHandler();
      reject(new ApiError(xhr.status, detailFromBody(body), parseRetryAfter(xhr.getResponseHeader('Retry-After'))));
    };
    const payload: ImageSubmission = { image };
    const trimmed = description?.trim();
    if (trimmed) payload.description = trimmed;
    const reference = context.patientReference?.trim();
    if (reference) payload.patientReference = reference;
    if (context.bodySite) payload.bodySite = context.bodySite;
    xhr.send(JSON.stringify(payload));
  });
}
