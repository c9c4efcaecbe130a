import {
  applyConflictsOf,
  applyKeepingOthersFields,
  describeApplyConflicts,
} from './applyConflicts';

// The Status body kube-apiserver 1.36 answers a conflicting server-side apply with.
const refused = {
  code: 409,
  body: JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message:
      'Apply failed with 2 conflicts: conflict with "kubectl-edit" using networking.istio.io/v1beta1: .spec.http; conflict with "argocd-controller" using networking.istio.io/v1beta1: .spec.hosts',
    reason: 'Conflict',
    details: {
      causes: [
        {
          reason: 'FieldManagerConflict',
          message:
            'conflict with "kubectl-edit" using networking.istio.io/v1beta1',
          field: '.spec.http',
        },
        {
          reason: 'FieldManagerConflict',
          message:
            'conflict with "argocd-controller" using networking.istio.io/v1beta1',
          field: '.spec.hosts',
        },
      ],
    },
    code: 409,
  }),
};

describe('applyConflictsOf', () => {
  it('names each field and the manager that owns it', () => {
    const conflicts = applyConflictsOf(refused);
    expect(conflicts).toEqual([
      { field: 'spec.http', manager: 'kubectl-edit' },
      { field: 'spec.hosts', manager: 'argocd-controller' },
    ]);
    expect(describeApplyConflicts(conflicts)).toBe(
      'spec.http is also managed by "kubectl-edit"; spec.hosts is also managed by "argocd-controller"',
    );
  });

  it('finds none in other failures', () => {
    expect(
      applyConflictsOf({ code: 409, body: '{"reason":"AlreadyExists"}' }),
    ).toEqual([]);
    expect(applyConflictsOf({ code: 403, body: '{}' })).toEqual([]);
    expect(applyConflictsOf(new Error('socket hang up'))).toEqual([]);
  });
});

const conflictWith = (manager: string) => ({
  code: 409,
  body: JSON.stringify({
    reason: 'Conflict',
    details: {
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: `conflict with "${manager}" using networking.istio.io/v1beta1`,
          field: '.spec.http',
        },
      ],
    },
  }),
});

describe('applyKeepingOthersFields', () => {
  it('forces only over its own manager', async () => {
    const forced: boolean[] = [];
    const result = await applyKeepingOthersFields(
      'backstage-service-mesh',
      async force => {
        forced.push(force);
        if (!force) throw conflictWith('backstage-service-mesh');
        return 'applied';
      },
    );
    expect(result).toBe('applied');
    expect(forced).toEqual([false, true]);
  });

  it('gives up on a field another manager owns', async () => {
    const forced: boolean[] = [];
    const run = applyKeepingOthersFields(
      'backstage-service-mesh',
      async force => {
        forced.push(force);
        throw conflictWith('kubectl-edit');
      },
    );
    await expect(run).rejects.toMatchObject({ code: 409 });
    expect(forced).toEqual([false]);
  });
});
