import { kinds } from '../client/kinds';
import { K8sObject } from '../k8s/types';
import { Scenario, createAll, createNamespaces, userNames } from './seeding';
import { sockshopWorkloads } from './sockshopWorkloads';
import { workloadDeployment, workloadService } from './workloadObjects';

export interface SockshopOptions {
  /** user1..userN each get their own SockShop (default 2). */
  users?: number;
}

/** The Route SockShop is published with before the mesh: straight to the front-end Service. */
export function frontEndRoute(
  namespace: string,
  appsDomain: string,
): K8sObject {
  return {
    metadata: { name: 'front-end', namespace, labels: { name: 'front-end' } },
    spec: {
      host: `front-end-${namespace}.${appsDomain}`,
      to: { kind: 'Service', name: 'front-end', weight: 100 },
      wildcardPolicy: 'None',
    },
  };
}

/**
 * The guide's starting point (the operators' CRDs come with the cluster): per
 * user, `userN-sockshop` with SockShop's 13 Deployments, their Services and the
 * `front-end` Route. No control plane yet.
 */
export function sockshopScenario(options: SockshopOptions = {}): Scenario {
  return async context => {
    await Promise.all(
      userNames(options.users ?? 2).map(async user => {
        const namespace = `${user}-sockshop`;
        await createNamespaces(context, [namespace]);
        await createAll(
          context,
          kinds.services,
          sockshopWorkloads.map(w => workloadService(w, namespace)),
        );
        await createAll(
          context,
          kinds.deployments,
          sockshopWorkloads.map(w =>
            workloadDeployment(w, namespace, { labels: { name: w.name } }),
          ),
        );
        await createAll(context, kinds.routes, [
          frontEndRoute(namespace, context.settings.appsDomain),
        ]);
      }),
    );
  };
}
