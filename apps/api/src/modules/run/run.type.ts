import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RunKind, RunStatus } from '../../generated/prisma/enums';

registerEnumType(RunKind, { name: 'RunKind', description: "BATCH: a dataset through the queue; ADHOC: a model's analyzeSample calls" });
registerEnumType(RunStatus, { name: 'RunStatus' });

@ObjectType({ description: 'Samples of a run: analysed, failed, and in all (a batch: the dataset rows)' })
export class RunProgress {
  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Analysed and stored' })
  done!: number;

  @Field(() => Int, { description: 'Could not be analysed (see failures)' })
  failed!: number;
}

@ObjectType('Run', { description: "A set of samples explained by one model: a batch over a dataset, or the model's ad-hoc run" })
export class RunType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  modelId!: string;

  @Field(() => RunKind)
  kind!: RunKind;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'CAM method of a batch; null for the ad-hoc run, whose samples each name theirs' })
  method!: string | null;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => String, { nullable: true, description: 'Manifest of a batch, relative to the data root' })
  dataset!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType('SampleFailure', { description: 'A dataset row a batch could not analyse' })
export class SampleFailureType {
  @Field()
  externalId!: string;

  @Field(() => Int, { nullable: true, description: 'Line in the manifest' })
  line!: number | null;

  @Field()
  error!: string;
}
