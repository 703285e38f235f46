import { IsInt, IsNumber, IsOptional, Min } from 'class-validator';
import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';

@InputType({ description: 'Which samples of a run; the conditions given all apply' })
export class SampleFilter {
  @Field({ nullable: true, description: 'true: wrong predictions only; false: right ones only (unlabelled samples match neither)' })
  misclassified?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  trueClass?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  predictedClass?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  minConfidence?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  maxConfidence?: number;
}

export enum SampleOrder {
  EXTERNAL_ID = 'EXTERNAL_ID',
  CONFIDENCE_ASC = 'CONFIDENCE_ASC',
  CONFIDENCE_DESC = 'CONFIDENCE_DESC',
  CREATED_AT = 'CREATED_AT',
}

registerEnumType(SampleOrder, { name: 'SampleOrder', description: 'Sample order; ties broken by id' });
