import { describe, expect, it } from 'vitest';
import { ApiError, detailFromBody, parseRetryAfter } from '../api/client';
import { describeError, describeSignInError } from './errorMessages';
import { translator } from './messages';

const t = translator('es');

describe('error messages', () => {
  it('maps statuses to messages', () => {
    expect(describeError(new ApiError(0, null), t)).toMatch(/conectar/);
    expect(describeError(new ApiError(413, 'too big'), t)).toBe('La imagen es demasiado grande.');
    expect(describeError(new ApiError(415, 'x'), t)).toMatch(/JPEG o PNG/);
    expect(describeError(new ApiError(422, 'image is empty'), t)).toMatch(/image is empty/);
    expect(describeError(new ApiError(503, 'broker down'), t)).toMatch(/no está disponible/);
    expect(describeError(new ApiError(429, null), t)).toMatch(/Demasiados intentos/);
  });

  it('says how long to wait when the server sends Retry-After', () => {
    expect(describeError(new ApiError(429, 'slow down', 900), t, 'es-CL')).toBe(
      'Demasiados intentos. Espere 15 minutos y vuelva a intentar.',
    );
    expect(describeError(new ApiError(429, 'slow down', 30), translator('en'), 'en-GB')).toBe(
      'Too many attempts. Wait 30 seconds and try again.',
    );
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('reports wrong credentials on sign-in', () => {
    expect(describeSignInError(new ApiError(401, 'Incorrect username or password'), t)).toBe(
      'Usuario o contraseña incorrectos.',
    );
  });

  it('reads string and validation-list details', () => {
    expect(detailFromBody({ detail: 'nope' })).toBe('nope');
    expect(detailFromBody({ detail: [{ msg: 'field required' }] })).toBe('field required');
    expect(detailFromBody(null)).toBeNull();
  });
});
