import { applyKeepingOthersFields } from '@service-mesh/plugin-service-mesh-node';
import * as k8s from '@kubernetes/client-node';
import { kubeConfigFor } from '@service-mesh/plugin-service-mesh-node';
import { FIELD_MANAGER } from '@service-mesh/plugin-service-mesh-common';
import { ClusterConnection } from './clusters';
import { explain, isNotFound } from './errors';
import { KindInfo, kindOf } from './kinds';

/** Any Kubernetes object, as JSON. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: any;
  };
  [key: string]: any;
};

const header = (kind: KindInfo, name: string, namespace?: string) => ({
  apiVersion: kind.apiVersion,
  kind: kind.kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

/**
 * The few calls the actions make, each failing with a sentence (see
 * errors.ts). Writes are server-side applies with the plugins' one field
 * manager; `dryRun` asks the API server for a dry run.
 */
export class MeshCluster {
  private readonly objects: k8s.KubernetesObjectApi;
  private readonly versions: k8s.VersionApi;

  constructor(readonly name: string, kubeConfig: k8s.KubeConfig) {
    this.objects = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);
    this.versions = kubeConfig.makeApiClient(k8s.VersionApi);
  }

  static connect(cluster: ClusterConnection): MeshCluster {
    return new MeshCluster(cluster.name, kubeConfigFor(cluster, 'scaffolder'));
  }

  async serverVersion(): Promise<string> {
    try {
      return (await this.versions.getCode()).gitVersion;
    } catch (error) {
      throw explain(error, {
        verb: 'get',
        kind: {
          apiVersion: 'v1',
          kind: 'version',
          plural: 'version',
          namespaced: false,
          providedBy: 'Kubernetes',
        },
      });
    }
  }

  /** The object, or undefined when it does not exist. */
  async read(
    kind: KindInfo,
    name: string,
    namespace?: string,
  ): Promise<KubeObject | undefined> {
    try {
      return (await this.objects.read(
        header(kind, name, namespace),
      )) as KubeObject;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw explain(error, { verb: 'get', kind, name, namespace });
    }
  }

  async list(
    kind: KindInfo,
    namespace?: string,
    labelSelector?: string,
    limit?: number,
  ): Promise<KubeObject[]> {
    try {
      const list = await this.objects.list(
        kind.apiVersion,
        kind.kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
        limit,
      );
      return list.items as KubeObject[];
    } catch (error) {
      throw explain(error, { verb: 'list', kind, namespace });
    }
  }

  /** Server-side apply; returns what the API server stored (or would store). */
  async apply(object: KubeObject, dryRun: boolean): Promise<KubeObject> {
    try {
      // A field another manager owns is a conflict that names it.
      return (await applyKeepingOthersFields(FIELD_MANAGER, force =>
        this.objects.patch(
          object,
          undefined,
          dryRun ? 'All' : undefined,
          FIELD_MANAGER,
          force,
          k8s.PatchStrategy.ServerSideApply,
        ),
      )) as KubeObject;
    } catch (error) {
      throw explain(error, {
        verb: 'apply',
        kind: kindOf(object),
        name: object.metadata.name,
        namespace: object.metadata.namespace,
      });
    }
  }

  /**
   * Creates the object (an Update, not an Apply, of our field manager: later
   * applies of a few fields leave the rest of it alone).
   */
  async create(object: KubeObject, dryRun: boolean): Promise<KubeObject> {
    try {
      return (await this.objects.create(
        object,
        undefined,
        dryRun ? 'All' : undefined,
        FIELD_MANAGER,
      )) as KubeObject;
    } catch (error) {
      throw explain(error, {
        verb: 'create',
        kind: kindOf(object),
        name: object.metadata.name,
        namespace: object.metadata.namespace,
      });
    }
  }

  /** Deletes the object; false when it was already gone. */
  async remove(
    kind: KindInfo,
    name: string,
    namespace: string | undefined,
    dryRun: boolean,
  ): Promise<boolean> {
    try {
      await this.objects.delete(
        header(kind, name, namespace),
        undefined,
        dryRun ? 'All' : undefined,
        undefined,
        undefined,
        'Background',
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw explain(error, { verb: 'delete', kind, name, namespace });
    }
  }
}
