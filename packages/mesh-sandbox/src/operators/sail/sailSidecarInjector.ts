import { Controller, SandboxContext } from '../../context';
import { K8sObject } from '../../k8s/types';
import { conditionOf } from '../objects';
import { injectSidecar } from '../sidecarTemplate';
import { namespaceRevision } from './revisionUse';
import { dataplaneModeLabel, injectionLabel, revisionLabel } from './sailNames';

const optOut = 'sidecar.istio.io/inject';

const optsOut = (pod: K8sObject) =>
  pod.metadata.labels?.[optOut] === 'false' ||
  pod.metadata.annotations?.[optOut] === 'false';

const hasProxy = (pod: K8sObject) =>
  (pod.spec?.containers ?? []).some((c: any) => c.name === 'istio-proxy');

const notAmbient = {
  key: dataplaneModeLabel,
  operator: 'NotIn',
  values: ['ambient'],
};

/** Upstream Istio's injected pod: the revision as a label, none of Maistra's multus network or version label. */
function sailSidecar(pod: K8sObject, revision: K8sObject): K8sObject {
  const version = String(revision.spec.version).replace(/^v/, '');
  const injected = injectSidecar(pod, {
    revision: revision.metadata.name!,
    chartVersion: version,
    legacy: false,
  });
  const { 'maistra-version': _, ...labels } = injected.metadata.labels!;
  const { 'k8s.v1.cni.cncf.io/networks': __, ...annotations } =
    injected.metadata.annotations!;
  const networks = pod.metadata.annotations?.['k8s.v1.cni.cncf.io/networks'];
  return {
    ...injected,
    metadata: {
      ...injected.metadata,
      labels: { ...labels, [revisionLabel]: revision.metadata.name! },
      annotations: networks
        ? { ...annotations, 'k8s.v1.cni.cncf.io/networks': networks }
        : annotations,
    },
  };
}

/**
 * The Sail (upstream Istio) injection webhooks, selected by namespace label:
 * `istio.io/rev=<revision or tag>`, or `istio-injection=enabled` for the
 * `default` revision or tag. The pod is injected once that revision exists
 * and is Ready, unless it opts out with `sidecar.istio.io/inject: "false"`.
 * Ambient namespaces never get sidecars: ztunnel serves them.
 */
export const sailSidecarInjector: Controller = {
  name: 'sail-sidecar-injector',
  start(context: SandboxContext) {
    const { cache } = context;
    const mutate = ({
      object,
      namespace,
    }: {
      object: K8sObject;
      namespace?: string;
    }) => {
      if (optsOut(object) || hasProxy(object)) return undefined;
      const ns = cache.get('', 'namespaces', undefined, namespace!);
      const revision = namespaceRevision(cache, ns);
      if (!revision || conditionOf(revision, 'Ready')?.status !== 'True')
        return undefined;
      return sailSidecar(object, revision);
    };
    const rules = [
      {
        apiGroups: [''],
        apiVersions: ['v1'],
        resources: ['pods'],
        operations: ['CREATE' as const],
      },
    ];
    context.addWebhook({
      name: 'rev.namespace.sidecar-injector.istio.io',
      rules,
      namespaceSelector: {
        matchExpressions: [
          { key: revisionLabel, operator: 'Exists' },
          { key: injectionLabel, operator: 'DoesNotExist' },
          notAmbient,
        ],
      },
      mutate,
    });
    context.addWebhook({
      name: 'namespace.sidecar-injector.istio.io',
      rules,
      namespaceSelector: {
        matchExpressions: [
          { key: injectionLabel, operator: 'In', values: ['enabled'] },
          notAmbient,
        ],
      },
      mutate,
    });
  },
};
