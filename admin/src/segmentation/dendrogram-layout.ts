/**
 * Layout of the top of a hierarchical clustering tree for an SVG drawing. Ids follow SciPy:
 * below nLeaves a customer, else merge row (id − nLeaves); the server sends only the top merges,
 * and the subtrees below them as collapsed `leaves` with their sizes.
 */
export interface Dendrogram {
  nLeaves: number;
  merges: { id: number; left: number; right: number; height: number; size: number }[];
  leaves: { id: number; size: number }[];
}

export interface DendrogramLayout {
  /** Leaves left to right: x in 0..leaves-1, with the number of customers below. */
  leaves: { id: number; x: number; size: number }[];
  /** One ⊓ per merge: children's x and heights, the merge height. */
  links: { id: number; leftX: number; rightX: number; leftY: number; rightY: number; y: number; size: number }[];
  maxHeight: number;
}

export function layoutDendrogram(tree: Dendrogram): DendrogramLayout | null {
  if (!tree?.merges?.length) return null;
  const merges = new Map(tree.merges.map((m) => [m.id, m]));
  const sizes = new Map(tree.leaves.map((l) => [l.id, l.size]));
  // The root is the merge no other merge points to.
  const children = new Set(tree.merges.flatMap((m) => [m.left, m.right]));
  const root = tree.merges.find((m) => !children.has(m.id)) ?? tree.merges[tree.merges.length - 1];
  const leaves: DendrogramLayout['leaves'] = [];
  const links: DendrogramLayout['links'] = [];
  const place = (id: number): { x: number; y: number } => {
    const merge = merges.get(id);
    if (!merge) {
      const x = leaves.length;
      leaves.push({ id, x, size: sizes.get(id) ?? 1 });
      return { x, y: 0 };
    }
    const left = place(merge.left);
    const right = place(merge.right);
    links.push({ id, leftX: left.x, rightX: right.x, leftY: left.y, rightY: right.y, y: merge.height, size: merge.size });
    return { x: (left.x + right.x) / 2, y: merge.height };
  };
  place(root.id);
  return { leaves, links, maxHeight: root.height };
}
