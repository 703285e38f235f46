import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ModelTask } from '../../generated/prisma/enums';

registerEnumType(ModelTask, {
  name: 'ModelTask',
  description: "The model's head (gradcam.json \"task\"): what its samples' predictions and truths hold",
  valuesConfig: {
    MULTICLASS: { description: 'Softmax over the classes: one true and one predicted class per sample' },
    BINARY: { description: 'One logit z: classes [negative, positive] with probabilities [1 − σ(z), σ(z)], positive when σ(z) ≥ 0.5' },
    MULTILABEL: { description: 'A sigmoid per label: predicted and true label sets' },
    REGRESSION: { description: 'Raw outputs named by classNames: values and a true value of output 0; no class, no probabilities' },
  },
});

@ObjectType({ description: "A model input's target layer (the tensor its heat map is computed at)" })
export class InputLayer {
  @Field()
  input!: string;

  @Field()
  layer!: string;
}

@ObjectType('Model', { description: 'A registered ONNX image model: a classifier (multiclass, binary, multi-label) or a regressor' })
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

  @Field(() => [String], { description: 'Class names (multiclass, binary), label names (multi-label) or output names (regression)' })
  classNames!: string[];

  @Field(() => ModelTask)
  task!: ModelTask;

  @Field(() => [InputLayer], { description: "Target layers named in the model's gradcam.json (others: the engine's default)" })
  targetLayers!: InputLayer[];

  @Field()
  createdAt!: Date;
}
