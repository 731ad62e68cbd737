import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatProbability,
  imageSource,
  localDateString,
  parseApiDate,
  shouldPoll,
  statusLabelKey,
} from './analysisView';
import { translator } from './i18n/messages';

describe('analysis view logic', () => {
  it('formats probabilities as percentages with one decimal', () => {
    expect(formatProbability(0.8342, 'en-GB')).toBe('83.4%');
    expect(formatProbability(0.8342, 'es-CL').replace(/\s/g, '')).toBe('83,4%');
    expect(formatProbability(0, 'en-GB')).toBe('0.0%');
    expect(formatProbability(1, 'en-GB')).toBe('100.0%');
    expect(formatProbability(0.91, 'en-GB', 0)).toBe('91%');
  });

  it('polls only while a request is waiting', () => {
    expect(shouldPoll([])).toBe(false);
    expect(shouldPoll([{ status: 'completed' }, { status: 'failed' }])).toBe(false);
    expect(shouldPoll([{ status: 'completed' }, { status: 'pending' }])).toBe(true);
  });

  it('labels every status in both languages', () => {
    const es = translator('es');
    const en = translator('en');
    expect(es(statusLabelKey('pending'))).toBe('En espera');
    expect(es(statusLabelKey('completed'))).toBe('Completado');
    expect(es(statusLabelKey('failed'))).toBe('Fallido');
    expect(en(statusLabelKey('pending'))).toBe('Waiting');
  });

  it('reads API timestamps without a zone as UTC', () => {
    expect(parseApiDate('2025-03-14T15:09:26').toISOString()).toBe('2025-03-14T15:09:26.000Z');
    expect(parseApiDate('2025-03-14T15:09:26+00:00').toISOString()).toBe('2025-03-14T15:09:26.000Z');
    expect(formatDateTime(null, 'es-CL')).toBe('—');
    expect(formatDateTime('2025-03-14T15:09:26Z', 'en-GB')).toMatch(/14\/03\/2025/);
  });

  it('formats local dates for the date filter', () => {
    expect(localDateString(new Date(2025, 0, 5))).toBe('2025-01-05');
  });

  it('builds image sources from data URLs or bare base64', () => {
    expect(imageSource('data:image/png;base64,AA', null)).toBe('data:image/png;base64,AA');
    expect(imageSource('AA', 'jpeg')).toBe('data:image/jpeg;base64,AA');
    expect(imageSource('AA', 'image/png')).toBe('data:image/png;base64,AA');
    expect(imageSource(null, 'jpeg')).toBeNull();
  });
});
