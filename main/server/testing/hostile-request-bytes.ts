// The bytes of one hostile request (hostile-corpus.ts), with the live port and token filled in.
import type { HostileSpec } from './hostile-corpus';

const fill = (s: string, port: number, token: string): string =>
  s.replaceAll('{{PORT}}', String(port)).replaceAll('{{TOKEN}}', token);

/** The bytes to send, with the live port and token. */
export const renderRequest = (spec: HostileSpec, port: number, token: string): Buffer => {
  if (spec.garbage !== undefined) return Buffer.from(fill(spec.garbage, port, token), 'latin1');
  const body = Buffer.from(spec.body, spec.kind === 'bad-body-not-utf8' ? 'latin1' : 'utf8');
  const headers = spec.headers.map(
    ([k, v]) => `${fill(k, port, token)}: ${fill(v, port, token)}\r\n`,
  );
  if (spec.contentLength === 'auto') headers.push(`Content-Length: ${body.length}\r\n`);
  else if (spec.contentLength !== null) headers.push(`Content-Length: ${spec.contentLength}\r\n`);
  const head = `${fill(spec.method, port, token)} ${fill(spec.target, port, token)} HTTP/1.1\r\n${headers.join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
};
