import { kinds } from '../client/kinds';
import { SandboxContext } from '../context';
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
  userNames,
  whenReady,
} from './seeding';
import { SockshopOptions } from './sockshop';
import { frontEndV2, sockshopWorkloads } from './sockshopWorkloads';
import { workloadDeployment, workloadService } from './workloadObjects';

const inject = { 'sidecar.istio.io/inject': 'true' };

/**
 * SockShop after step 3: every pod template carries app/version (and, for
 * Maistra, asks for a sidecar), with front-end at v1 and v2.
 */
export async function versionedSockshop(
  context: SandboxContext,
  namespace: string,
  annotations: Record<string, string> = inject,
) {
  await createAll(
    context,
    kinds.services,
    sockshopWorkloads.map(w => workloadService(w, namespace)),
  );
  await createAll(context, kinds.deployments, [
    ...sockshopWorkloads.map(w =>
      workloadDeployment(w, namespace, {
        labels: { name: w.name, app: w.name, version: 'v1' },
        annotations,
      }),
    ),
    workloadDeployment(frontEndV2, namespace, {
      labels: { name: 'front-end', app: 'front-end', version: 'v2' },
      annotations,
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
  return async context => {
    const { appsDomain } = context.settings;
    const { cache } = context;
    await Promise.all(
      userNames(options.users ?? 2).map(async user => {
        const controlPlane = `${user}-istio-system`;
        const sockshop = `${user}-sockshop`;
        await createNamespaces(context, [controlPlane, sockshop]);
        // At v1, as the guide applies it: written at v2, the v1 helm values would be pruned.
        await createAll(context, { ...kinds.controlPlanes, version: 'v1' }, [
          basicInstall(controlPlane),
        ]);
        await createAll(context, kinds.memberRolls, [
          memberRoll(controlPlane, [sockshop]),
        ]);
        await createAll(context, kinds.gateways, [
          wildcardGateway(sockshop, appsDomain),
        ]);
        await createAll(context, kinds.virtualServices, [
          canaryVirtualService(sockshop, appsDomain),
        ]);
        await createAll(
          context,
          kinds.destinationRules,
          destinationRules(sockshop),
        );
        await createAll(context, kinds.routes, [
          gatewayRoute(controlPlane, sockshop, appsDomain),
        ]);
        whenReady(
          context,
          `scenario/meshed/${sockshop}`,
          () =>
            cache.get('', 'namespaces', undefined, sockshop)?.metadata.labels?.[
              memberOfLabel
            ] === controlPlane,
          () => versionedSockshop(context, sockshop),
        );
      }),
    );
  };
}
