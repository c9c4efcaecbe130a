import { StatusCause } from './errors';
import { K8sObject, ResourceType } from './types';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Kinds whose names must be a DNS-1123 label (63 characters), not a subdomain. */
const labelNamedKinds = new Set(['Namespace', 'Route']);

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
  if (type.kind === 'Service') {
    if (name.length > 63 || !dns1035Label.test(name)) {
      return [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
          field: 'metadata.name',
        },
      ];
    }
    return [];
  }
  if (labelNamedKinds.has(type.kind)) {
    if (name.length > 63 || !dns1123Label.test(name)) {
      return [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
          field: 'metadata.name',
        },
      ];
    }
    return [];
  }
  if (name.length > 253 || !dns1123Subdomain.test(name)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        field: 'metadata.name',
      },
    ];
  }
  return [];
}

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

function labelsMatch(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
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
    case 'apps/DaemonSet': {
      const causes: StatusCause[] = [];
      if (!spec?.selector) causes.push(required('spec.selector'));
      if (!spec?.template) {
        causes.push(required('spec.template'));
        return causes;
      }
      if (
        spec.selector?.matchLabels &&
        !labelsMatch(spec.selector.matchLabels, spec.template.metadata?.labels)
      ) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: map[string]string${JSON.stringify(
            spec.template.metadata?.labels ?? {},
          )}: \`selector\` does not match template \`labels\``,
          field: 'spec.template.metadata.labels',
        });
      }
      if (
        spec.replicas !== undefined &&
        (!Number.isInteger(spec.replicas) || spec.replicas < 0)
      ) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(
            spec.replicas,
          )}: must be greater than or equal to 0`,
          field: 'spec.replicas',
        });
      }
      return [
        ...causes,
        ...podSpecCauses(spec.template.spec, 'spec.template.spec'),
      ];
    }
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
    JSON.stringify(before.spec?.selector) !==
      JSON.stringify(after.spec?.selector)
  ) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(
        after.spec?.selector,
      )}: field is immutable`,
      field: 'spec.selector',
    });
  }
  return causes;
}
