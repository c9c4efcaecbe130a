// Whether something listens on a loopback port: for yarn start and yarn e2e.
import { connect } from 'node:net';

export function portOpen(port) {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
