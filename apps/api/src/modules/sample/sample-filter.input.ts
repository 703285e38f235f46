import { IsInt, IsNumber, IsOptional, Min } from 'class-validator';
import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';

@InputType({ description: "Which samples of a run; the conditions given all apply. A condition that does not apply to the run's task (a class or confidence of a regression run, a true class of a multi-label run, a label of a multiclass run) is BAD_USER_INPUT" })
export class SampleFilter {
  @Field({ nullable: true, description: 'true: wrong predictions only; false: right ones only (unlabelled samples match neither). Multi-label: right = the predicted label set is the true set. Not for regression' })
  misclassified?: boolean;

  @Field(() => Int, { nullable: true, description: 'Multiclass, binary' })
  @IsOptional()
  @IsInt()
  @Min(0)
  trueClass?: number;

  @Field(() => Int, { nullable: true, description: 'Multi-label: samples whose true labels include this label' })
  @IsOptional()
  @IsInt()
  @Min(0)
  trueLabel?: number;

  @Field(() => Int, { nullable: true, description: 'Multi-label: samples whose predicted labels include this label' })
  @IsOptional()
  @IsInt()
  @Min(0)
  predictedLabel?: number;

  @Field(() => Int, { nullable: true, description: 'The most probable class (multi-label: label); not for regression' })
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

registerEnumType(SampleOrder, { name: 'SampleOrder', description: 'Sample order; ties broken by id. Regression samples have no confidence to order by' });
