import { IsIn, IsInt, IsOptional, IsUUID, Length, Max, Min } from 'class-validator';
import { CAM_METHODS } from 'gradcam-core';
import { Field, ID, InputType, Int } from 'type-graphql';

export const MAX_BATCH_SIZE = 64;

@InputType({ description: 'A batch run: the rows of a dataset manifest (id, one column per input, optional label) through the queue' })
export class StartBatchInput {
  @Field(() => ID)
  @IsUUID()
  modelId!: string;

  @Field({ description: 'manifest.csv (or a folder holding one), under the data root' })
  @Length(1, 4096)
  dataset!: string;

  @Field({ nullable: true, description: 'Default: the dataset path' })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true, description: 'CAM method (default gradcam)' })
  @IsOptional()
  @IsIn([...CAM_METHODS.keys()])
  method?: string;

  @Field(() => Int, { nullable: true, description: 'Rows per queue job and engine run (default 8)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BATCH_SIZE)
  batchSize?: number;

  @Field(() => Int, { nullable: true, description: 'Only the first rows of the manifest' })
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;
}
