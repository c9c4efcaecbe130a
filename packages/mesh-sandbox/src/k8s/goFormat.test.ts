import { goLabelSelector, goStringMap } from './goFormat';
import { selectorString } from './scale';

describe('values as the API server prints them', () => {
  it('prints maps as Go does, keys sorted', () => {
    expect(goStringMap({ version: 'v1', app: 'carts' })).toBe(
      'map[string]string{"app":"carts", "version":"v1"}',
    );
    expect(goStringMap(undefined)).toBe('map[string]string(nil)');
  });

  it('prints label selectors as Go does', () => {
    expect(goLabelSelector({ matchLabels: { app: 'carts' } })).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"carts"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
    expect(
      goLabelSelector({
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }],
      }),
    ).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string{"db"}}}}',
    );
  });

  it('writes the selector string of a Scale', () => {
    expect(
      selectorString({
        matchLabels: { name: 'carts', app: 'carts' },
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['web', 'db'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=carts,name=carts,tier notin (web,db),!canary');
  });
});
