import { IstioLabels } from '../traffic/istioLabels';
import { requestHealth } from './requestRates';

const row = (
  labels: Partial<IstioLabels> & Record<string, string>,
  rate: number,
) => ({
  labels: {
    reporter: 'destination',
    destination_service_name: 'grpc-svc',
    ...labels,
  } as unknown as IstioLabels,
  rate,
});
const toGrpcSvc = (l: IstioLabels) => l.destination_service_name === 'grpc-svc';

describe('requestHealth codes, as Kiali aggregates them (models/health.go)', () => {
  it('keys gRPC requests by their gRPC status, so OK is "0" and UNAVAILABLE "14"', () => {
    const health = requestHealth(
      [
        row(
          {
            request_protocol: 'grpc',
            response_code: '200',
            grpc_response_status: '0',
          },
          9,
        ),
        row(
          {
            request_protocol: 'grpc',
            response_code: '200',
            grpc_response_status: '14',
          },
          1,
        ),
      ],
      toGrpcSvc,
      () => false,
    );
    expect(health.inbound).toEqual({ grpc: { '0': 9, '14': 1 } });
  });

  it('keys no response as "-", whatever the protocol, and HTTP by its code', () => {
    const health = requestHealth(
      [
        row(
          {
            request_protocol: 'grpc',
            response_code: '0',
            grpc_response_status: '2',
          },
          1,
        ),
        row({ request_protocol: 'http', response_code: '0' }, 2),
        row({ request_protocol: 'http', response_code: '503' }, 3),
      ],
      toGrpcSvc,
      () => false,
    );
    expect(health.inbound).toEqual({
      grpc: { '-': 1 },
      http: { '-': 2, '503': 3 },
    });
  });
});
