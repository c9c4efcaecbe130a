/** A Kubernetes object as the API serves it. */
export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [field: string]: any;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  finalizers?: string[];
  [field: string]: any;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** One kind of object the API server serves, at one or more versions. */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  /** Served versions, the preferred (storage) one first. */
  versions: string[];
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  hasStatus: boolean;
  /** Serves the autoscaling/v1 `scale` subresource over spec.replicas. */
  hasScale?: boolean;
  /** Printer columns of `kubectl get` besides NAME; AGE is added last unless one shows the creationTimestamp. */
  printerColumns?: PrinterColumn[];
  /** Set for custom kinds: the CRD name that must exist for the kind to be served. */
  crdName?: string;
}

export const groupVersion = (group: string, version: string) =>
  group ? `${group}/${version}` : version;

/** `virtualservices.networking.istio.io`, `pods` for the core group. */
export const qualifiedResource = (type: ResourceType) =>
  type.group ? `${type.plural}.${type.group}` : type.plural;
