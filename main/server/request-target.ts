// The request target (the path and query of the request line), checked before anything looks at
// it: origin-form only ('/' then a path, never '//host' or 'http://…'), every path segment valid
// percent-encoding that decodes to no '/', '\', NUL or other control character and is not '.' or
// '..' (raw or as %2e), no empty segment inside the path, and at most maxTargetLength chars.
import { quoteForMessage, safeDecodeURIComponent } from './safe-decode';

export const maxTargetLength = 8192;

export interface RequestTarget {
  /** The decoded path, '/'-joined decoded segments. */
  path: string;
  /** The path as sent (still percent-encoded); safe to echo in a Location header. */
  rawPath: string;
  query: URLSearchParams;
}

export type TargetVerdict =
  { ok: true; target: RequestTarget } | { ok: false; status: 400 | 414; reason: string };

const refuse = (reason: string): TargetVerdict => ({ ok: false, status: 400, reason });

// Control characters (C0 and DEL) and anything outside ASCII, which a request line never carries.
// eslint-disable-next-line no-control-regex
const rawForbidden = /[\u0000-\u0020\u007f-\uffff\\]/;
// eslint-disable-next-line no-control-regex
const decodedForbidden = /[\u0000-\u001f\u007f/\\]/;

const segmentProblem = (raw: string): string | undefined => {
  const decoded = safeDecodeURIComponent(raw);
  if (decoded === undefined)
    return `The path segment ${quoteForMessage(raw)} is not valid percent-encoding.`;
  if (decoded === '.' || decoded === '..')
    return `The path segment ${quoteForMessage(raw)} is a '.' or '..' segment; paths stay inside the app.`;
  const bad = decodedForbidden.exec(decoded);
  if (bad) {
    const what =
      bad[0] === '/' || bad[0] === '\\'
        ? 'an encoded slash'
        : bad[0] === '\u0000'
          ? 'a NUL byte'
          : 'a control character';
    return `The path segment ${quoteForMessage(raw)} decodes to ${what}.`;
  }
  return undefined;
};

export const parseRequestTarget = (raw: string | undefined): TargetVerdict => {
  if (!raw) return refuse('The request has no path.');
  if (raw.length > maxTargetLength)
    return {
      ok: false,
      status: 414,
      reason: `The request path is ${raw.length} characters; the most is ${maxTargetLength}.`,
    };
  if (!raw.startsWith('/') || raw.startsWith('//'))
    return refuse(`The request path ${quoteForMessage(raw)} must start with a single '/'.`);
  const hash = raw.indexOf('#');
  const noFragment = hash < 0 ? raw : raw.slice(0, hash);
  const q = noFragment.indexOf('?');
  const rawPath = q < 0 ? noFragment : noFragment.slice(0, q);
  const rawQuery = q < 0 ? '' : noFragment.slice(q + 1);
  if (rawForbidden.test(rawPath))
    return refuse(
      `The request path ${quoteForMessage(rawPath)} has a space, backslash, control or non-ASCII character.`,
    );
  const segments = rawPath.slice(1).split('/');
  const decoded: string[] = [];
  for (const [i, seg] of segments.entries()) {
    if (seg === '' && i < segments.length - 1)
      return refuse(`The request path ${quoteForMessage(rawPath)} has an empty segment ('//').`);
    const problem = segmentProblem(seg);
    if (problem) return refuse(problem);
    decoded.push(safeDecodeURIComponent(seg) ?? '');
  }
  return {
    ok: true,
    target: { path: `/${decoded.join('/')}`, rawPath, query: new URLSearchParams(rawQuery) },
  };
};
