/** The table op type -> VJP rule. Registering an op twice is a programming error and throws. */
import type { VjpRule } from './rule';
import * as rules from './rules';

export function buildRuleTable(list: readonly VjpRule[]): Map<string, VjpRule> {
  const table = new Map<string, VjpRule>();
  for (const rule of list) {
    if (table.has(rule.opType)) throw new Error(`two VJP rules registered for ${rule.opType}`);
    table.set(rule.opType, rule);
  }
  return table;
}

// A module may export one rule or a list of them (no-gradient.ts lists its ops).
export const RULES: ReadonlyMap<string, VjpRule> = buildRuleTable(Object.values(rules).flat());
