// Compiles and loads custom code, for the training worker only (run-training.ts makes one after
// checking trust). It compiles only code texts it was given as trusted: whatever asks, code that
// was not checked is refused. TypeScript -> JavaScript with esbuild (types stripped), then loaded
// as an ES module from a data: URL; its `forward` export is the layer's forward.
import { transform, type Message } from 'esbuild';
import type {
  CustomCodeLoader,
  CustomCodeRequest,
  CustomForward,
} from '../../core/node-contract/custom-code';

const where = (m: Message): string =>
  m.location ? `line ${m.location.line}, column ${m.location.column + 1}: ` : '';

const compile = async ({ nodeId, code }: CustomCodeRequest): Promise<CustomForward> => {
  const who = `Custom layer ${nodeId}`;
  let js: string;
  try {
    js = (
      await transform(code, {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
        sourcefile: `custom-layer-${nodeId}.ts`,
      })
    ).code;
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors ?? [];
    const first = errors[0];
    throw new Error(
      `${who}: the code does not compile: ${first ? `${where(first)}${first.text}` : String(e)}. Fix it in the code editor.`,
      { cause: e },
    );
  }
  const url = `data:text/javascript;base64,${Buffer.from(`${js}\n//# sourceURL=custom-layer-${nodeId}.js\n`).toString('base64')}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(
      `${who}: the code failed while loading: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const forward = module['forward'];
  if (typeof forward !== 'function')
    throw new Error(
      `${who}: the code does not export a forward function; write export function forward(tf, x, weights, ctx) { ... }.`,
    );
  return forward as CustomForward;
};

export const createCustomCodeLoader = (trustedCode: Iterable<string>): CustomCodeLoader => {
  const allowed = new Set(trustedCode);
  const loaded = new Map<string, Promise<CustomForward>>();
  return {
    load: (request) => {
      if (!allowed.has(request.code))
        return Promise.reject(
          new Error(
            `Custom layer ${request.nodeId}: its code was not among the code trusted for this run, so it was not run. Review and trust it, then train again.`,
          ),
        );
      // The same code (a module used twice) is compiled and evaluated once.
      let hit = loaded.get(request.code);
      if (!hit) {
        hit = compile(request);
        loaded.set(request.code, hit);
      }
      return hit;
    },
  };
};
