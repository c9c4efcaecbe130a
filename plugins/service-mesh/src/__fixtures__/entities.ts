import { Entity } from '@backstage/catalog-model';

export const sockShopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'sockshop',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'user1-sockshop' },
  },
  spec: { owner: 'group:sockshop-team' },
};

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
  spec: {
    type: 'website',
    lifecycle: 'production',
    owner: 'group:sockshop-team',
  },
};

export const user2SockShopSystem: Entity = {
  ...sockShopSystem,
  metadata: {
    ...sockShopSystem.metadata,
    name: 'user2-sockshop',
    annotations: { 'backstage.io/kubernetes-namespace': 'user2-sockshop' },
  },
};
