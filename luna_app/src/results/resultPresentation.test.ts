import { describe, expect, it } from 'vitest';
import { isValidatedModel, presentResult } from './resultPresentation';

const validated = { name: 'luna-efficientnet-b1', version: '2.0.0', validated: true, threshold: 0.31 };
const unvalidated = { ...validated, version: 'unvalidated-random-init', validated: false, threshold: 0.5 };

describe('presentResult', () => {
  it('gives an unvalidated model no band and no threshold side, whatever the number', () => {
    for (const result of [0.01, 0.499, 0.99]) {
      expect(
        presentResult({ status: 'completed', result, isMelanoma: result >= 0.5, model: unvalidated }),
      ).toEqual({ kind: 'unvalidated', score: result });
    }
  });

  it('puts a validated result in a band on its threshold', () => {
    expect(presentResult({ status: 'completed', result: 0.4, isMelanoma: true, model: validated })).toEqual({
      kind: 'band',
      band: 'higher',
      score: 0.4,
      threshold: 0.31,
    });
    expect(presentResult({ status: 'completed', result: 0.2, isMelanoma: null, model: validated })).toMatchObject({
      band: 'lower',
    });
  });

  it('treats a model whose card says it is not validated as unvalidated', () => {
    expect(isValidatedModel(validated, { validated: false })).toBe(false);
    expect(isValidatedModel(validated, null)).toBe(true);
    expect(
      presentResult({ status: 'completed', result: 0.9, isMelanoma: true, model: validated }, { validated: false }),
    ).toEqual({ kind: 'unvalidated', score: 0.9 });
  });

  it('has nothing to present before the result or without a model', () => {
    expect(presentResult({ status: 'pending', result: null, isMelanoma: null, model: null })).toBeNull();
    expect(presentResult({ status: 'completed', result: 0.7, isMelanoma: true, model: null })).toEqual({
      kind: 'unvalidated',
      score: 0.7,
    });
  });
});
