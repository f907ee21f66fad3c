// Answers for the requests Node's HTTP parser refuses before the web shell sees them (bad
// request line, method, header, Content-Length or chunk; headers over 16 KiB; too slow): the
// status and a short message naming what was wrong, written onto the socket as JSON.
import type { Duplex } from 'node:stream';
import { answerSocket } from './http-answers';

export const clientErrorAnswer = (code: string): { status: number; error: string } => {
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, error: 'The request headers are over 16 KiB.' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT')
    return { status: 408, error: 'The request took too long to arrive.' };
  if (code === 'HPE_INVALID_METHOD')
    return { status: 400, error: 'The request method is not valid HTTP; use GET, HEAD or POST.' };
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW')
    return { status: 413, error: 'The chunk extensions are too large.' };
  return { status: 400, error: `The request is not valid HTTP (${code || 'unknown error'}).` };
};

/** The server's 'clientError' listener. */
export const onClientError = (err: NodeJS.ErrnoException, socket: Duplex): void => {
  const code = err.code ?? '';
  // A response already started on this keep-alive socket: nothing can be added to it.
  const started = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage
    ?.headersSent;
  if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable || started) {
    socket.destroy();
    return;
  }
  const a = clientErrorAnswer(code);
  answerSocket(socket, a.status, a.error);
};
