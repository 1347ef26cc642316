/**
 * For the harness's own child processes: tell the parent which port we listen on, and exit when the
 * parent goes away so no server outlives a crashed run.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningMessage {
  type: 'listening';
  port: number;
}

export function reportListening(server: Server): void {
  const message: ListeningMessage = { type: 'listening', port: (server.address() as AddressInfo).port };
  process.send?.(message);
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
