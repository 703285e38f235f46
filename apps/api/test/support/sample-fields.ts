/** The Sample selection the tests ask for. */
export const SAMPLE_FIELDS = `
  id runId externalId trueClass predictedClass targetClass confidence probabilities correct method device engineMs
  branchContributions { input value }
  heatmaps { input layer url overlayUrl imageUrl rawMin rawMax peak { x y } }
`;
