import { explain, isMissingKind } from './errors';
import { kinds } from './kinds';

const apiError = (
  code: number,
  status: object,
  message = `HTTP-Code: ${code}`,
) => Object.assign(new Error(message), { code, body: JSON.stringify(status) });

describe('explain', () => {
  it('tells a missing kind by the absent details of the 404', () => {
    const error = apiError(404, {
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
    expect(isMissingKind(error)).toBe(true);
    expect(
      explain(error, {
        verb: 'get',
        kind: kinds.kiali,
        name: 'kiali',
        namespace: 'ns',
      }).message,
    ).toBe(
      'The cluster does not know the kind Kiali (kiali.io/v1alpha1); install the Kiali operator (kiali.io) first',
    );
  });

  it('tells a missing object by the details of the 404', () => {
    const error = apiError(404, {
      reason: 'NotFound',
      details: { name: 'x', kind: 'virtualservices' },
    });
    expect(isMissingKind(error)).toBe(false);
    expect(
      explain(error, {
        verb: 'get',
        kind: kinds.virtualService,
        name: 'x',
        namespace: 'ns',
      }).message,
    ).toBe("VirtualService 'x' in namespace 'ns' does not exist");
  });

  it('passes on an admission webhook refusal without its prefix', () => {
    const error = apiError(403, {
      reason: 'Forbidden',
      message:
        'virtualservices.networking.istio.io "vs" is forbidden: admission webhook "rev.validation.istio.io" denied the request: configuration is invalid: total destination weight 90 != 100',
    });
    expect(
      explain(error, {
        verb: 'apply',
        kind: kinds.virtualService,
        name: 'vs',
        namespace: 'ns',
      }).message,
    ).toBe(
      "The cluster refused to patch (server-side apply) VirtualService 'vs' in namespace 'ns': configuration is invalid: total destination weight 90 != 100",
    );
  });

  it('keeps tokens and request details out of the sentence', () => {
    const error = apiError(
      401,
      { reason: 'Unauthorized' },
      'HTTP-Code: 401 Headers: {"authorization":"Bearer secret-token"}',
    );
    const explained = explain(error, {
      verb: 'list',
      kind: kinds.pod,
      namespace: 'ns',
    });
    expect(explained.message).toBe(
      "The cluster rejected the configured credentials (401 Unauthorized) while trying to list Pods in namespace 'ns'; check the cluster's serviceAccountToken",
    );
    expect(explained.stack).not.toContain('secret-token');
    expect(explained.stack).not.toMatch(/\n\s+at /);
  });
});
