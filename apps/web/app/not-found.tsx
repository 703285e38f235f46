import Link from 'next/link';
import { EmptyState } from '@/components/states/empty-state';

export default function NotFound() {
  return (
    <EmptyState title="Nothing here">
      <p>This run or sample does not exist (it may have been deleted).</p>
      <p>
        <Link href="/runs">Back to the runs</Link>
      </p>
    </EmptyState>
  );
}
