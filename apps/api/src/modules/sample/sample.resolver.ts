import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../../app/context';
import { AnalyzeSampleInput } from './analyze-sample.input';
import { SampleType } from './sample.type';

@Resolver(() => SampleType)
export class SampleResolver {
  @Query(() => SampleType, { nullable: true })
  sample(@Arg('id', () => ID) id: string, @Ctx() { services }: ApiContext): Promise<SampleType | null> {
    return services.samples.get(id);
  }

  @Mutation(() => SampleType, { description: 'Explains one sample and stores it with its heat maps; on failure nothing is stored' })
  analyzeSample(@Arg('input') input: AnalyzeSampleInput, @Ctx() { services }: ApiContext): Promise<SampleType> {
    return services.analyzer.analyze(input);
  }
}
