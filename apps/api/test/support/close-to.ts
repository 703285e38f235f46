/** Deep comparison where numbers may differ by float rounding (SQL sums in another order). */
export function expectCloseDeep(actual: unknown, expected: unknown, path = '$', tolerance = 1e-9): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > tolerance * Math.max(1, Math.abs(expected))) throw new Error(`${path}: ${actual} is not ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) throw new Error(`${path}: ${JSON.stringify(actual)} is not ${JSON.stringify(expected)}`);
    expected.forEach((e, i) => expectCloseDeep(actual[i], e, `${path}[${i}]`, tolerance));
    return;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') throw new Error(`${path}: ${JSON.stringify(actual)} is not an object`);
    for (const key of Object.keys(expected)) expectCloseDeep((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, tolerance);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: ${JSON.stringify(actual)} is not ${JSON.stringify(expected)}`);
}
