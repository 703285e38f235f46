import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

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

  @Field(() => Int, { nullable: true })
  trueClass!: number | null;

  @Field(() => Int)
  predictedClass!: number;

  @Field(() => Int, { description: 'The class the heat maps explain' })
  targetClass!: number;

  @Field(() => Float, { description: 'Probability of the predicted class' })
  confidence!: number;

  @Field(() => [Float])
  probabilities!: number[];

  @Field(() => Boolean, { nullable: true, description: 'null without a true class' })
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
