import { MutatingWebhook } from '../context';
import { kinds } from '../client/kinds';
import { KubeClient } from '../client/kubeClient';
import { RouteHandler, readBody, sendJson } from './http';

const pathPrefix = '/_sandbox/webhooks/';
export const webhookConfigurationName = 'mesh-sandbox-simulators';

/** A JSON patch that turns `before` into `after` for the parts webhooks change. */
function patchFor(before: any, after: any) {
  const ops: { op: string; path: string; value: unknown }[] = [];
  for (const field of ['labels', 'annotations'] as const) {
    if (
      JSON.stringify(before.metadata?.[field]) !==
      JSON.stringify(after.metadata?.[field])
    )
      ops.push({
        op: 'add',
        path: `/metadata/${field}`,
        value: after.metadata?.[field] ?? {},
      });
  }
  if (JSON.stringify(before.spec) !== JSON.stringify(after.spec))
    ops.push({ op: 'add', path: '/spec', value: after.spec });
  return ops;
}

/** Answers the API server's AdmissionReview calls for the registered webhooks. */
export function webhookHandler(
  webhooks: () => MutatingWebhook[],
): RouteHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith(pathPrefix) || req.method !== 'POST')
      return false;
    const name = url.pathname.slice(pathPrefix.length);
    const webhook = webhooks().find(w => w.name === name);
    const review = JSON.parse(await readBody(req));
    const request = review.request ?? {};
    const response: Record<string, unknown> = {
      uid: request.uid,
      allowed: true,
    };
    if (webhook) {
      const object = request.object;
      const mutated = webhook.mutate({
        operation: request.operation,
        namespace: request.namespace,
        object: {
          ...object,
          metadata: {
            ...object.metadata,
            namespace: object.metadata?.namespace ?? request.namespace,
          },
        },
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
        ...(webhook.namespaceSelector
          ? { namespaceSelector: webhook.namespaceSelector }
          : {}),
        clientConfig: {
          url: `${serverUrl}${pathPrefix}${webhook.name}`,
          caBundle: Buffer.from(caCertificate).toString('base64'),
        },
      })),
    },
    { fieldManager: 'mesh-sandbox', force: true },
  );
}
