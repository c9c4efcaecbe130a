import {
  MANAGED_BY_LABEL,
  ORIGINAL_STATE_ANNOTATION,
} from '@service-mesh/plugin-service-mesh-common';
import { KubeObject } from './meshCluster';

/**
 * What teardown does with an object the actions touched, stored in the
 * ORIGINAL_STATE annotation. Objects without it were created and are deleted.
 */
export type OriginalState =
  /** The object existed; the actions only added fields, which teardown releases. */
  | { changed: true }
  /** Deployed as the app's starting point; later steps change it like any existing object, teardown deletes it. */
  | { deployed: true }
  /** The object was created in place of this one, which teardown puts back. */
  | { replaces: KubeObject };

/** The label every object the actions create or change carries. */
export const managedLabels = (user: string) => ({ [MANAGED_BY_LABEL]: user });

export const managedSelector = (user: string) => `${MANAGED_BY_LABEL}=${user}`;

export function originalStateAnnotation(state: OriginalState) {
  return { [ORIGINAL_STATE_ANNOTATION]: JSON.stringify(state) };
}

export function originalStateOf(object: KubeObject): OriginalState | undefined {
  const text = object.metadata.annotations?.[ORIGINAL_STATE_ANNOTATION];
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
