/** The parts of RunSummary that one task has: binary ROC AUC, multi-label per-label scores, regression errors. */
import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A binary run: the positive class (1) is predicted when σ(z) ≥ threshold' })
export class BinarySummary {
  @Field(() => Int)
  positiveClass!: number;

  @Field()
  positiveClassName!: string;

  @Field(() => Float, { description: 'The decision threshold on the positive class probability' })
  threshold!: number;

  @Field(() => Float, { nullable: true, description: "ROC AUC of the positive class probability over the labelled samples (the Mann-Whitney statistic: a tie counts one half); null unless both classes occur" })
  rocAuc!: number | null;
}

@ObjectType({ description: "One label's scores over the labelled samples (never predicted: precision 0; never true: recall 0)" })
export class LabelMetrics {
  @Field(() => Int)
  labelIndex!: number;

  @Field()
  labelName!: string;

  @Field(() => Float)
  precision!: number;

  @Field(() => Float)
  recall!: number;

  @Field(() => Float)
  f1!: number;

  @Field(() => Float, { nullable: true, description: 'ROC AUC of σ for this label; null when the label is never or always true' })
  rocAuc!: number | null;

  @Field(() => Int, { description: 'Labelled samples where the label is true' })
  support!: number;

  @Field(() => Int, { description: 'Labelled samples where the label is predicted' })
  predicted!: number;
}

@ObjectType({ description: 'A multi-label run, over the samples with true labels; a label is predicted when its σ ≥ threshold' })
export class MultiLabelSummary {
  @Field(() => Float)
  threshold!: number;

  @Field(() => Float, { nullable: true, description: 'Share of samples whose predicted label set is the true set' })
  exactMatchRatio!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of (sample, label) pairs predicted wrong' })
  hammingLoss!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean precision over the labels that occur as true or predicted' })
  macroPrecision!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean recall over the labels that occur as true or predicted' })
  macroRecall!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean F1 over the labels that occur as true or predicted' })
  macroF1!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean ROC AUC over the labels where it is defined' })
  macroRocAuc!: number | null;

  @Field(() => [LabelMetrics])
  perLabel!: LabelMetrics[];
}

@ObjectType({ description: 'A regression run: output 0 against the true values, over the samples that have one' })
export class RegressionSummary {
  @Field(() => Int)
  output!: number;

  @Field()
  outputName!: string;

  @Field(() => Float, { nullable: true, description: 'Mean absolute error' })
  mae!: number | null;

  @Field(() => Float, { nullable: true, description: 'Root mean squared error' })
  rmse!: number | null;

  @Field(() => Float, { nullable: true, description: "Pearson's r of predicted and true values; null with fewer than two samples or a constant side" })
  pearson!: number | null;

  @Field(() => Float, { nullable: true })
  meanTrue!: number | null;

  @Field(() => Float, { nullable: true })
  meanPredicted!: number | null;
}
