import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LISTEN_PATH, type ListenHub } from './listen-hub.js';
import { SUBPROTOCOL } from './protocol.js';

/** Messages from the CLI are small JSON objects (an ack, or a response with a body cut to 5000 bytes). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Refuses the handshake with Stripe's error object (the CLI reads `error.message` from the response). */
function refuse(socket: Duplex, status: 400 | 404, message: string): void {
  const body = JSON.stringify({ error: { type: 'invalid_request_error', message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Not Found'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/**
 * The websocket `stripe listen` connects to, for the HTTP server's `upgrade` event. The session's unguessable
 * `Websocket-Id` (handed out only to a caller with a valid API key) is the credential, as with Stripe: the CLI
 * sends no API key when it dials. Returns false for an upgrade to another path (the caller refuses it).
 */
export function createListenUpgrade(
  hub: ListenHub,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean {
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  return (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname !== LISTEN_PATH) return false;
    const idHeader = req.headers['websocket-id'];
    const id = Array.isArray(idHeader) ? idHeader[0] : idHeader;
    const session = id ? hub.session(id) : undefined;
    if (!session) {
      refuse(socket, 400, 'Unknown WebSocket ID.');
      return true;
    }
    const feature = url.searchParams.get('websocket_feature');
    if (feature !== session.feature) {
      refuse(
        socket,
        400,
        `This WebSocket is authorized for the feature ${session.feature}, not ${feature ?? '(none)'}.`,
      );
      return true;
    }
    server.handleUpgrade(req, socket, head, (ws) => hub.attach(session, ws));
    return true;
  };
}
