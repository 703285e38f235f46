/** A chart's colour key as text, so the colours are never the only way to tell series apart. */
export function ChartLegend({ items }: { items: { label: string; colour: string }[] }) {
  return (
    <div className="chart-legend">
      {items.map((item) => (
        <span key={item.label} style={{ ['--swatch' as string]: item.colour }}>
          {item.label}
        </span>
      ))}
    </div>
  );
}
