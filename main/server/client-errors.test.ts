import { describe, expect, it } from 'vitest';
import { clientErrorAnswer } from './client-errors';

describe('clientErrorAnswer', () => {
  it('maps the parser error codes to a status and a message naming the problem', () => {
    expect(clientErrorAnswer('HPE_HEADER_OVERFLOW')).toEqual({
      status: 431,
      error: 'The request headers are over 16 KiB.',
    });
    expect(clientErrorAnswer('ERR_HTTP_REQUEST_TIMEOUT').status).toBe(408);
    expect(clientErrorAnswer('HPE_INVALID_METHOD').error).toContain('GET, HEAD or POST');
    expect(clientErrorAnswer('HPE_INVALID_CONTENT_LENGTH')).toEqual({
      status: 400,
      error: 'The request is not valid HTTP (HPE_INVALID_CONTENT_LENGTH).',
    });
    expect(clientErrorAnswer('').error).toContain('unknown error');
  });
});
