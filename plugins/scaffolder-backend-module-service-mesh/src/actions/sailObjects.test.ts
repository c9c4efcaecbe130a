import {
  defaultRevisionTag,
  defaultTagConflict,
  istioControlPlane,
  labelledNamespace,
  memberLabels,
  nodeAgent,
  sailProgress,
} from './sailObjects';
import { kinds } from '../cluster/kinds';

const managed = { 'servicemesh.backstage.io/managed-by': 'u1' };

describe('the Sail objects', () => {
  it('scopes the Istio to the namespaces labelled for its user', () => {
    expect(
      istioControlPlane({
        user: 'u1',
        name: 'u1',
        namespace: 'u1-istio-system',
        version: 'v1.30.3',
        profile: 'openshift',
        updateStrategy: 'RevisionBased',
      }),
    ).toEqual({
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: 'u1', labels: managed },
      spec: {
        namespace: 'u1-istio-system',
        version: 'v1.30.3',
        profile: 'openshift',
        updateStrategy: { type: 'RevisionBased' },
        values: {
          meshConfig: {
            discoverySelectors: [{ matchLabels: { 'istio-discovery': 'u1' } }],
          },
        },
      },
    });
  });

  it('leaves the version to the CRD default when none is given', () => {
    const istio = istioControlPlane({
      user: 'u1',
      name: 'u1',
      namespace: 'ns',
      profile: 'openshift-ambient',
      updateStrategy: 'InPlace',
    });
    expect(istio.spec).not.toHaveProperty('version');
    expect(istio.spec.profile).toBe('openshift-ambient');
  });

  it('names the node agents default, as their CRDs require', () => {
    expect(
      nodeAgent(kinds.ztunnel, {
        user: 'u1',
        namespace: 'ztunnel',
        version: 'v1.30.3',
      }),
    ).toEqual({
      apiVersion: 'sailoperator.io/v1',
      kind: 'ZTunnel',
      metadata: { name: 'default', labels: managed },
      spec: { namespace: 'ztunnel', version: 'v1.30.3' },
    });
    expect(defaultRevisionTag('u1', 'u1').spec).toEqual({
      targetRef: { kind: 'Istio', name: 'u1' },
    });
  });

  it.each([
    ['sidecar', 'revision', { 'istio.io/rev': 'u1-v1-30-3' }],
    ['sidecar', 'default-tag', { 'istio-injection': 'enabled' }],
    ['ambient', 'revision', { 'istio.io/dataplane-mode': 'ambient' }],
  ] as const)(
    'labels a %s member (%s) and always for discovery',
    (dataplane, injection, labels) => {
      expect(
        memberLabels({
          user: 'u1',
          dataplane,
          injection,
          revision: 'u1-v1-30-3',
        }),
      ).toEqual({ 'istio-discovery': 'u1', ...labels });
    },
  );

  it('sends a namespace its live labels again beside the new ones', () => {
    expect(
      labelledNamespace(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: 'shop',
            labels: { team: 'a', 'istio.io/use-waypoint': 'waypoint' },
            resourceVersion: '7',
          },
        },
        { 'istio-discovery': 'u1' },
      ),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: {
          team: 'a',
          'istio.io/use-waypoint': 'waypoint',
          'istio-discovery': 'u1',
        },
      },
    });
  });

  it('tells the state and why it is not ready', () => {
    expect(sailProgress(undefined)).toBe('not created yet');
    expect(
      sailProgress({
        apiVersion: 'sailoperator.io/v1',
        kind: 'Istio',
        metadata: { name: 'u1' },
        status: {
          state: 'IstiodNotReady',
          conditions: [
            { type: 'Ready', status: 'False', message: 'istiod is not ready' },
          ],
        },
      }),
    ).toBe('state IstiodNotReady; istiod is not ready');
  });
});

describe('the default revision tag', () => {
  const tag = (name: string, labels: Record<string, string> = {}) => ({
    apiVersion: 'sailoperator.io/v1',
    kind: 'IstioRevisionTag',
    metadata: { name: 'default', labels },
    spec: { targetRef: { kind: 'Istio', name } },
  });

  it('is free when missing, pointing to this Istio, or made for this user', () => {
    expect(defaultTagConflict(undefined, 'u1', 'u1')).toBeUndefined();
    expect(defaultTagConflict(tag('u1'), 'u1', 'u1')).toBeUndefined();
    expect(
      defaultTagConflict(
        tag('old', { 'servicemesh.backstage.io/managed-by': 'u1' }),
        'u1',
        'u1',
      ),
    ).toBeUndefined();
  });

  it("is another mesh's otherwise, named", () => {
    expect(defaultTagConflict(tag('team-b'), 'u1', 'u1')).toBe(
      "'default-tag' would take the cluster's default IstioRevisionTag, which points to Istio team-b (another mesh's); use 'revision'",
    );
  });
});
