import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ApiContext } from '../../app/context';
import { RunType } from '../run/run.type';
import { StartBatchInput } from './start-batch.input';

@Resolver(() => RunType)
export class BatchResolver {
  @Mutation(() => RunType, { description: 'Queues a batch run over a dataset manifest, one job per batchSize rows' })
  startBatch(@Arg('input') input: StartBatchInput, @Ctx() { services }: ApiContext): Promise<RunType> {
    return services.batches.start(input);
  }

  @Mutation(() => RunType, { description: 'Stops a queued or running batch: chunks not yet started are dropped' })
  cancelRun(@Arg('id', () => ID) id: string, @Ctx() { services }: ApiContext): Promise<RunType> {
    return services.batches.cancel(id);
  }

  @Mutation(() => Boolean, { description: 'Deletes a batch run, its samples and their heat-map files' })
  async deleteRun(@Arg('id', () => ID) id: string, @Ctx() { services }: ApiContext): Promise<boolean> {
    await services.batches.delete(id);
    return true;
  }
}
