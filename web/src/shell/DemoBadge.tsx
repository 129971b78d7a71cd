/** Marks generated demo data so nobody mistakes it for a real customer. */
export function DemoBadge({ title = "Generated demo data, not a real post" }: { title?: string }) {
  return (
    <span className="demo-badge" title={title}>
      DEMO DATA
    </span>
  );
}
