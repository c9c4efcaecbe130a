import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { ConversionWebhook } from '../context';
import { controlPlaneConversion } from '../operators/controlPlaneConversion';
import { ServingCertificate } from '../server/certificate';
import { readBody, sendJson } from '../server/http';

/** The CRD conversions the operators installed with the cluster serve. */
export const clusterConversions: ConversionWebhook[] = [controlPlaneConversion];

export const conversionPath = (crd: string) => `/convert/${crd}`;

/**
 * The conversion webhooks of the operators the cluster comes with (the Service
 * Mesh operator's ServiceMeshControlPlane v1 <-> v2), served for the cluster's
 * whole life by the process that owns it, as an operator installed with OLM
 * serves its webhooks: the CRDs point at one URL that never goes away between
 * sandboxes.
 */
export async function startConversionServer(
  certificate: ServingCertificate,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer(certificate, async (req, res) => {
    const crd = (req.url ?? '').split('?')[0].replace(/^\/convert\//, '');
    const conversion = clusterConversions.find(c => c.crd === crd);
    try {
      const request = JSON.parse(await readBody(req)).request ?? {};
      sendJson(res, 200, {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'ConversionReview',
        response: conversion
          ? {
              uid: request.uid,
              convertedObjects: (request.objects ?? []).map((object: any) =>
                conversion.convert(object, request.desiredAPIVersion),
              ),
              result: { status: 'Success' },
            }
          : {
              uid: request.uid,
              result: {
                status: 'Failure',
                message: `no conversion for ${crd}`,
              },
            },
      });
    } catch (error) {
      sendJson(res, 400, { message: (error as Error).message });
    }
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
