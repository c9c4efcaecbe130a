import { SandboxContext } from '../context';
import { clusterCacheOf } from '../operators/clusterCache';
import { memberOfLabel } from '../operators/meshLabels';
import {
  basicInstall,
  canaryVirtualService,
  destinationRules,
  gatewayRoute,
  memberRoll,
  wildcardGateway,
} from './guideMeshObjects';
import {
  Scenario,
  createAll,
  createNamespaces,
  installOperatorCrds,
  userNames,
  whenReady,
} from './seeding';
import { SockshopOptions } from './sockshop';
import { frontEndV2, sockshopWorkloads } from './sockshopWorkloads';
import { workloadDeployment, workloadService } from './workloadObjects';

const inject = { 'sidecar.istio.io/inject': 'true' };

/** SockShop after step 3: every pod template asks for a sidecar and carries app/version. */
function meshedSockshop(context: SandboxContext, namespace: string) {
  createAll(
    context,
    '',
    'services',
    sockshopWorkloads.map(w => workloadService(w, namespace)),
  );
  createAll(context, 'apps', 'deployments', [
    ...sockshopWorkloads.map(w =>
      workloadDeployment(w, namespace, {
        labels: { name: w.name, app: w.name, version: 'v1' },
        annotations: inject,
      }),
    ),
    workloadDeployment(frontEndV2, namespace, {
      labels: { name: 'front-end', app: 'front-end', version: 'v2' },
      annotations: inject,
    }),
  ]);
}

/**
 * Everything the guide does, already done, per user: control plane and member
 * roll, sidecars in every SockShop pod, the gateway, the 80/20 canary with its
 * DestinationRules, and the front-end reached through the ingress gateway's
 * Route instead of its own. Workloads are created once the namespace is in the
 * mesh, so their pods get sidecars the way re-created pods do in the guide.
 */
export function meshedScenario(options: SockshopOptions = {}): Scenario {
  return context => {
    const { appsDomain } = context.settings;
    const cache = clusterCacheOf(context.api);
    installOperatorCrds(context);
    for (const user of userNames(options.users ?? 2)) {
      const controlPlane = `${user}-istio-system`;
      const sockshop = `${user}-sockshop`;
      createNamespaces(context, [controlPlane, sockshop]);
      createAll(context, 'maistra.io', 'servicemeshcontrolplanes', [
        basicInstall(controlPlane),
      ]);
      createAll(context, 'maistra.io', 'servicemeshmemberrolls', [
        memberRoll(controlPlane, [sockshop]),
      ]);
      createAll(context, 'networking.istio.io', 'gateways', [
        wildcardGateway(sockshop, appsDomain),
      ]);
      createAll(context, 'networking.istio.io', 'virtualservices', [
        canaryVirtualService(sockshop, appsDomain),
      ]);
      createAll(
        context,
        'networking.istio.io',
        'destinationrules',
        destinationRules(sockshop),
      );
      createAll(context, 'route.openshift.io', 'routes', [
        gatewayRoute(controlPlane, sockshop, appsDomain),
      ]);
      whenReady(
        context,
        `scenario/meshed/${sockshop}`,
        () =>
          cache.get('', 'namespaces', undefined, sockshop)?.metadata.labels?.[
            memberOfLabel
          ] === controlPlane,
        () => meshedSockshop(context, sockshop),
      );
    }
  };
}
