import type { Namespace, Socket } from 'socket.io';
import type { ClientEvents, ServerEvents } from '../../live-events.ts';
import type { Principal } from '../auth/principal.ts';

export interface LiveSocketData {
  principal: Principal;
  /** When the credential of the handshake expires (ms since the epoch). */
  expiresAt: number;
}

export type LiveNamespace = Namespace<ClientEvents, ServerEvents, Record<string, never>, LiveSocketData>;
export type LiveSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, LiveSocketData>;
