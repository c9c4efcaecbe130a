import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

export type StubHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback HTTP server whose behaviour a test sets per case. */
export async function startStubServer(): Promise<{
  url: string;
  handle(handler: StubHandler): void;
  stop(): Promise<void>;
}> {
  let current: StubHandler = (_req, res) => res.end();
  const server: Server = createServer((req, res) => current(req, res));
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handle(handler) {
      current = handler;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}
