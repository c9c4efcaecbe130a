import { kinds } from '../client/kinds';
import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import {
  componentDeployment,
  componentRoute,
  componentService,
  componentServiceAccount,
} from './controlPlaneResources';
import { planControlPlane, specError } from './controlPlanePlan';
import { failedStatus, installedStatus } from './controlPlaneStatus';
import { memberOfLabel, ownerLabel } from './meshLabels';
import { ensureObject, ensureStatus } from './objects';

export const operatorManager = 'istio-operator';

const byAge = (a: K8sObject, b: K8sObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(
    b.metadata.creationTimestamp ?? '',
  ) || a.metadata.name!.localeCompare(b.metadata.name!);

/**
 * The Service Mesh operator's ServiceMeshControlPlane reconciler: installs the
 * control plane's Deployments, Services and addon Routes in the SMCP's
 * namespace (owned by the SMCP, so Kubernetes' garbage collector removes them
 * with it), labels the namespace as a member of its own mesh, and reports
 * conditions and per-component readiness.
 */
export const controlPlaneController: Controller = {
  name: 'servicemeshcontrolplane-controller',
  start(context: SandboxContext) {
    const { client, cache, scheduler, settings } = context;
    const enqueue = (namespace: string) =>
      scheduler.enqueue(`smcp/${namespace}`, () => reconcile(namespace));

    async function labelNamespace(namespace: string, value: string | null) {
      const ns = cache.get('', 'namespaces', undefined, namespace);
      if (!ns || ns.metadata.deletionTimestamp) return;
      if ((ns.metadata.labels?.[memberOfLabel] ?? null) === value) return;
      await client.mergePatch(
        kinds.namespaces,
        undefined,
        namespace,
        { metadata: { labels: { [memberOfLabel]: value } } },
        { fieldManager: operatorManager },
      );
    }

    async function reconcile(namespace: string) {
      const all = cache
        .list('maistra.io', 'servicemeshcontrolplanes', namespace)
        .filter(smcp => !smcp.metadata.deletionTimestamp)
        .sort(byAge);
      if (all.length === 0) {
        const ns = cache.get('', 'namespaces', undefined, namespace);
        if (ns?.metadata.labels?.[memberOfLabel] === namespace)
          await labelNamespace(namespace, null);
        return;
      }
      const [smcp, ...extra] = all;
      const status = (object: K8sObject, value: any) =>
        ensureStatus(
          client,
          cache,
          kinds.controlPlanes,
          object,
          value,
          operatorManager,
        );
      for (const other of extra) {
        await status(
          other,
          failedStatus(
            other,
            'ErrMultipleSMCPs',
            'Multiple ServiceMeshControlPlane resources exist in the namespace',
          ),
        );
      }
      const invalid = specError(smcp.spec);
      if (invalid) {
        await status(smcp, failedStatus(smcp, 'ValidationError', invalid));
        return;
      }

      const plan = planControlPlane(smcp);
      const target = { smcp, plan, appsDomain: settings.appsDomain };
      await labelNamespace(namespace, namespace);
      const wanted = new Set<string>();
      const ensure = (
        kind: (typeof kinds)[keyof typeof kinds],
        object: K8sObject,
      ) => ensureObject(client, cache, kind, object, operatorManager);
      for (const item of plan.deployments) {
        await ensure(
          kinds.serviceAccounts,
          componentServiceAccount(item, target),
        );
        await ensure(kinds.services, componentService(item, target));
        await ensure(kinds.deployments, componentDeployment(item, target));
        if (item.routeTargetPort) {
          await ensure(kinds.routes, componentRoute(item, target));
          wanted.add(`routes/${item.name}`);
        }
        wanted.add(`deployments/${item.name}`);
        wanted.add(`serviceaccounts/${item.name}`);
        wanted.add(`services/${item.name}`);
      }
      // Components switched off in the spec are uninstalled.
      for (const kind of [
        kinds.deployments,
        kinds.services,
        kinds.serviceAccounts,
        kinds.routes,
      ]) {
        for (const object of cache.ownedBy(
          kind.group,
          kind.plural,
          smcp.metadata.uid!,
        )) {
          if (!wanted.has(`${kind.plural}/${object.metadata.name}`))
            await client.delete(kind, namespace, object.metadata.name!);
        }
      }

      const deployments = new Map(
        cache
          .list('apps', 'deployments', namespace)
          .filter(d => d.metadata.labels?.[ownerLabel] === namespace)
          .map(d => [d.metadata.name!, d]),
      );
      await status(smcp, installedStatus(smcp, plan, deployments));
    }

    return cache.watch(
      ['maistra.io/servicemeshcontrolplanes', 'apps/deployments'],
      event => {
        const { object } = event;
        if (event.kind.plural === 'servicemeshcontrolplanes') {
          enqueue(object.metadata.namespace!);
          return;
        }
        const owner = object.metadata.labels?.[ownerLabel];
        if (owner && owner === object.metadata.namespace) enqueue(owner);
      },
    );
  },
};
