// Quick-add: Tab or double-click on the canvas opens a search; Enter adds the highlighted node there.
import { useMemo, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { addNode } from '../store/commands';
import { paletteNodes, searchNodes } from './palette-search';

export interface QuickAddProps {
  at: { x: number; y: number; screenX: number; screenY: number };
  onClose(): void;
}

export const QuickAdd = ({ at, onClose }: QuickAddProps) => {
  const ed = useEditor();
  const { scope } = useStoreSnapshot(ed.store);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const matches = useMemo(
    () => searchNodes(paletteNodes(ed.registry.all(), scope), query).slice(0, 12),
    [ed.registry, query, scope],
  );
  const choose = (i: number) => {
    const def = matches[i];
    if (!def) return;
    let id = '';
    ed.store.dispatch(
      `Add ${def.title}`,
      addNode(def, { x: at.x, y: at.y }, (x) => (id = x), scope),
    );
    ed.store.select([id]);
    onClose();
  };
  return (
    <div
      className="quick-add"
      style={{ left: at.screenX, top: at.screenY }}
      role="dialog"
      aria-label="Quick add"
    >
      <input
        autoFocus
        placeholder="Add node…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') choose(index);
          else if (e.key === 'Escape') onClose();
          else if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
          else return;
          e.preventDefault();
        }}
        onBlur={() => setTimeout(onClose, 150)}
      />
      <ul>
        {matches.map((d, i) => (
          <li key={d.id} className={i === index ? 'active' : ''} onMouseDown={() => choose(i)}>
            {d.title} <span className="muted">{d.category}</span>
          </li>
        ))}
      </ul>
    </div>
  );
};
