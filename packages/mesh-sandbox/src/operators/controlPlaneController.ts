import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterCacheOf } from './clusterCache';
import {
  componentDeployment,
  componentRoute,
  componentService,
} from './controlPlaneResources';
import { planControlPlane, specError } from './controlPlanePlan';
import { failedStatus, installedStatus } from './controlPlaneStatus';
import { memberOfLabel, ownerLabel } from './meshLabels';
import { ensureObject } from './objects';
import { watchKinds } from './watchKinds';

export const operatorManager = 'istio-operator';

const byAge = (a: K8sObject, b: K8sObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(
    b.metadata.creationTimestamp ?? '',
  ) || a.metadata.name!.localeCompare(b.metadata.name!);

/**
 * The Service Mesh operator's ServiceMeshControlPlane reconciler: installs the
 * control plane's Deployments, Services and addon Routes in the SMCP's
 * namespace (owned by the SMCP, so deleting it removes them), labels the
 * namespace as a member of its own mesh, and reports conditions and
 * per-component readiness.
 */
export const controlPlaneController: Controller = {
  name: 'servicemeshcontrolplane-controller',
  start(context: SandboxContext) {
    const { api, scheduler, settings } = context;
    const cache = clusterCacheOf(api);
    const enqueue = (namespace: string) =>
      scheduler.enqueue(`smcp/${namespace}`, () => reconcile(namespace));

    function labelNamespace(namespace: string, value: string | null) {
      const ns = cache.get('', 'namespaces', undefined, namespace);
      if (!ns || (ns.metadata.labels?.[memberOfLabel] ?? null) === value)
        return;
      api.patch(
        api.type('', 'namespaces'),
        undefined,
        namespace,
        'merge',
        { metadata: { labels: { [memberOfLabel]: value } } },
        { fieldManager: operatorManager },
      );
    }

    function reconcile(namespace: string) {
      const smcpType = api.registry.maybeByPlural(
        'maistra.io',
        'servicemeshcontrolplanes',
      );
      const all = cache
        .list('maistra.io', 'servicemeshcontrolplanes', namespace)
        .sort(byAge);
      if (!smcpType || all.length === 0) {
        const ns = cache.get('', 'namespaces', undefined, namespace);
        if (ns?.metadata.labels?.[memberOfLabel] === namespace)
          labelNamespace(namespace, null);
        return;
      }
      const [smcp, ...extra] = all;
      for (const other of extra) {
        api.updateStatus(
          smcpType,
          namespace,
          other.metadata.name!,
          failedStatus(
            other,
            'ErrMultipleSMCPs',
            'Multiple ServiceMeshControlPlane resources exist in the namespace',
          ),
          operatorManager,
        );
      }
      const invalid = specError(smcp.spec);
      if (invalid) {
        api.updateStatus(
          smcpType,
          namespace,
          smcp.metadata.name!,
          failedStatus(smcp, 'ValidationError', invalid),
          operatorManager,
        );
        return;
      }

      const plan = planControlPlane(smcp);
      const target = { smcp, plan, appsDomain: settings.appsDomain };
      const types = {
        deployments: api.type('apps', 'deployments'),
        services: api.type('', 'services'),
        routes: api.type('route.openshift.io', 'routes'),
      };
      labelNamespace(namespace, namespace);
      const wanted = new Set<string>();
      for (const item of plan.deployments) {
        ensureObject(
          api,
          types.services,
          componentService(item, target),
          operatorManager,
        );
        ensureObject(
          api,
          types.deployments,
          componentDeployment(item, target),
          operatorManager,
        );
        if (item.routeTargetPort) {
          ensureObject(
            api,
            types.routes,
            componentRoute(item, target),
            operatorManager,
          );
          wanted.add(`routes/${item.name}`);
        }
        wanted.add(`deployments/${item.name}`);
        wanted.add(`services/${item.name}`);
      }
      // Components switched off in the spec are uninstalled.
      for (const [plural, type] of Object.entries(types)) {
        for (const object of cache.ownedBy(
          type.group,
          plural,
          smcp.metadata.uid!,
        )) {
          if (!wanted.has(`${plural}/${object.metadata.name}`))
            api.delete(type, namespace, object.metadata.name!, {
              fieldManager: operatorManager,
            });
        }
      }

      const deployments = new Map(
        cache
          .list('apps', 'deployments', namespace)
          .filter(d => d.metadata.labels?.[ownerLabel] === namespace)
          .map(d => [d.metadata.name!, d]),
      );
      api.updateStatus(
        smcpType,
        namespace,
        smcp.metadata.name!,
        installedStatus(smcp, plan, deployments),
        operatorManager,
      );
    }

    return watchKinds(
      api,
      ['maistra.io/servicemeshcontrolplanes', 'apps/deployments'],
      event => {
        const { object } = event;
        if (event.resource.plural === 'servicemeshcontrolplanes') {
          enqueue(object.metadata.namespace!);
          return;
        }
        const owner = object.metadata.labels?.[ownerLabel];
        if (owner && owner === object.metadata.namespace) enqueue(owner);
      },
    );
  },
};
