// The cost totals of the graph on the canvas (the program, or one call of the open module), in a
// small status box at the canvas's bottom left: "13.3k+? params · 706k+? MACs/example · ...".
import type { CostTotals } from '../../core/graph/ir';
import { totalsLine, totalsTitle } from '../model/cost-format';

export const CostStatus = ({ totals, scope }: { totals?: CostTotals; scope?: string }) =>
  totals ? (
    <div className="cost-status" title={totalsTitle(totals)} data-testid="cost-status">
      {scope ? <span className="muted">{scope}: </span> : null}
      {totalsLine(totals)}
    </div>
  ) : null;
