/**
 * A DNS-1123 label: what Kubernetes allows as a namespace, Service or most
 * object names (at most 63 characters, checked apart).
 *
 * @public
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A DNS-1123 subdomain: labels joined by dots, as Kubernetes allows for
 * label values and some object names (`v1.2`).
 *
 * @public
 */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * What a name breaking the DNS-1123 label rule is told.
 *
 * @public
 */
export const DNS1123_LABEL_MESSAGE =
  'must be a lowercase RFC 1123 name: a-z, 0-9 and "-", starting and ending with a letter or digit';
