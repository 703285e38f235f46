import { Arg, Ctx, Extensions, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { COST } from '../../app/query-limits';
import type { ApiContext } from '../../app/context';
import { Connection } from '../pagination/connection';
import { PairOutcome, RunComparison, SamplePair } from './compare.type';

@ObjectType()
export class SamplePairConnection extends Connection(SamplePair, 'SamplePair') {}

@Resolver(() => RunComparison)
export class CompareResolver {
  @Query(() => RunComparison, { description: 'Two runs side by side: outcomes, class changes and heat-map shifts of the samples they share' })
  @Extensions({ cost: COST.compareRuns })
  compareRuns(@Arg('baseRunId', () => ID) baseRunId: string, @Arg('otherRunId', () => ID) otherRunId: string, @Ctx() { services }: ApiContext): Promise<RunComparison> {
    return services.compare.compare(baseRunId, otherRunId);
  }

  @FieldResolver(() => SamplePairConnection, { description: 'The matched samples by externalId, optionally of one outcome' })
  pairs(
    @Root() comparison: RunComparison,
    @Ctx() { services }: ApiContext,
    @Arg('outcome', () => PairOutcome, { nullable: true }) outcome?: PairOutcome,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<SamplePairConnection> {
    return services.compare.pairs(comparison.baseRun.id, comparison.otherRun.id, { outcome: outcome ?? undefined, first: first ?? undefined, after: after ?? undefined });
  }
}
