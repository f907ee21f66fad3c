// The canvas's legends, top right: socket colours, and beside them the edge styles of the
// gradient modes. Each is collapsed to a chip by default so it never hides nodes; click to open.
import { gradientStyles, type GradientStyle } from '../model/gradient-flow';
import { socketKinds } from '../model/socket-colors';

const Swatch = ({ s }: { s: GradientStyle }) => (
  <svg width="26" height="8" aria-hidden="true" className="legend-line">
    <line
      x1="1"
      y1="4"
      x2="25"
      y2="4"
      stroke={s.color}
      strokeWidth={s.width}
      strokeDasharray={s.dash}
      strokeLinecap="round"
    />
  </svg>
);

export const GradientLegend = () => (
  <details
    className="legend legend-gradients"
    aria-label="Gradient legend"
    data-testid="gradient-legend"
  >
    <summary>
      <Swatch s={gradientStyles[1]!} /> Gradients
    </summary>
    {gradientStyles.map((s) => (
      <div key={s.key} className="legend-row" data-gradient={s.key}>
        <Swatch s={s} />
        {s.key === 'straight-through' && <span className="edge-grad-mark inline">ST</span>}
        {s.label}
      </div>
    ))}
  </details>
);

export const SocketLegend = () => (
  <details className="legend" aria-label="Socket legend" data-testid="socket-legend">
    <summary>
      {socketKinds.map((k) => (
        <span key={k.key} className="legend-dot" style={{ background: k.color }} />
      ))}{' '}
      Sockets
    </summary>
    {socketKinds.map((k) => (
      <div key={k.key} className="legend-row">
        <span className="legend-dot" style={{ background: k.color }} />
        {k.label}
      </div>
    ))}
  </details>
);

/** Both legends side by side (the socket one rightmost, where it always was). */
export const CanvasLegends = () => (
  <div className="legends">
    <SocketLegend />
    <GradientLegend />
  </div>
);
