import { Entity } from '@backstage/catalog-model';

/** SockShop's front-end Component, annotated for user1's namespace. */
export const frontEndComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'front-end',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-namespace': 'user1-sockshop',
      'backstage.io/kubernetes-label-selector': 'name=front-end',
    },
  },
  spec: { type: 'website', owner: 'team', lifecycle: 'production' },
};
