import { KubeObject, NamespaceObjects } from './kubeObjects';
import { labelsMatch } from './labels';

/** The Deployment a ReplicaSet-owned pod belongs to: `<deployment>-<pod-template-hash>`. */
function owningDeployment(pod: KubeObject): string | undefined {
  const owner = pod.metadata.ownerReferences?.find(
    ref => ref.kind === 'ReplicaSet',
  );
  if (!owner) return undefined;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (hash && owner.name.endsWith(`-${hash}`))
    return owner.name.slice(0, -(hash.length + 1));
  const cut = owner.name.lastIndexOf('-');
  return cut > 0 ? owner.name.slice(0, cut) : owner.name;
}

/**
 * Lookups over one namespace's objects, built once per status so that its cost
 * grows with the number of objects, not with services × pods.
 */
export class NamespaceIndex {
  private readonly podsByDeployment = new Map<string, KubeObject[]>();
  private readonly podsWithoutOwner: KubeObject[] = [];
  private readonly deploymentsByLabel = new Map<string, KubeObject[]>();

  constructor(objects: NamespaceObjects) {
    for (const pod of objects.pods) {
      const deployment = owningDeployment(pod);
      if (!deployment) {
        this.podsWithoutOwner.push(pod);
        continue;
      }
      const pods = this.podsByDeployment.get(deployment) ?? [];
      pods.push(pod);
      this.podsByDeployment.set(deployment, pods);
    }
    for (const deployment of objects.deployments) {
      for (const [key, value] of Object.entries(
        deployment.spec?.template?.metadata?.labels ?? {},
      )) {
        const label = `${key}=${value}`;
        const list = this.deploymentsByLabel.get(label) ?? [];
        list.push(deployment);
        this.deploymentsByLabel.set(label, list);
      }
    }
  }

  /**
   * The pods of a Deployment: those its ReplicaSets own, so that overlapping
   * selectors (SockShop's front-end and front-end-v2 both select `name:
   * front-end`) count no pod twice; pods without an owner match by selector.
   */
  podsOf(deployment: KubeObject): KubeObject[] {
    const owned = this.podsByDeployment.get(deployment.metadata.name) ?? [];
    const selector = deployment.spec?.selector?.matchLabels;
    const loose = this.podsWithoutOwner.filter(pod =>
      labelsMatch(selector, pod.metadata.labels),
    );
    return loose.length > 0 ? [...owned, ...loose] : owned;
  }

  /** Deployments whose pod template a label selector (a Service's) selects. */
  deploymentsSelectedBy(
    selector: Record<string, string> | undefined,
  ): KubeObject[] {
    const entries = Object.entries(selector ?? {});
    if (entries.length === 0) return [];
    const [key, value] = entries[0];
    const candidates = this.deploymentsByLabel.get(`${key}=${value}`) ?? [];
    return candidates.filter(d =>
      labelsMatch(selector, d.spec?.template?.metadata?.labels),
    );
  }
}
