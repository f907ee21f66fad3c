// `tessera trust FILE [--yes]`: shows each custom layer's code in FILE with its sha256 and whether
// this machine trusts it; with --yes, records trust in it (trust.json in the per-user Tessera
// folder, never the project file), so that `tessera train` and the studio run it.
import { customCodeTrust } from '../../trust/custom-code-trust';
import { defaultTrustFile } from '../../trust/trust-file';
import { TrustStore } from '../../trust/trust-store';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import { io } from '../io';
import { readJsonFile } from '../read-document';
import * as nodePath from 'node:path';

const usage = `Usage: tessera trust FILE [--yes]

Shows the custom code in FILE (each Custom Layer: its node, its code and the code's sha256) and
whether this machine trusts it. Read the code: trusted code runs with your user's rights when the
project trains. With --yes, records trust in every code shown, so that \`tessera train\` and the
studio run it. Trust is kept in $TESSERA_TRUST_FILE or trust.json in the per-user Tessera folder
(~/.config/tessera), never in the project file; a changed code needs trusting again.
Exit code: 0 when all the code is trusted (after --yes), 1 when some is not, 2 for a bad argument
or an unreadable file.
`;

const indent = (text: string): string =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `  | ${l}`)
    .join('\n');

export const trustCommand: CliCommand = {
  name: 'trust',
  summary: "Review a project's custom code and trust it on this machine",
  usage,
  run: async (args) => {
    const parsed = parseCommandArgs(args, { yes: { kind: 'boolean' } }, { min: 1, max: 1 });
    if (parsed.errors.length > 0) {
      io.err(`${parsed.errors.join('\n')}\n\n${usage}`);
      return 2;
    }
    const file = parsed.positionals[0] as string;
    const read = await readJsonFile(file);
    if (read.error !== undefined) {
      io.err(`error: ${read.error}\n`);
      return 2;
    }
    const store = new TrustStore(defaultTrustFile());
    const codes = customCodeTrust(read.value, store);
    if (codes.length === 0) {
      io.out(`${file} has no custom code; there is nothing to trust.\n`);
      return 0;
    }
    const yes = parsed.flags.yes === true;
    for (const c of codes) {
      io.out(
        `Custom layer "${c.name}" (${c.trustId}): ${c.trusted ? 'trusted on this machine' : 'not trusted'}\n  sha256 ${c.hash}\n${indent(c.code)}\n\n`,
      );
      if (!c.trusted && yes)
        await store.grant(c.hash, {
          trustId: c.trustId,
          file: nodePath.resolve(file),
          how: 'reviewed',
        });
    }
    const untrusted = codes.filter((c) => !c.trusted);
    if (untrusted.length === 0) {
      io.out(`All the custom code in ${file} is trusted on this machine.\n`);
      return 0;
    }
    if (yes) {
      io.out(
        `Trusted ${untrusted.length} custom code${untrusted.length === 1 ? '' : 's'} (recorded in ${store.file}). \`tessera train ${file}\` will run ${untrusted.length === 1 ? 'it' : 'them'}.\n`,
      );
      return 0;
    }
    io.err(
      `${untrusted.length} custom code${untrusted.length === 1 ? ' is' : 's are'} not trusted, so training refuses to run ${untrusted.length === 1 ? 'it' : 'them'}. Read the code above; to trust it, run: tessera trust ${file} --yes\n`,
    );
    return 1;
  },
};
