import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, Extensions } from 'type-graphql';
import type { ApiContext } from '../../app/context';
import { ModelType } from '../model/model.type';
import { toModelType } from '../model/model.service';
import { samplePage } from '../sample/sample-page';
import { SampleFilter, SampleOrder } from '../sample/sample-filter.input';
import { COST } from '../../app/query-limits';
import { RunSummary } from '../summary/run-summary.type';
import { RunConnection, SampleConnection } from './run-connection';
import { RunProgress, RunType, SampleFailureType } from './run.type';

@Resolver(() => RunType)
export class RunResolver {
  @Query(() => RunConnection, { description: 'Runs, newest first' })
  runs(
    @Ctx() { services }: ApiContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('modelId', () => ID, { nullable: true }) modelId?: string,
  ): Promise<RunConnection> {
    return services.runs.page({ first, after, modelId });
  }

  @Query(() => RunType, { nullable: true })
  run(@Arg('id', () => ID) id: string, @Ctx() { services }: ApiContext): Promise<RunType | null> {
    return services.runs.get(id);
  }

  @FieldResolver(() => ModelType)
  async model(@Root() run: RunType, @Ctx() { services }: ApiContext): Promise<ModelType> {
    return toModelType(await services.models.get(run.modelId));
  }

  @FieldResolver(() => RunProgress)
  async progress(@Root() run: RunType, @Ctx() { services }: ApiContext): Promise<RunProgress> {
    return services.runs.progress(await services.runs.require(run.id));
  }

  @FieldResolver(() => RunSummary)
  @Extensions({ cost: COST.summary })
  summary(@Root() run: RunType, @Ctx() { services }: ApiContext): Promise<RunSummary> {
    return services.summaries.summary(run.id);
  }

  @FieldResolver(() => SampleConnection, { description: 'The run’s samples, filtered and ordered (default: by externalId)' })
  async samples(
    @Root() run: RunType,
    @Ctx() { services }: ApiContext,
    @Arg('filter', () => SampleFilter, { nullable: true }) filter?: SampleFilter,
    @Arg('orderBy', () => SampleOrder, { nullable: true }) orderBy?: SampleOrder,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<SampleConnection> {
    const { task } = await services.models.get(run.modelId);
    return samplePage(services.prisma, run.id, task, { filter: filter ?? undefined, orderBy: orderBy ?? undefined, first: first ?? undefined, after: after ?? undefined });
  }

  @FieldResolver(() => [SampleFailureType], { description: 'Rows a batch could not analyse, in manifest order' })
  failures(@Root() run: RunType, @Ctx() { services }: ApiContext): Promise<SampleFailureType[]> {
    return services.prisma.sampleFailure.findMany({ where: { runId: run.id }, orderBy: [{ line: 'asc' }, { externalId: 'asc' }] });
  }
}
