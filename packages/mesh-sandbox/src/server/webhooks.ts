import { ConversionWebhook, MutatingWebhook } from '../context';
import { kinds } from '../client/kinds';
import { KubeClient } from '../client/kubeClient';
import { K8sObject } from '../k8s/types';
import { RouteHandler, readBody, sendJson } from './http';

const pathPrefix = '/_sandbox/webhooks/';
const conversionPrefix = '/_sandbox/conversion/';
export const webhookConfigurationName = 'mesh-sandbox-simulators';

/** A JSON patch that turns `before` into `after` for the parts webhooks change. */
function patchFor(before: any, after: any) {
  const ops: { op: string; path: string; value: unknown }[] = [];
  for (const field of ['labels', 'annotations'] as const) {
    if (JSON.stringify(before.metadata?.[field]) !== JSON.stringify(after.metadata?.[field]))
      ops.push({ op: 'add', path: `/metadata/${field}`, value: after.metadata?.[field] ?? {} });
  }
  if (JSON.stringify(before.spec) !== JSON.stringify(after.spec))
    ops.push({ op: 'add', path: '/spec', value: after.spec });
  return ops;
}

/** Answers the API server's AdmissionReview calls for the registered webhooks. */
export function webhookHandler(webhooks: () => MutatingWebhook[]): RouteHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith(pathPrefix) || req.method !== 'POST') return false;
    const name = url.pathname.slice(pathPrefix.length);
    const webhook = webhooks().find(w => w.name === name);
    const review = JSON.parse(await readBody(req));
    const request = review.request ?? {};
    const response: Record<string, unknown> = { uid: request.uid, allowed: true };
    if (webhook) {
      const object = request.object;
      const mutated = webhook.mutate({
        operation: request.operation,
        namespace: request.namespace,
        object: { ...object, metadata: { ...object.metadata, namespace: object.metadata?.namespace ?? request.namespace } },
        oldObject: request.oldObject ?? undefined,
        dryRun: Boolean(request.dryRun),
      });
      const ops = mutated ? patchFor(object, mutated) : [];
      if (ops.length > 0) {
        response.patchType = 'JSONPatch';
        response.patch = Buffer.from(JSON.stringify(ops)).toString('base64');
      }
    }
    sendJson(res, 200, {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response,
    });
    return true;
  };
}

/** Points the API server at the sandbox's webhooks (one configuration, replaced on every start). */
export async function registerWebhooks(
  client: KubeClient,
  webhooks: MutatingWebhook[],
  serverUrl: string,
  caCertificate: string,
) {
  await client.apply(
    kinds.mutatingWebhookConfigurations,
    {
      metadata: { name: webhookConfigurationName },
      webhooks: webhooks.map(webhook => ({
        name: webhook.name,
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        failurePolicy: 'Fail',
        timeoutSeconds: 10,
        reinvocationPolicy: 'Never',
        rules: webhook.rules.map(rule => ({ ...rule, scope: '*' })),
        ...(webhook.namespaceSelector ? { namespaceSelector: webhook.namespaceSelector } : {}),
        clientConfig: {
          url: `${serverUrl}${pathPrefix}${webhook.name}`,
          caBundle: Buffer.from(caCertificate).toString('base64'),
        },
      })),
    },
    { fieldManager: 'mesh-sandbox', force: true },
  );
}

/** Answers the API server's ConversionReview calls for the registered CRD conversions. */
export function conversionHandler(conversions: () => ConversionWebhook[]): RouteHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith(conversionPrefix) || req.method !== 'POST') return false;
    const crd = url.pathname.slice(conversionPrefix.length);
    const review = JSON.parse(await readBody(req));
    const request = review.request ?? {};
    const conversion = conversions().find(c => c.crd === crd);
    const response = conversion
      ? {
          uid: request.uid,
          convertedObjects: (request.objects ?? []).map((object: any) =>
            conversion.convert(object, request.desiredAPIVersion),
          ),
          result: { status: 'Success' },
        }
      : {
          uid: request.uid,
          result: { status: 'Failure', message: `no conversion for ${crd}` },
        };
    sendJson(res, 200, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'ConversionReview',
      response,
    });
    return true;
  };
}

/** Points each CRD's conversion at the sandbox, as an operator's bundle does. */
export async function registerConversions(
  client: KubeClient,
  conversions: ConversionWebhook[],
  serverUrl: string,
  caCertificate: string,
) {
  for (const conversion of conversions) {
    const crd = await client.tryGet(kinds.customResourceDefinitions, undefined, conversion.crd);
    if (!crd) continue;
    await client.mergePatch(kinds.customResourceDefinitions, undefined, conversion.crd, {
      spec: {
        conversion: {
          strategy: 'Webhook',
          webhook: {
            conversionReviewVersions: ['v1'],
            clientConfig: {
              url: `${serverUrl}${conversionPrefix}${conversion.crd}`,
              caBundle: Buffer.from(caCertificate).toString('base64'),
            },
          },
        },
      },
    });
    await untilServed(client, crd);
  }
}

/** A changed CRD re-creates its storage: waits until its kind answers at every version again. */
async function untilServed(client: KubeClient, crd: K8sObject) {
  const { group, names, versions } = crd.spec;
  for (const version of versions as { name: string }[]) {
    await client.request('GET', `/apis/${group}/${version.name}/${names.plural}?limit=1`);
  }
}

/** Takes back every conversion webhook that points at a sandbox (one that may be gone). */
export async function unregisterConversions(client: KubeClient) {
  for (const crd of (await client.list(kinds.customResourceDefinitions)).items) {
    const url: string | undefined = crd.spec?.conversion?.webhook?.clientConfig?.url;
    if (!url?.includes(conversionPrefix)) continue;
    await client.mergePatch(kinds.customResourceDefinitions, undefined, crd.metadata.name!, {
      spec: { conversion: { strategy: 'None', webhook: null } },
    });
    await untilServed(client, crd);
  }
}
