// The record of trusted custom code on this machine (trust.json, see trust-file.ts): hashes of
// code the user reviewed and trusted, or wrote in the studio. A missing, unreadable or malformed
// file trusts nothing (it fails closed); writes are atomic.
import { readFileSync } from 'node:fs';
import { saveTextAtomic } from '../files/atomic-save';

export const TRUST_FORMAT = 'tessera.trust';

/** How trust was given: the user reviewed code they did not write, or wrote it in the studio. */
export type TrustHow = 'reviewed' | 'authored';

export interface TrustEntry {
  /** The node the code belongs to ('n3', or 'moduleId/n3'). */
  trustId: string;
  /** The project file it came from, when known (for the user's information only). */
  file?: string;
  how: TrustHow;
  /** ISO 8601. */
  grantedAt: string;
}

interface TrustFileContent {
  format: typeof TRUST_FORMAT;
  version: 1;
  /** sha256 (trust-hash.ts) -> entry. */
  trusted: Record<string, TrustEntry>;
}

const isHash = (h: string): boolean => /^[0-9a-f]{64}$/.test(h);

export class TrustStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Every trusted hash and its entry; {} when the file is missing or not a trust file. (A small file, read whole: the export, which is synchronous, checks it too.) */
  entries(): Record<string, TrustEntry> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return {};
    }
    const content = parsed as Partial<TrustFileContent> | null;
    if (content?.format !== TRUST_FORMAT || typeof content.trusted !== 'object' || !content.trusted)
      return {};
    return Object.fromEntries(
      Object.entries(content.trusted).filter(
        ([h, e]) =>
          isHash(h) && typeof e === 'object' && e !== null && typeof e.trustId === 'string',
      ),
    );
  }

  isTrusted(hash: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.entries(), hash);
  }

  /** Records one grant (queued behind earlier ones; the file is rewritten atomically). */
  grant(hash: string, entry: Omit<TrustEntry, 'grantedAt'>, now = new Date()): Promise<void> {
    if (!isHash(hash)) return Promise.reject(new Error(`Not a sha256 hash: ${hash}`));
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        const trusted = this.entries();
        trusted[hash] = { ...entry, grantedAt: now.toISOString() };
        const content: TrustFileContent = { format: TRUST_FORMAT, version: 1, trusted };
        await saveTextAtomic(this.file, `${JSON.stringify(content, null, 2)}\n`, { keep: 0 });
      });
    return this.writing;
  }
}
