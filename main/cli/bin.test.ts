import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { allNodeDefinitions } from '../../nodes/registry';

const run = promisify(execFile);

describe('the tessera command', () => {
  it('writes its whole output into a pipe before exiting (no cut at 64 KiB)', async () => {
    const bin = path.join(__dirname, 'bin.mjs');
    const { stdout } = await run(process.execPath, [bin, 'nodes', '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(stdout.length).toBeGreaterThan(65536);
    const parsed = JSON.parse(stdout) as { nodes: { id: string }[] };
    expect(parsed.nodes.map((n) => n.id).sort()).toEqual(
      allNodeDefinitions.map((d) => d.id).sort(),
    );
  }, 60_000);
});
