import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { CAM_METHODS } from 'gradcam-core';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'An image for one model input: base64 bytes (PNG, JPEG, TIFF or .npy) or a server-side path under the data root' })
export class ImageInput {
  @Field({ description: 'The model input it is for' })
  @Length(1, 200)
  input!: string;

  @Field({ nullable: true })
  @IsOptional()
  base64?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 4096)
  path?: string;
}

@InputType({ description: 'One sample to explain: exactly one of modelId (its ad-hoc run) or runId' })
export class AnalyzeSampleInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  modelId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @Field({ description: "The client's id for the sample, unique within the run" })
  @Length(1, 200)
  externalId!: string;

  @Field(() => Int, { nullable: true, description: 'Multiclass and binary models: the true class' })
  @IsOptional()
  @IsInt()
  @Min(0)
  trueClass?: number;

  @Field(() => [Int], { nullable: true, description: 'Multi-label models: the true labels ([] when none is positive)' })
  @IsOptional()
  @ArrayMaxSize(10_000)
  @IsInt({ each: true })
  @Min(0, { each: true })
  trueLabels?: number[];

  @Field(() => Float, { nullable: true, description: 'Regression models: the true value of output 0' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  trueValue?: number;

  @Field(() => Int, { nullable: true, description: 'The class, label or output to explain (default: the predicted class or label; output 0 for regression)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  targetClass?: number;

  @Field({ nullable: true, description: "CAM method (default: the run's, else gradcam)" })
  @IsOptional()
  @IsIn([...CAM_METHODS.keys()])
  method?: string;

  @Field(() => [ImageInput])
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  images!: ImageInput[];
}
