/** A path through dagre's edge points, rounded at each bend. */
export function edgePath(points: { x: number; y: number }[]): string {
  const finite = points.filter(
    p => Number.isFinite(p.x) && Number.isFinite(p.y),
  );
  if (finite.length < 2) return '';
  const [first, ...rest] = finite;
  const last = rest.pop()!;
  let d = `M${first.x},${first.y}`;
  rest.forEach((bend, i) => {
    const next = rest[i + 1] ?? last;
    d += ` Q${bend.x},${bend.y} ${(bend.x + next.x) / 2},${
      (bend.y + next.y) / 2
    }`;
  });
  return `${d} L${last.x},${last.y}`;
}

/** Roughly how wide a line of text is at the graph's font size. */
export const textWidth = (text: string, fontSize = 12) =>
  Math.ceil(text.length * fontSize * 0.6);
