// Templates: a card per template (graph and results thumbnails, family, a clamped description);
// open one as a new project, drag it onto the canvas to insert its nodes, or open its details.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useEditor } from '../app/editor-context';
import type { TemplateSummary } from '../../core/ipc/contract';
import { openTemplate } from '../files/file-actions';
import { TemplateCard } from './template-card';
import { TemplateDetails } from './template-details';

export const TemplatesGallery = ({ confirmDiscard }: { confirmDiscard(): boolean }) => {
  const ed = useEditor();
  const [list, setList] = useState<TemplateSummary[] | undefined>();
  const [details, setDetails] = useState<TemplateSummary | undefined>();
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    void ed.bridge.invoke('templates:list').then(setList, () => setList([]));
  }, [ed.bridge]);
  const categoryOf = useCallback((type: string) => ed.registry.get(type)?.category, [ed.registry]);
  /** Whether the user went ahead (unsaved changes confirmed); the document then loads. */
  const open = (t: TemplateSummary): boolean => {
    if (!confirmDiscard()) return false;
    // The canvas fits its view to the loaded document (fit-graph.ts: readable labels); a file
    // that fails to load shows its problems and keeps the current project.
    void openTemplate(ed.bridge, ed.store, t.id);
    return true;
  };
  const closeDetails = () => {
    setDetails(undefined);
    opener.current?.focus();
  };
  if (!list) return <div className="muted">Loading templates…</div>;
  if (list.length === 0) return <div className="muted">No templates found.</div>;
  return (
    <div className="templates">
      {list.map((t) => (
        <TemplateCard
          key={t.id}
          template={t}
          bridge={ed.bridge}
          categoryOf={categoryOf}
          onOpen={() => open(t)}
          onDetails={(el) => {
            opener.current = el;
            setDetails(t);
          }}
        />
      ))}
      {details && (
        <TemplateDetails
          template={details}
          bridge={ed.bridge}
          registry={ed.registry}
          env={ed.env}
          onOpen={() => {
            if (open(details)) setDetails(undefined);
          }}
          onClose={closeDetails}
        />
      )}
    </div>
  );
};
