// The offer of recovered work: a strip above the canvas (it takes its own room, so it covers
// no canvas control or node), one line per entry with Restore and Discard. Non-modal: the
// studio works around it, and it goes once each entry is restored or discarded.
import type { RecoveryOffer } from './recovery-offer';

export const RecoveryBanner = ({
  offers,
  more,
  onRestore,
  onDiscard,
}: {
  offers: readonly RecoveryOffer[];
  more: number;
  onRestore(id: string): void;
  onDiscard(id: string): void;
}) => {
  if (offers.length === 0) return null;
  return (
    <section
      className="recovery-offers"
      aria-label="Recovered unsaved changes"
      data-testid="recovery-offers"
    >
      {offers.map((o) => (
        <div key={o.id} className="recovery-offer" role="status" data-testid="recovery-offer">
          <div className="recovery-lines">
            <span className="recovery-text" title={o.path} data-testid="recovery-text">
              {o.text}
            </span>
            <span className="muted">
              {' '}
              — Restore opens them unsaved; the file changes only when you save.
            </span>
            {o.note && (
              <div className="recovery-note" data-testid="recovery-note">
                {o.note}
              </div>
            )}
          </div>
          <button className="primary" onClick={() => onRestore(o.id)}>
            Restore
          </button>
          <button onClick={() => onDiscard(o.id)}>Discard</button>
        </div>
      ))}
      {more > 0 && (
        <div className="muted recovery-more">
          {more} more recovered {more === 1 ? 'document' : 'documents'} after these.
        </div>
      )}
    </section>
  );
};
