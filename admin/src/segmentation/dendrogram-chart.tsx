import { useMemo } from 'react';
import { Box, Typography } from '@mui/material';
import { layoutDendrogram, type Dendrogram } from './dendrogram-layout';

const WIDTH = 600;
const HEIGHT = 340;
const PAD = { left: 44, right: 8, top: 12, bottom: 48 };

/** The top merges of a hierarchical run as an SVG; a dashed line marks the cut giving k clusters. */
export function DendrogramChart({ tree, k }: { tree: Dendrogram; k: number | null }) {
  const layout = useMemo(() => layoutDendrogram(tree), [tree]);
  if (!layout) return <Typography color="text.secondary">No tree stored for this run.</Typography>;
  const xScale = (x: number) => PAD.left + ((x + 0.5) / layout.leaves.length) * (WIDTH - PAD.left - PAD.right);
  const yScale = (y: number) => PAD.top + (1 - y / layout.maxHeight) * (HEIGHT - PAD.top - PAD.bottom);
  // The cut for k clusters lies between the (k−1)th and kth highest merges.
  const heights = layout.links.map((l) => l.y).sort((a, b) => b - a);
  const cut = k && k > 1 && heights.length >= k ? (heights[k - 2] + heights[k - 1]) / 2 : null;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * layout.maxHeight);
  return (
    <Box data-testid="dendrogram">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label="Dendrogram of the top merges">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left - 4} x2={PAD.left} y1={yScale(t)} y2={yScale(t)} stroke="currentColor" opacity={0.5} />
            <text x={PAD.left - 6} y={yScale(t) + 4} fontSize={11} textAnchor="end" fill="currentColor">{t.toFixed(1)}</text>
          </g>
        ))}
        {layout.links.map((link) => (
          <path key={link.id} fill="none" stroke="#3f51b5" strokeWidth={1.5}
            d={`M${xScale(link.leftX)},${yScale(link.leftY)}V${yScale(link.y)}H${xScale(link.rightX)}V${yScale(link.rightY)}`}>
            <title>{`merge of ${link.size.toLocaleString()} customers at height ${link.y.toFixed(2)}`}</title>
          </path>
        ))}
        {layout.leaves.map((leaf) => (
          <text key={leaf.id} x={xScale(leaf.x)} y={HEIGHT - PAD.bottom + 6} fontSize={9} textAnchor="end" dominantBaseline="middle" fill="currentColor"
            transform={`rotate(-90 ${xScale(leaf.x)} ${HEIGHT - PAD.bottom + 6})`}>{leaf.size}</text>
        ))}
        <text x={(WIDTH + PAD.left) / 2} y={HEIGHT - 4} fontSize={11} textAnchor="middle" fill="currentColor">customers under each collapsed branch</text>
        {cut !== null && (
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={yScale(cut)} y2={yScale(cut)} stroke="#e53935" strokeDasharray="6 4">
            <title>{`cut for k = ${k}`}</title>
          </line>
        )}
      </svg>
    </Box>
  );
}
