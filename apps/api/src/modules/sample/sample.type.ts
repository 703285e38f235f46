import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ModelTask } from '../../generated/prisma/enums';

@ObjectType({ description: 'A pixel position, at the input image size' })
export class Point {
  @Field(() => Int)
  x!: number;

  @Field(() => Int)
  y!: number;
}

@ObjectType('Heatmap', { description: "One input's heat map: PNGs served under /artifacts/, and the raw CAM's range" })
export class HeatmapType {
  @Field()
  input!: string;

  @Field({ description: 'The target layer the map was computed at' })
  layer!: string;

  @Field({ description: 'The map, colormapped (jet), at the input size' })
  url!: string;

  @Field({ description: 'The map blended over the input image' })
  overlayUrl!: string;

  @Field(() => String, { nullable: true, description: 'The input image as the model saw it (at its input size); null for samples stored before images were kept' })
  imageUrl!: string | null;

  @Field(() => Float, { description: 'Minimum of the CAM before normalisation to 0..1' })
  rawMin!: number;

  @Field(() => Float, { description: 'Maximum of the CAM before normalisation to 0..1' })
  rawMax!: number;

  @Field(() => Point, { description: "Where the normalised map peaks" })
  peak!: Point;
}

@ObjectType({ description: 'A number per model input' })
export class InputValue {
  @Field()
  input!: string;

  @Field(() => Float)
  value!: number;
}

@ObjectType('Sample', { description: 'One explained prediction' })
export class SampleType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  runId!: string;

  @Field({ description: "The client's id for the sample, unique within its run" })
  externalId!: string;

  @Field(() => ModelTask, { description: "The model's head: which of the prediction fields below apply" })
  task!: ModelTask;

  @Field(() => Int, { nullable: true, description: 'Multiclass and binary: the true class, when known' })
  trueClass!: number | null;

  @Field(() => Int, { nullable: true, description: 'The most probable class (multi-label: label); null for regression' })
  predictedClass!: number | null;

  @Field(() => Int, { description: 'The class, label or output the heat maps explain' })
  targetClass!: number;

  @Field(() => Float, { nullable: true, description: 'Probability of predictedClass; null for regression' })
  confidence!: number | null;

  @Field(() => [Float], { description: 'Per class (binary: [1 − σ(z), σ(z)]) or per label (σ each); empty for regression' })
  probabilities!: number[];

  @Field(() => [Int], { nullable: true, description: 'Multi-label: the labels with σ ≥ 0.5; null for other tasks' })
  predictedLabels!: number[] | null;

  @Field(() => [Int], { nullable: true, description: 'Multi-label: the true labels, when known; null otherwise' })
  trueLabels!: number[] | null;

  @Field(() => [Float], { nullable: true, description: "Regression: the raw outputs, in the model's output order; null for other tasks" })
  values!: number[] | null;

  @Field(() => Float, { nullable: true, description: 'Regression: the true value of output 0, when known' })
  trueValue!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Multiclass, binary: predicted = true class; multi-label: predicted label set = true set; null without a truth and for regression' })
  correct!: boolean | null;

  @Field()
  method!: string;

  @Field({ description: 'Where the engine ran: cuda, webgpu or cpu' })
  device!: string;

  @Field(() => [InputValue], { description: "Gradient methods: each input's Σ gradient × activation, its share of the target score behind a pooled linear head; empty for other methods" })
  branchContributions!: InputValue[];

  @Field(() => [HeatmapType], { description: "In the model's input order" })
  heatmaps!: HeatmapType[];

  @Field(() => Float, { description: "Engine time of the sample's batch per row, in ms" })
  engineMs!: number;

  @Field()
  createdAt!: Date;
}
