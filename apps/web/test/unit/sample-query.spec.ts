/** The samples view's URL <-> filter mapping, without a browser. */
import { expect, test } from '@playwright/test';
import { parseSampleQuery, sampleQueryHref, toSampleFilter } from '../../lib/sample-query';

test('a filter survives the round trip through the URL', () => {
  const href = sampleQueryHref('run-1', { misclassified: true, trueClass: 2, predictedClass: 0, minConfidence: 0.5, maxConfidence: 0.925, sort: 'confidence-desc', after: 'abc' });
  const params = Object.fromEntries(new URL(href, 'http://x').searchParams);
  expect(parseSampleQuery(params)).toEqual({ misclassified: true, trueClass: 2, predictedClass: 0, trueLabel: null, predictedLabel: null, minConfidence: 0.5, maxConfidence: 0.925, sort: 'confidence-desc', after: 'abc' });
});

test('bad or empty parameters are dropped, not fatal', () => {
  const q = parseSampleQuery({ misclassified: 'yes', true: '-1', pred: '', min: '150', max: 'x', sort: 'random' });
  expect(q).toEqual({ misclassified: false, trueClass: null, predictedClass: null, trueLabel: null, predictedLabel: null, minConfidence: null, maxConfidence: null, sort: 'id', after: null });
  expect(toSampleFilter(q)).toEqual({});
  expect(sampleQueryHref('r', q)).toBe('/runs/r/samples');
});

test('multi-label filters: a true and a predicted label', () => {
  const href = sampleQueryHref('r', { trueLabel: 1, predictedLabel: 0 });
  expect(href).toBe('/runs/r/samples?tlabel=1&plabel=0');
  const q = parseSampleQuery(Object.fromEntries(new URL(href, 'http://x').searchParams));
  expect(toSampleFilter(q)).toEqual({ trueLabel: 1, predictedLabel: 0 });
});
