import { splitDrift, toPercentages, validateWeights } from './weights';

describe('validateWeights', () => {
  it('accepts whole numbers from 0 to 100 that sum to 100', () => {
    expect(validateWeights({ v1: 80, v2: 20 })).toEqual({
      valid: true,
      weights: { v1: 80, v2: 20 },
    });
    expect(validateWeights({ v1: 100, v2: 0 })).toMatchObject({ valid: true });
  });

  it('names the field of a weight that is not a whole number from 0 to 100', () => {
    expect(validateWeights({ v1: 79.5, v2: 20.5 })).toEqual({
      valid: false,
      errors: [
        {
          field: 'weights.v1',
          message: 'must be a whole number from 0 to 100, got 79.5',
        },
        {
          field: 'weights.v2',
          message: 'must be a whole number from 0 to 100, got 20.5',
        },
      ],
    });
    expect(validateWeights({ v1: '80', v2: 20 })).toMatchObject({
      valid: false,
      errors: [{ field: 'weights.v1' }],
    });
    expect(validateWeights({ v1: 120, v2: -20 })).toMatchObject({
      valid: false,
      errors: [{ field: 'weights.v1' }, { field: 'weights.v2' }],
    });
  });

  it('rejects weights that do not sum to 100', () => {
    expect(validateWeights({ v1: 50, v2: 40 })).toEqual({
      valid: false,
      errors: [{ field: 'weights', message: 'must sum to 100, got 90' }],
    });
  });

  it('rejects anything but a non-empty object, naming the field given', () => {
    expect(validateWeights([], 'input.weights')).toMatchObject({
      valid: false,
      errors: [{ field: 'input.weights' }],
    });
    expect(validateWeights({})).toMatchObject({
      valid: false,
      errors: [{ message: 'must name at least one subset' }],
    });
    expect(validateWeights(null)).toMatchObject({ valid: false });
  });
});

describe('toPercentages', () => {
  it('turns rates into whole percentages that sum to 100', () => {
    expect(toPercentages({ v1: 39.89, v2: 10.11 })).toEqual({ v1: 80, v2: 20 });
    const thirds = toPercentages({ a: 1, b: 1, c: 1 });
    expect(Object.values(thirds).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('is empty when nothing flows', () => {
    expect(toPercentages({ v1: 0, v2: 0 })).toEqual({});
  });
});

describe('splitDrift', () => {
  it('gives the points between configured and observed shares per version', () => {
    expect(splitDrift({ v1: 80, v2: 20 }, { v1: 60, v2: 40 })).toEqual({
      v1: 20,
      v2: 20,
    });
    expect(splitDrift({ v1: 100 }, { v1: 70, v2: 30 })).toEqual({
      v1: 30,
      v2: 30,
    });
  });

  it('is empty without observations', () => {
    expect(splitDrift({ v1: 80, v2: 20 }, undefined)).toEqual({});
  });
});
