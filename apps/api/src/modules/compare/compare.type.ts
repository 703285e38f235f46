import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RunType } from '../run/run.type';
import { SampleType } from '../sample/sample.type';

export enum PairOutcome {
  BOTH_RIGHT = 'BOTH_RIGHT',
  BOTH_WRONG = 'BOTH_WRONG',
  FIXED = 'FIXED',
  BROKEN = 'BROKEN',
  UNLABELLED = 'UNLABELLED',
}

registerEnumType(PairOutcome, { name: 'PairOutcome', description: 'A matched sample: right or wrong in the base run, then in the other (FIXED: wrong, then right)' });

@ObjectType({ description: 'Matched samples whose predicted class changed from one class to another' })
export class ClassChange {
  @Field(() => Int)
  fromClass!: number;

  @Field(() => Int)
  toClass!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "One input's heat-map shift over the matched samples (maps compared on their stored grids)" })
export class InputShift {
  @Field()
  input!: string;

  @Field(() => Int, { description: 'Pairs compared (both runs have this input, grids of one size)' })
  pairs!: number;

  @Field(() => Float, { nullable: true, description: 'Mean Pearson correlation (pairs where neither map is flat)' })
  meanPearson!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean IoU of the top-20% regions' })
  meanIoU!: number | null;
}

@ObjectType({ description: "One input's shift within a pair" })
export class PairShift {
  @Field()
  input!: string;

  @Field(() => Float, { nullable: true })
  pearson!: number | null;

  @Field(() => Float)
  iou!: number;
}

@ObjectType({ description: 'The same externalId in both runs' })
export class SamplePair {
  @Field()
  externalId!: string;

  @Field(() => PairOutcome)
  outcome!: PairOutcome;

  @Field(() => SampleType)
  base!: SampleType;

  @Field(() => SampleType)
  other!: SampleType;

  @Field(() => [PairShift])
  shifts!: PairShift[];
}

@ObjectType({ description: 'Two runs side by side, samples matched by externalId. A pair is judged against the base sample’s true class (else the other’s)' })
export class RunComparison {
  @Field(() => RunType)
  baseRun!: RunType;

  @Field(() => RunType)
  otherRun!: RunType;

  @Field(() => Int)
  matched!: number;

  @Field(() => Int)
  onlyInBase!: number;

  @Field(() => Int)
  onlyInOther!: number;

  @Field(() => Int)
  bothRight!: number;

  @Field(() => Int)
  bothWrong!: number;

  @Field(() => Int, { description: 'Wrong in the base run, right in the other' })
  fixed!: number;

  @Field(() => Int, { description: 'Right in the base run, wrong in the other' })
  broken!: number;

  @Field(() => Int)
  unlabelled!: number;

  @Field(() => [ClassChange])
  classChanges!: ClassChange[];

  @Field(() => [InputShift])
  heatmapShift!: InputShift[];
}
