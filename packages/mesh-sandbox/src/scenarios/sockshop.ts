import { K8sObject } from '../k8s/types';
import {
  Scenario,
  createAll,
  createNamespaces,
  installOperatorCrds,
  userNames,
} from './seeding';
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
 * The guide's starting point: the four operators' CRDs installed and, per
 * user, `userN-sockshop` with SockShop's 13 Deployments, their Services and the
 * `front-end` Route. No control plane yet.
 */
export function sockshopScenario(options: SockshopOptions = {}): Scenario {
  return context => {
    installOperatorCrds(context);
    for (const user of userNames(options.users ?? 2)) {
      const namespace = `${user}-sockshop`;
      createNamespaces(context, [namespace]);
      createAll(
        context,
        '',
        'services',
        sockshopWorkloads.map(w => workloadService(w, namespace)),
      );
      createAll(
        context,
        'apps',
        'deployments',
        sockshopWorkloads.map(w =>
          workloadDeployment(w, namespace, { labels: { name: w.name } }),
        ),
      );
      createAll(context, 'route.openshift.io', 'routes', [
        frontEndRoute(namespace, context.settings.appsDomain),
      ]);
    }
  };
}
