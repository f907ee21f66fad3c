// The studio-wide banner while the open project holds custom code that is not trusted on this
// machine: it says where the code comes from and takes the user to the first such node.
import { useEditor } from '../app/editor-context';
import { bannerText } from './trust-text';

export const CustomCodeBanner = () => {
  const ed = useEditor();
  const first = ed.trust?.untrusted[0];
  if (!ed.trust?.checked || !first) return null;
  return (
    <div className="trust-banner app-banner" role="alert" data-testid="custom-code-app-banner">
      <span>{bannerText(ed.trust.file)}</span>
      <button onClick={() => ed.focusNode(first.nodeId, first.path)}>Review the code</button>
    </div>
  );
};
