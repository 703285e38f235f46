/** Whether the API serves an operation yet (see graphql/api-pending.graphql). */
import { OPERATION_NEEDS } from './generated/api-coverage';

export function apiServes(operation: string): boolean {
  return (OPERATION_NEEDS[operation] ?? []).length === 0;
}

export function apiLacksFor(operation: string): readonly string[] {
  return OPERATION_NEEDS[operation] ?? [];
}
