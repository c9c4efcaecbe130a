import { matchesLabelSelector } from '../k8s/labelSelector';
import { K8sObject } from '../k8s/types';
import { MeshSnapshot } from '../traffic/meshView';
import { CLUSTER_ID } from '../traffic/podFacts';
import { KialiDialect } from './kialiMode';
import {
  isGatewayWorkload,
  serviceHasSidecar,
  workloadsIn,
  workloadHasSidecar,
  workloadStatus,
  Workload,
} from './kialiWorkloads';
import { RateRow, requestHealth } from './requestRates';

const INJECT = 'sidecar.istio.io/inject';
const HEALTH_RATE = 'health.kiali.io/rate';

/** Kiali's GetHealthAnnotation: only the health.kiali.io/rate annotation, if the object has it. */
export function healthAnnotationsOf(
  annotations: Record<string, string> | undefined,
): Record<string, string> {
  const rate = annotations?.[HEALTH_RATE];
  return rate !== undefined ? { [HEALTH_RATE]: rate } : {};
}

export function workloadHealth(rows: RateRow[], workload: Workload) {
  const ns = workload.namespace;
  return {
    workloadStatus: workloadStatus(workload),
    requests: requestHealth(
      rows,
      l =>
        l.destination_workload_namespace === ns &&
        l.destination_workload === workload.name,
      l =>
        l.source_workload_namespace === ns &&
        l.source_workload === workload.name,
      healthAnnotationsOf(workload.object?.metadata.annotations),
    ),
  };
}

export function workloadItems(
  snapshot: MeshSnapshot,
  namespace: string,
  rows: RateRow[],
  dialect: KialiDialect,
) {
  return workloadsIn(snapshot, namespace).map(w => {
    const injection = w.templateAnnotations[INJECT] ?? w.labels[INJECT];
    const common = {
      name: w.name,
      cluster: CLUSTER_ID,
      createdAt: (w.object ?? w.pods[0])?.metadata.creationTimestamp ?? '',
      resourceVersion: (w.object ?? w.pods[0])?.metadata.resourceVersion ?? '',
      ...(injection !== undefined
        ? { istioInjectionAnnotation: injection === 'true' }
        : {}),
      istioSidecar: workloadHasSidecar(w.pods),
      additionalDetailSample: null,
      labels: w.labels,
      appLabel: 'app' in w.labels,
      versionLabel: 'version' in w.labels,
      podCount: w.pods.length,
      annotations: w.object?.metadata.annotations ?? {},
      healthAnnotations: healthAnnotationsOf(w.object?.metadata.annotations),
      istioReferences: [],
      dashboardAnnotations: null,
      serviceAccountNames: [
        ...new Set(w.pods.map(p => p.spec?.serviceAccountName ?? 'default')),
      ],
      health: workloadHealth(rows, w),
    };
    if (!dialect.gvkWorkloads) {
      return { ...common, type: w.type, [dialect.ambientKey]: false };
    }
    return {
      ...common,
      namespace,
      gvk: { Group: w.group, Version: 'v1', Kind: w.type },
      isAmbient: false,
      isGateway: isGatewayWorkload(w),
      isWaypoint: false,
      isZtunnel: false,
      templateAnnotations: w.templateAnnotations,
      templateLabels: w.labels,
      waypointWorkloads: [],
    };
  });
}

export function serviceHealth(rows: RateRow[], service: K8sObject) {
  const namespace = service.metadata.namespace;
  const name = service.metadata.name;
  return {
    requests: requestHealth(
      rows,
      l =>
        l.destination_service_namespace === namespace &&
        l.destination_service_name === name,
      () => false,
      healthAnnotationsOf(service.metadata.annotations),
    ),
  };
}

export function serviceItems(
  snapshot: MeshSnapshot,
  namespace: string,
  rows: RateRow[],
  dialect: KialiDialect,
) {
  return snapshot.in('services', namespace).map(service => {
    const selector = service.spec?.selector;
    const pods = selector
      ? snapshot
          .in('pods', namespace)
          .filter(p =>
            matchesLabelSelector({ matchLabels: selector }, p.metadata.labels),
          )
      : [];
    const name = service.metadata.name!;
    return {
      name,
      namespace,
      istioSidecar: serviceHasSidecar(pods),
      cluster: CLUSTER_ID,
      [dialect.clusterLists ? 'isAmbient' : 'istioAmbient']: false,
      appLabel:
        'app' in (service.metadata.labels ?? {}) || 'app' in (selector ?? {}),
      additionalDetailSample: null,
      annotations: service.metadata.annotations ?? {},
      healthAnnotations: healthAnnotationsOf(service.metadata.annotations),
      ports: Object.fromEntries(
        ((service.spec?.ports ?? []) as any[]).map(p => [p.name ?? '', p.port]),
      ),
      labels: service.metadata.labels ?? {},
      selector: selector ?? {},
      istioReferences: [],
      kialiWizard: '',
      serviceRegistry: 'Kubernetes',
      health: serviceHealth(rows, service),
    };
  });
}

export type HealthType = 'app' | 'service' | 'workload';

/** `/health?type=`: request health (and workload statuses) keyed by name. */
export function namespaceHealth(
  snapshot: MeshSnapshot,
  namespace: string,
  type: HealthType,
  rows: RateRow[],
): Record<string, unknown> {
  if (type === 'service') {
    return Object.fromEntries(
      snapshot
        .in('services', namespace)
        .map(s => [s.metadata.name!, serviceHealth(rows, s)]),
    );
  }
  const workloads = workloadsIn(snapshot, namespace);
  if (type === 'workload') {
    return Object.fromEntries(
      workloads.map(w => [w.name, workloadHealth(rows, w)]),
    );
  }
  const apps = new Map<string, Workload[]>();
  for (const w of workloads) {
    const app = w.labels.app;
    if (app) apps.set(app, [...(apps.get(app) ?? []), w]);
  }
  return Object.fromEntries(
    [...apps].map(([app, members]) => [
      app,
      {
        workloadStatuses: members.map(workloadStatus),
        requests: requestHealth(
          rows,
          l =>
            l.destination_workload_namespace === namespace &&
            l.destination_canonical_service === app,
          l =>
            l.source_workload_namespace === namespace &&
            l.source_canonical_service === app,
        ),
      },
    ]),
  );
}
