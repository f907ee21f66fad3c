// The toolbar's Recent menu: the last few projects opened or saved (the main side's list),
// one click to reopen. Refreshed each time it opens.
import { useEffect, useRef, useState } from 'react';
import { useEditor } from '../app/editor-context';

export const RECENT_SHOWN = 8;

/** "…/projects/mnist.tessera.json" -> "mnist.tessera.json" (the folder in the tooltip). */
export const fileLabel = (path: string): string => path.split(/[\\/]/).pop() || path;

export const RecentMenu = ({ onOpen }: { onOpen(path: string): void }) => {
  const ed = useEditor();
  const [open, setOpen] = useState(false);
  const [recent, setRecent] = useState<string[] | undefined>();
  const root = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    void ed.bridge.invoke('project:recent').then(
      (r) => setRecent(r.slice(0, RECENT_SHOWN)),
      () => setRecent([]),
    );
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open, ed.bridge]);
  return (
    <span className="menu" ref={root}>
      <button aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Recent ▾
      </button>
      {open && (
        <ul className="menu-list" role="menu" aria-label="Recent projects">
          {recent === undefined && <li className="muted">…</li>}
          {recent?.length === 0 && <li className="muted">No recent projects yet.</li>}
          {recent?.map((p) => (
            <li key={p} role="menuitem" title={p}>
              <button
                className="link"
                onClick={() => {
                  setOpen(false);
                  onOpen(p);
                }}
              >
                {fileLabel(p)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
};
