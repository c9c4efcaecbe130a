import { UNKNOWN, evaluate } from './expressions';

const context = {
  parameters: { flavour: 'sail', dataplane: 'ambient', weight: 20 },
  steps: new Proxy({}, { get: () => UNKNOWN }),
};

describe('the template expressions', () => {
  it.each([
    ["parameters.flavour == 'sail'", true],
    ["parameters.flavour == 'maistra'", false],
    ["parameters.flavour != 'maistra'", true],
    [
      "parameters.flavour == 'sail' and parameters.dataplane == 'ambient'",
      true,
    ],
    [
      "parameters.flavour == 'sail' and parameters.dataplane == 'sidecar'",
      false,
    ],
    [
      "parameters.flavour == 'maistra' or parameters.dataplane == 'ambient'",
      true,
    ],
    ['100 - parameters.weight', 80],
  ])('%s is %p', (expression, value) => {
    expect(evaluate(expression, context)).toBe(value);
  });

  it('is unknown when a side is', () => {
    expect(evaluate("steps.a.output.b == 'x'", context)).toBe(UNKNOWN);
    expect(
      evaluate("parameters.flavour == 'sail' and steps.a.output.b", context),
    ).toBe(UNKNOWN);
  });
});
