import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ModelTask } from '../../generated/prisma/enums';
import { InputValue } from '../sample/sample.type';
import { BinarySummary, MultiLabelSummary, RegressionSummary } from './task-summary.type';

@ObjectType({ description: "One class's scores over the labelled samples (a class never predicted has precision 0; never true, recall 0)" })
export class ClassMetrics {
  @Field(() => Int)
  classIndex!: number;

  @Field()
  className!: string;

  @Field(() => Float)
  precision!: number;

  @Field(() => Float)
  recall!: number;

  @Field(() => Float)
  f1!: number;

  @Field(() => Int, { description: 'Labelled samples of this class' })
  support!: number;

  @Field(() => Int, { description: 'Labelled samples predicted as this class' })
  predicted!: number;
}

@ObjectType({ description: 'Labelled samples whose confidence falls in (lower, upper] (the first bin includes 0)' })
export class CalibrationBin {
  @Field(() => Float)
  lower!: number;

  @Field(() => Float)
  upper!: number;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true })
  accuracy!: number | null;

  @Field(() => Float, { nullable: true })
  meanConfidence!: number | null;
}

@ObjectType({ description: 'Mean branch contribution of each input over the samples predicted as one class' })
export class ClassContribution {
  @Field(() => Int)
  predictedClass!: number;

  @Field()
  className!: string;

  @Field(() => Int, { description: 'Samples with contributions (gradient methods) predicted as this class' })
  count!: number;

  @Field(() => [InputValue])
  inputs!: InputValue[];
}

@ObjectType({
  description:
    "Statistics of a run, computed in the database. Classification scores (accuracy … calibration) are a multiclass or binary run's, over its labelled samples; null where undefined (no labelled sample, or a kappa with no expected disagreement), and null or empty for multi-label and regression runs, whose scores are in multiLabel and regression",
})
export class RunSummary {
  @Field(() => ModelTask)
  task!: ModelTask;

  @Field(() => Int, { description: 'Samples stored' })
  count!: number;

  @Field(() => Int, { description: 'Samples with a truth: a true class, true labels or a true value' })
  labelled!: number;

  @Field(() => Float, { nullable: true })
  accuracy!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean recall over the classes that occur' })
  balancedAccuracy!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean F1 over the classes that occur as true or predicted class' })
  macroF1!: number | null;

  @Field(() => Float, { nullable: true, description: "Cohen's kappa with weights (i − j)² over the model's classes (grades are ordinal)" })
  quadraticWeightedKappa!: number | null;

  @Field(() => [[Int]], { description: 'Counts: rows the true class, columns the predicted class' })
  confusionMatrix!: number[][];

  @Field(() => [ClassMetrics])
  perClass!: ClassMetrics[];

  @Field(() => Float, { nullable: true })
  meanConfidenceCorrect!: number | null;

  @Field(() => Float, { nullable: true })
  meanConfidenceWrong!: number | null;

  @Field(() => Float, { nullable: true, description: 'Σ over 10 equal-width confidence bins of (bin share) × |accuracy − mean confidence|' })
  expectedCalibrationError!: number | null;

  @Field(() => [CalibrationBin])
  calibration!: CalibrationBin[];

  @Field(() => [ClassContribution], { description: 'Per predicted class (multi-label: most probable label); empty for regression' })
  contributions!: ClassContribution[];

  @Field(() => BinarySummary, { nullable: true, description: 'Binary runs only' })
  binary!: BinarySummary | null;

  @Field(() => MultiLabelSummary, { nullable: true, description: 'Multi-label runs only' })
  multiLabel!: MultiLabelSummary | null;

  @Field(() => RegressionSummary, { nullable: true, description: 'Regression runs only' })
  regression!: RegressionSummary | null;
}
