// Templates: open one as a new project, or drag it onto the canvas to insert its nodes.
import { useEffect, useState } from 'react';
import { useEditor } from '../app/editor-context';
import { templateDragMime } from '../canvas/canvas';
import type { TemplateSummary } from '../../core/ipc/contract';
import { openTemplate } from '../files/file-actions';

export const TemplatesGallery = ({ confirmDiscard }: { confirmDiscard(): boolean }) => {
  const ed = useEditor();
  const [list, setList] = useState<TemplateSummary[] | undefined>();
  useEffect(() => {
    void ed.bridge.invoke('templates:list').then(setList, () => setList([]));
  }, [ed.bridge]);
  if (!list) return <div className="muted">Loading templates…</div>;
  if (list.length === 0) return <div className="muted">No templates found.</div>;
  return (
    <div className="templates">
      {list.map((t) => (
        <div
          key={t.id}
          className="template-card"
          draggable
          data-template-id={t.id}
          onDragStart={(e) => {
            e.dataTransfer.setData(templateDragMime, t.id);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          title="Drag onto the canvas to insert, or open as a new project"
        >
          <div className="template-name">{t.name}</div>
          <div className="template-desc">{t.description}</div>
          <button
            onClick={async () => {
              if (!confirmDiscard()) return;
              // The canvas fits its view to the loaded document (fit-graph.ts: readable labels).
              await openTemplate(ed.bridge, ed.store, t.id);
            }}
          >
            Open as new project
          </button>
        </div>
      ))}
    </div>
  );
};
