import { StatusCause } from './errors';
import { sameValue } from './fieldPaths';
import { goLabelSelector, goStringMap } from './goFormat';
import { matchesLabelSelector } from './selectors';
import { K8sObject, ResourceType } from './types';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Kinds whose names must be a DNS-1123 label (63 characters), not a subdomain. */
const labelNamedKinds = new Set(['Namespace', 'Route']);

const labelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const dns1035Message =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** What apimachinery's IsDNS1123Label & co. report: a length and/or a format error. */
function nameRuleErrors(
  name: string,
  maxLength: number,
  pattern: RegExp,
  formatMessage: string,
): string[] {
  const errors: string[] = [];
  if (name.length > maxLength)
    errors.push(`must be no more than ${maxLength} characters`);
  if (!pattern.test(name)) errors.push(formatMessage);
  return errors;
}

function nameCauses(
  type: ResourceType,
  name: string | undefined,
): StatusCause[] {
  if (!name) {
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ];
  }
  let errors: string[];
  if (type.kind === 'Service') {
    errors = nameRuleErrors(name, 63, dns1035Label, dns1035Message);
  } else if (labelNamedKinds.has(type.kind)) {
    errors = nameRuleErrors(name, 63, dns1123Label, labelMessage);
  } else {
    errors = nameRuleErrors(name, 253, dns1123Subdomain, subdomainMessage);
  }
  return errors.map(error => ({
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(name)}: ${error}`,
    field: 'metadata.name',
  }));
}

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

const invalidValue = (
  field: string,
  value: string,
  detail: string,
): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${value}: ${detail}`,
  field,
});

/** apps/v1 workloads, in the order the API server validates them. */
function workloadCauses(type: ResourceType, spec: any): StatusCause[] {
  const causes: StatusCause[] = [];
  if (
    spec?.replicas !== undefined &&
    (!Number.isInteger(spec.replicas) || spec.replicas < 0)
  ) {
    causes.push(
      invalidValue(
        'spec.replicas',
        JSON.stringify(spec.replicas),
        'must be greater than or equal to 0',
      ),
    );
  }
  const selector = spec?.selector;
  if (!selector) {
    causes.push(required('spec.selector'));
  } else if (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  ) {
    causes.push(
      invalidValue(
        'spec.selector',
        goLabelSelector(selector),
        `empty selector is invalid for ${type.singular}`,
      ),
    );
  }
  if (!spec?.template) {
    causes.push(required('spec.template'));
    return causes;
  }
  const labels = spec.template.metadata?.labels;
  // A missing selector selects nothing, so it cannot match the template either.
  const emptySelector =
    selector && causes.some(c => c.field === 'spec.selector');
  if (!emptySelector && !matchesLabelSelector(selector, labels)) {
    causes.push(
      invalidValue(
        'spec.template.metadata.labels',
        goStringMap(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  return [
    ...causes,
    ...podSpecCauses(spec.template.spec, 'spec.template.spec'),
  ];
}

function podSpecCauses(spec: any, prefix: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required(`${prefix}.containers`));
    return causes;
  }
  containers.forEach((container: any, i: number) => {
    if (!container?.name)
      causes.push(required(`${prefix}.containers[${i}].name`));
    if (!container?.image)
      causes.push(required(`${prefix}.containers[${i}].image`));
  });
  return causes;
}

/** Schema checks the API server makes on every write of a kind. */
function specCauses(type: ResourceType, object: K8sObject): StatusCause[] {
  const spec = object.spec;
  switch (`${type.group}/${type.kind}`) {
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/StatefulSet':
    case 'apps/DaemonSet':
      return workloadCauses(type, spec);
    case '/Pod':
      return podSpecCauses(spec, 'spec');
    case '/Service': {
      const ports = spec?.ports ?? [];
      return (ports as any[]).flatMap((port, i) =>
        Number.isInteger(port?.port) ? [] : [required(`spec.ports[${i}].port`)],
      );
    }
    case 'route.openshift.io/Route':
      return spec?.to?.name ? [] : [required('spec.to.name')];
    case 'networking.istio.io/DestinationRule':
      return spec?.host ? [] : [required('spec.host')];
    default:
      return [];
  }
}

/** Everything the API server rejects with 422 Invalid before it stores an object. */
export function validationCauses(
  type: ResourceType,
  object: K8sObject,
): StatusCause[] {
  return [
    ...nameCauses(type, object.metadata?.name),
    ...specCauses(type, object),
  ];
}

/** Fields that may not change once an object exists. */
export function immutableCauses(
  type: ResourceType,
  before: K8sObject,
  after: K8sObject,
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (
    type.group === 'apps' &&
    !sameValue(before.spec?.selector, after.spec?.selector)
  ) {
    causes.push(
      invalidValue(
        'spec.selector',
        goLabelSelector(after.spec?.selector),
        'field is immutable',
      ),
    );
  }
  return causes;
}
