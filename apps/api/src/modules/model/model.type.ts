import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "A model input's target layer (the tensor its heat map is computed at)" })
export class InputLayer {
  @Field()
  input!: string;

  @Field()
  layer!: string;
}

@ObjectType('Model', { description: 'A registered ONNX image classifier' })
export class ModelType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: '1, 2, ... per name: a changed file at a known name is a new version' })
  version!: number;

  @Field()
  sha256!: string;

  @Field({ description: 'Relative to the data root' })
  path!: string;

  @Field(() => [String], { description: "Input names, in the model's order" })
  inputs!: string[];

  @Field(() => [String])
  classNames!: string[];

  @Field(() => [InputLayer], { description: "Target layers named in the model's gradcam.json (others: the engine's default)" })
  targetLayers!: InputLayer[];

  @Field()
  createdAt!: Date;
}
