/**
 * Typed client of the LUNA REST API.
 *
 * Every failure is thrown as an ApiError carrying the HTTP status (0 for a network failure) and the
 * API's `detail` text; the views turn it into a translated message with `errorMessageKey`.
 * A 401 on an authenticated call runs the registered unauthorized handler (the session clears itself).
 */
import { API_URL } from '../config';
import type { PatientContext } from './clinicalTypes';
import type {
  AnalysisDetail,
  AnalysisListQuery,
  AnalysisPage,
  SignInResponse,
  SubmittedAnalysis,
  User,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly detail: string | null;

  constructor(status: number, detail: string | null) {
    super(detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
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

function url(path: string): string {
  return `${API_URL}${path}`;
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

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function request<T>(method: string, path: string, options: { body?: unknown; auth?: boolean } = {}): Promise<T> {
  const auth = options.auth ?? true;
  const headers: Record<string, string> = { Accept: 'application/json', ...(auth ? authHeaders() : {}) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url(path), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const body = await readJson(response);
  if (!response.ok) {
    if (response.status === 401 && auth) unauthorizedHandler();
    throw new ApiError(response.status, detailFromBody(body));
  }
  return body as T;
}

export function signIn(username: string, password: string): Promise<SignInResponse> {
  return request<SignInResponse>('POST', '/signin', { body: { username, password }, auth: false });
}

/** Ends the session on the server; the token stops working. */
export async function logout(): Promise<void> {
  await request<unknown>('POST', '/logout');
}

export function getMe(): Promise<User> {
  return request<User>('GET', '/api/me');
}

export function listAnalyses(query: AnalysisListQuery = {}): Promise<AnalysisPage> {
  const params = new URLSearchParams();
  if (query.dateFrom) params.set('dateFrom', query.dateFrom);
  if (query.dateTo) params.set('dateTo', query.dateTo);
  if (query.patientReference) params.set('patientReference', query.patientReference);
  params.set('page', String(query.page ?? 1));
  params.set('pageSize', String(query.pageSize ?? 20));
  return request<AnalysisPage>('GET', `/api/me/getAnalysisList?${params.toString()}`);
}

export function getAnalysis(id: string): Promise<AnalysisDetail> {
  return request<AnalysisDetail>('GET', `/api/getAnalysis/${encodeURIComponent(id)}`);
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
    xhr.open('POST', url('/api/imageProcess'));
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
      reject(new ApiError(xhr.status, detailFromBody(body)));
    };
    const payload: { image: string; description?: string } & PatientContext = { image };
    const trimmed = description?.trim();
    if (trimmed) payload.description = trimmed;
    const reference = context.patientReference?.trim();
    if (reference) payload.patientReference = reference;
    if (context.bodySite) payload.bodySite = context.bodySite;
    xhr.send(JSON.stringify(payload));
  });
}
