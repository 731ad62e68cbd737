import { describe, expect, it } from 'vitest';
import { fitWithin } from './downscale';

describe('fitWithin', () => {
  it('keeps images that already fit', () => {
    expect(fitWithin({ width: 1200, height: 900 }, 1600)).toEqual({ width: 1200, height: 900 });
    expect(fitWithin({ width: 1600, height: 1600 }, 1600)).toEqual({ width: 1600, height: 1600 });
  });

  it('scales the longest side down to the limit, keeping the aspect ratio', () => {
    expect(fitWithin({ width: 4032, height: 3024 }, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin({ width: 3024, height: 4032 }, 1600)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin({ width: 5000, height: 1000 }, 1600)).toEqual({ width: 1600, height: 320 });
  });

  it('never produces a zero-sized side', () => {
    expect(fitWithin({ width: 100000, height: 10 }, 1600)).toEqual({ width: 1600, height: 1 });
  });

  it('uses 1600 px by default and refuses empty images', () => {
    expect(fitWithin({ width: 3200, height: 2400 })).toEqual({ width: 1600, height: 1200 });
    expect(() => fitWithin({ width: 0, height: 10 })).toThrow();
  });
});
