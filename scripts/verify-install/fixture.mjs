// What the fresh app is checked on: the local cluster's `meshed` scenario
// (the hands-on done for one user) and one catalog Component annotated for
// it as plugins/service-mesh/README.md ("Requirements") says. The figures
// the card must show are read from the cluster by check.mjs, not written here.

export const scenario = 'meshed';
export const namespace = 'user1-sockshop';
export const component = 'front-end';
export const labelSelector = `name=${component}`;

/** The catalog file the fresh app registers (YAML; JSON is YAML). */
export function catalogEntities() {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: component,
        annotations: {
          'backstage.io/kubernetes-namespace': namespace,
          'backstage.io/kubernetes-label-selector': labelSelector,
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
    },
  ]
    .map(entity => `---\n${JSON.stringify(entity, null, 2)}\n`)
    .join('');
}
