// IR -> an inference entry for one module (a generator, decoder or sampler): the module's class
// (and the modules it calls), and functions that build it, load trained weights and run it.
// It imports tfjs types only, so a bundler turns it into a script any page with tfjs can use.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { TesseraDocument } from '../document/document.types';
import type { IRProgram } from '../graph/ir';
import type { NodeRegistry } from '../node-contract/node-definition';
import { CodeWriter } from './code-writer';
import { emitModuleClass } from './emit-classes';
import { importClosure } from './import-closure';
import { planExport, type ModulePlan } from './plan';
import { commentText, docText, jsonLiteral } from './safe-text';
import { NODE_CONTRACT_MODULE, type ExportOutput } from './export-program';
import { emitOwnCodeFactories, ownCodeImports, ownCodeTypeModules } from './own-code';

export const INFERENCE_RUNTIME_MODULE = 'main/engine/export/runtime/inference-runtime';

export interface InferenceOptions {
  /** The module to export (a generator, decoder or sampler). */
  moduleId: string;
  sources?: Readonly<Record<string, string>>;
}

export const exportInference = (
  program: IRProgram,
  document: TesseraDocument,
  _registry: NodeRegistry,
  options: InferenceOptions,
): ExportOutput => {
  const diagnostics: Diagnostic[] = [];
  const plan = planExport(program);
  diagnostics.push(...plan.diagnostics);
  const target = plan.moduleById.get(options.moduleId);
  if (!target) {
    const known =
      [...plan.moduleById.values()].map((m) => `${m.moduleId} (${m.module.name})`).join(', ') ||
      'none';
    return {
      files: {},
      entry: 'inference.ts',
      roots: [],
      diagnostics: [
        ...diagnostics,
        diagnostic(
          'error',
          'export',
          `There is no module "${options.moduleId}" to export for inference; choose one of: ${known}.`,
        ),
      ],
    };
  }
  // The module and every module it calls, in creation order.
  const needed = new Set<string>();
  const visit = (m: ModulePlan): void => {
    if (needed.has(m.moduleId)) return;
    needed.add(m.moduleId);
    for (const u of m.uses) {
      const dep = plan.moduleById.get(u);
      if (dep) visit(dep);
    }
  };
  visit(target);
  const modules = plan.modules.filter((m) => needed.has(m.moduleId));
  const types = new Set(modules.flatMap((m) => Object.values(m.graph.nodes).map((n) => n.type)));
  const imports = [...plan.imports.entries()]
    .filter(([t]) => types.has(t))
    .map(([, i]) => i)
    .sort((a, b) => (a.alias < b.alias ? -1 : 1));
  // Custom layers inside the exported modules: their code, verbatim, beside the layers.
  const ownCode = [...plan.ownCode.values()].filter((o) =>
    modules.some((m) => m.graph.nodes[o.node.id] === o.node),
  );

  const lib = 'lib';
  const w = new CodeWriter();
  w.line(
    `// ${commentText(document.name)}: inference bundle for module "${commentText(target.module.name || target.moduleId)}", exported by Tessera.`,
  );
  w.line("// Imports tfjs types only: pass the page's (or Node's) tf to loadModel / loadFromUrl.");
  w.line();
  w.line(`import type * as tfjs from '@tensorflow/tfjs';`);
  w.line(
    `import type { ApplyContext, NodeLayer, Tensor } from './${lib}/${NODE_CONTRACT_MODULE}';`,
  );
  w.line(
    `import { createInferenceRuntime, handleOf, out, type Runtime } from './${lib}/${INFERENCE_RUNTIME_MODULE}';`,
  );
  for (const i of imports)
    w.line(
      `import { ${i.factory === i.alias ? i.factory : `${i.factory} as ${i.alias}`} } from './${lib}/${i.modulePath}';`,
    );
  for (const line of ownCodeImports(ownCode, lib)) w.line(line);
  if (ownCode.length > 0) {
    w.line();
    emitOwnCodeFactories(w, ownCode, (node) => plan.imports.get(node.type)?.alias, lib);
  }
  w.line();
  w.block('interface SharedModules {', () => {
    for (const m of modules) w.line(`${plan.sharedNames.get(m.moduleId)}: ${m.className};`);
  });
  w.line();
  for (const m of modules) {
    emitModuleClass(w, plan, m);
    w.line();
  }
  const name = plan.sharedNames.get(target.moduleId)!;
  w.line(
    `/** The ports of module "${docText(target.module.name || target.moduleId)}" and their types (B is the batch). */`,
  );
  w.line(`export const moduleInputs = ${jsonLiteral(target.module.inputTypes ?? {})};`);
  w.line(`export const moduleOutputs = ${jsonLiteral(target.module.outputTypes ?? {})};`);
  w.line();
  w.line('/** Builds the module and loads trained weights (names as in Tessera checkpoints). */');
  w.block(
    'export async function loadModel(tf: typeof tfjs, weights: Record<string, Tensor>) {',
    () => {
      w.line(
        `const rt: Runtime = createInferenceRuntime(tf, ${jsonLiteral(program.training.seed)});`,
      );
      w.line('const shared = {} as SharedModules;');
      for (const m of modules)
        w.line(
          `shared.${plan.sharedNames.get(m.moduleId)} = await ${m.className}.create(rt, shared, ${jsonLiteral(m.moduleId + '/')}, ${jsonLiteral(m.moduleId + '/')});`,
        );
      w.line(
        `const missing = rt.loadWeights([${modules.map((m) => `...shared.${plan.sharedNames.get(m.moduleId)}.layerList()`).join(', ')}], weights);`,
      );
      w.line(
        "if (missing.length > 0) throw new Error(`The weights lack ${missing.length} tensors, e.g. ${missing.slice(0, 3).join(', ')}.`);",
      );
      w.block(
        'return {',
        () => {
          w.line(
            '/** Runs the module on a batch; inputs and outputs by port name. Dispose the outputs when done. */',
          );
          w.block(
            'run(inputs: Record<string, Tensor>): Record<string, Tensor> {',
            () => {
              w.line('const batch = Object.values(inputs)[0]?.shape[0] ?? 1;');
              w.line(`return tf.tidy(() => shared.${name}.forward(inputs, rt.context(batch)));`);
            },
            '},',
          );
        },
        '};',
      );
    },
  );
  w.line();
  w.line(
    '/** Fetches weights.json + weights.bin (tfjs weights-manifest layout) from a folder URL and loads the model. */',
  );
  w.block('export async function loadFromUrl(tf: typeof tfjs, folderUrl: string) {', () => {
    w.line("const base = folderUrl.endsWith('/') ? folderUrl : `${folderUrl}/`;");
    w.line(
      'const manifest = (await (await fetch(`${base}weights.json`)).json()) as { weightsManifest: { paths: string[]; weights: tfjs.io.WeightsManifestEntry[] }[] };',
    );
    w.line(
      'const buffers = await Promise.all(manifest.weightsManifest.flatMap((g) => g.paths).map(async (p) => (await fetch(`${base}${p}`)).arrayBuffer()));',
    );
    w.line('const joined = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));');
    w.line('let offset = 0;');
    w.block('for (const b of buffers) {', () => {
      w.line('joined.set(new Uint8Array(b), offset);');
      w.line('offset += b.byteLength;');
    });
    w.line(
      'const weights = tf.io.decodeWeights(joined.buffer, manifest.weightsManifest.flatMap((g) => g.weights)) as Record<string, Tensor>;',
    );
    w.line('return loadModel(tf, weights);');
  });

  const entry = 'inference.ts';
  const files: Record<string, string> = { [entry]: w.toString() };
  for (const m of ownCode) files[`${lib}/${m.modulePath}.ts`] = m.source;
  const roots = [
    NODE_CONTRACT_MODULE,
    INFERENCE_RUNTIME_MODULE,
    ...imports.map((i) => i.modulePath),
    ...ownCodeTypeModules(ownCode),
  ];
  if (options.sources) {
    const sources = options.sources;
    const closure = importClosure(roots, (p) => sources[p]);
    for (const f of closure.files) files[`${lib}/${f}`] = sources[f]!;
    for (const m of closure.missing)
      diagnostics.push(diagnostic('error', 'export', `The support file ${m}.ts was not provided.`));
  }
  return { files, entry, diagnostics, roots };
};
