/**
 * The confusion matrix as a colour-scaled grid (rows: true class, columns: predicted class). The
 * colour is the cell's share of its row, so a rare class's errors show as clearly as a common
 * one's; the number is the count. A cell links to exactly its samples.
 */
import Link from 'next/link';
import { rampColour } from '@/lib/palette';

export interface ConfusionMatrixProps {
  matrix: number[][];
  classNames: readonly string[];
  /** The samples of cell (true, predicted); none: cells are not links. */
  cellHref?: (trueClass: number, predictedClass: number) => string;
  caption?: string;
  testId?: string;
}

export function ConfusionMatrix({ matrix, classNames, cellHref, caption, testId = 'confusion-matrix' }: ConfusionMatrixProps) {
  const label = (i: number): string => classNames[i] ?? `class ${i}`;
  return (
    <div className="table-scroll">
      <table className="confusion" data-testid={testId}>
        {caption && <caption className="small muted">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">
              <span className="small">true ↓ · predicted →</span>
            </th>
            {matrix.map((_, j) => (
              <th scope="col" key={j}>
                {label(j)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const rowTotal = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={i}>
                <th scope="row">{label(i)}</th>
                {row.map((count, j) => {
                  const share = rowTotal ? count / rowTotal : 0;
                  const style = rampColour(share);
                  const description = `${count} sample${count === 1 ? '' : 's'} of true ${label(i)} predicted ${label(j)} (${Math.round(share * 100)}% of the row)`;
                  const attrs = { style, title: description, 'data-true': i, 'data-pred': j, 'data-count': count };
                  return (
                    <td key={j} className={i === j ? 'diagonal' : undefined}>
                      {cellHref && count > 0 ? (
                        <Link href={cellHref(i, j)} aria-label={description} {...attrs} data-testid="confusion-cell">
                          {count}
                        </Link>
                      ) : (
                        <span {...attrs} aria-label={description}>
                          {count}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
