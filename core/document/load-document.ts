// Turns a JSON string or a parsed value into a TesseraDocument plus diagnostics. Never throws:
// every problem with the input is a diagnostic with the path and the fix.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { APP_VERSION, FIRST_APP_VERSION_FOR_FORMAT } from './app-version';
import { documentSchema } from './document.schema';
import { CURRENT_FORMAT_VERSION, DOCUMENT_FORMAT, type TesseraDocument } from './document.types';
import { locateJsonError } from './json-error-location';
import { migrateDocument, type RawDocument } from './migrations/migration';

export interface LoadResult {
  document?: TesseraDocument;
  diagnostics: Diagnostic[];
}

const SOURCE = 'document';
const MAX_SCHEMA_ISSUES = 20;

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'text' : typeof v;

const pointer = (path: readonly PropertyKey[]): string =>
  '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

const parseText = (text: string): { value?: unknown; diagnostic?: Diagnostic } => {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    const where = locateJsonError(text);
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const at = where
      ? ` at line ${where.line}, column ${where.column} (expected ${where.expected})`
      : '';
    return {
      diagnostic: diagnostic(
        'error',
        SOURCE,
        `The project file is not valid JSON${at}: ${detail}. Fix the file in a text editor or restore a backup.`,
      ),
    };
  }
};

const neededApp = (raw: RawDocument, version: number): string => {
  const known = FIRST_APP_VERSION_FOR_FORMAT[version];
  if (known) return known;
  return typeof raw.appVersion === 'string' && raw.appVersion.length < 40
    ? raw.appVersion
    : 'a newer version';
};

const load = (input: unknown): LoadResult => {
  const diagnostics: Diagnostic[] = [];
  let value = input;
  if (typeof input === 'string') {
    const parsed = parseText(input);
    if (parsed.diagnostic) return { diagnostics: [parsed.diagnostic] };
    value = parsed.value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      diagnostics: [
        diagnostic(
          'error',
          SOURCE,
          `A project file must hold a JSON object with "format": "${DOCUMENT_FORMAT}"; this one holds ${describe(value)}. Open a Tessera project file.`,
        ),
      ],
    };
  }
  let raw = value as RawDocument;
  if (raw.format !== DOCUMENT_FORMAT) {
    const got =
      raw.format === undefined
        ? 'has no "format" field'
        : `has "format": ${JSON.stringify(raw.format)?.slice(0, 60)}`;
    return {
      diagnostics: [
        diagnostic(
          'error',
          SOURCE,
          `This is not a Tessera project: the file ${got}, expected "${DOCUMENT_FORMAT}". Open a file saved by Tessera.`,
          { path: '/format' },
        ),
      ],
    };
  }
  const version = raw.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return {
      diagnostics: [
        diagnostic(
          'error',
          SOURCE,
          `"formatVersion" must be a whole number from 0 to ${CURRENT_FORMAT_VERSION}; got ${JSON.stringify(version)?.slice(0, 60) ?? 'nothing'}. Set it to the version the file was written with (${CURRENT_FORMAT_VERSION} for this app).`,
          { path: '/formatVersion' },
        ),
      ],
    };
  }
  if (version > CURRENT_FORMAT_VERSION) {
    return {
      diagnostics: [
        diagnostic(
          'error',
          SOURCE,
          `This project uses format version ${version}, newer than this app (Tessera ${APP_VERSION} reads up to version ${CURRENT_FORMAT_VERSION}). Install Tessera ${neededApp(raw, version)} or newer to open it.`,
          { path: '/formatVersion' },
        ),
      ],
    };
  }
  if (version < CURRENT_FORMAT_VERSION) {
    try {
      raw = migrateDocument(raw, version);
    } catch (e) {
      return {
        diagnostics: [
          diagnostic(
            'error',
            SOURCE,
            `Could not upgrade this project from format version ${version}: ${e instanceof Error ? e.message : String(e)} Fix the file by hand or open it in the Tessera version that wrote it.`,
            { path: '/formatVersion' },
          ),
        ],
      };
    }
    diagnostics.push(
      diagnostic(
        'info',
        SOURCE,
        `Upgraded this project from format version ${version} to ${CURRENT_FORMAT_VERSION}; save it to keep the new format.`,
      ),
    );
  }
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    for (const issue of issues.slice(0, MAX_SCHEMA_ISSUES)) {
      const path = pointer(issue.path);
      diagnostics.push(
        diagnostic(
          'error',
          SOURCE,
          `Field ${path} is invalid: ${issue.message}. Fix or remove it in the file.`,
          { path },
        ),
      );
    }
    if (issues.length > MAX_SCHEMA_ISSUES)
      diagnostics.push(
        diagnostic(
          'error',
          SOURCE,
          `${issues.length - MAX_SCHEMA_ISSUES} more invalid fields were not listed; fix the ones above first.`,
        ),
      );
    return { diagnostics };
  }
  const document = parsed.data as TesseraDocument;
  diagnostics.push(...checkIds(document));
  return { document, diagnostics };
};

/** Record keys must equal the ids inside (patch paths name keys; the graph uses the key). */
const checkIds = (doc: TesseraDocument): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const check = (rec: Record<string, { id: string }>, base: string, what: string): void => {
    for (const [key, item] of Object.entries(rec))
      if (item.id !== key)
        out.push(
          diagnostic(
            'warning',
            SOURCE,
            `The ${what} stored under "${key}" says its id is "${item.id}"; Tessera uses "${key}". Set its id to "${key}".`,
            { path: `${base}/${key}/id` },
          ),
        );
  };
  check(doc.nodes, '/nodes', 'node');
  check(doc.edges, '/edges', 'edge');
  check(doc.modules, '/modules', 'module');
  check(doc.previews, '/previews', 'preview');
  for (const [mid, m] of Object.entries(doc.modules)) {
    check(m.nodes, `/modules/${mid}/nodes`, 'node');
    check(m.edges, `/modules/${mid}/edges`, 'edge');
  }
  return out;
};

/** Accepts a JSON string or an already parsed value. Never throws. */
export const loadDocument = (input: unknown): LoadResult => {
  try {
    return load(input);
  } catch (e) {
    return {
      diagnostics: [
        diagnostic(
          'error',
          SOURCE,
          `Could not read this project (${e instanceof Error ? e.message : String(e)}). The file may be damaged; restore a backup.`,
        ),
      ],
    };
  }
};
