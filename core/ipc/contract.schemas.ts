// zod schemas for every invoke payload: the same checks in Electron's IPC handlers and the web bridge.
import { z } from 'zod';
import type { InvokeChannel, PayloadOf } from './contract';

const path = z.string().min(1).max(4096);
const runRef = z.object({ runId: z.string().min(1).max(200) });
/** Documents are checked structurally by loadDocument on the engine side; here: an object. */
const documentLike = z.record(z.string(), z.unknown());
const none = z.undefined();
/** A run in the history: its id names its folder, so letters, digits, '-' and '_' only. */
const historyRun = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'run ids are letters, digits, - or _ (at most 100)');
const templateId = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'template ids are kebab-case names');
/** A recovery journal id: also its file name, so letters, digits, '-' and '_' only. */
const journalId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,80}$/, 'journal ids are 8-80 letters, digits, - or _');

export const invokeSchemas = {
  'engine:info': none,
  'templates:list': none,
  'templates:get': templateId,
  'templates:results': templateId,
  'blocks:list': none,
  'project:open': path,
  'project:save': z.object({ path, document: documentLike }),
  'project:recent': none,
  'project:list': none,
  'files:choose': z.object({
    action: z.enum(['open', 'save', 'export']),
    path: path.optional(),
  }),
  'workspace:get': none,
  'workspace:set': z.object({
    path: path.optional(),
    scope: z.string().max(200),
    viewport: z
      .object({
        x: z.number().finite(),
        y: z.number().finite(),
        zoom: z.number().positive().max(100),
      })
      .optional(),
  }),
  'train:start': z.object({
    document: documentLike,
    steps: z.number().int().min(1).max(10_000_000).optional(),
    backend: z.string().max(40).optional(),
    resumeFrom: path.optional(),
    projectPath: path.optional(),
  }),
  'train:pause': runRef,
  'train:resume': runRef,
  'train:stop': runRef,
  'train:checkpoints': runRef,
  'runs:list': z.object({ path: path.optional(), name: z.string().max(400) }),
  'runs:get': z.object({ runId: historyRun }),
  'runs:checkResume': z.object({ runId: historyRun, checkpoint: path, document: documentLike }),
  'code:exportTypeScript': z.object({ document: documentLike }),
  'code:saveExport': z.object({ document: documentLike, path }),
  'recovery:write': z.object({ id: journalId, path: path.optional(), document: documentLike }),
  'recovery:list': none,
  'recovery:discard': z.object({ id: journalId }),
  'trust:status': z.object({ document: documentLike }),
  'trust:grant': z.object({
    trustId: z.string().min(1).max(400),
    code: z.string().max(100_000),
    path: path.optional(),
    how: z.enum(['reviewed', 'authored']),
  }),
  'datasets:preview': z.object({
    type: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'node types look like data/mnist'),
    params: z.record(z.string().max(100), z.unknown()),
    nodeId: z.string().min(1).max(200).optional(),
  }),
  'datasets:choose': z.object({ kind: z.enum(['folder', 'file']), path: path.optional() }),
} satisfies { [K in InvokeChannel]: z.ZodType<PayloadOf<K>> };

export type ValidationResult<K extends InvokeChannel> =
  { ok: true; payload: PayloadOf<K> } | { ok: false; message: string };

/** Validates one payload against its channel's schema; unknown channels are refused. */
export const validatePayload = <K extends InvokeChannel>(
  channel: K,
  payload: unknown,
): ValidationResult<K> => {
  if (!Object.prototype.hasOwnProperty.call(invokeSchemas, channel))
    return { ok: false, message: `Unknown channel ${String(channel)}.` };
  const schema = invokeSchemas[channel] as unknown as z.ZodType<PayloadOf<K>>;
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, payload: r.data };
  return {
    ok: false,
    message: `Bad payload for ${channel}: ${r.error.issues.map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`).join('; ')}`,
  };
};

export const isInvokeChannel = (c: unknown): c is InvokeChannel =>
  typeof c === 'string' && Object.prototype.hasOwnProperty.call(invokeSchemas, c);
