import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../../app/context';
import { ModelType } from './model.type';
import { toModelType } from './model.service';

@Resolver(() => ModelType)
export class ModelResolver {
  @Query(() => [ModelType], { description: 'Registered models, by name and version' })
  async models(@Ctx() { services }: ApiContext): Promise<ModelType[]> {
    return (await services.models.list()).map(toModelType);
  }

  @Mutation(() => ModelType, { description: 'Registers the model at a path under the data root (a model.onnx, or a folder with model.onnx and gradcam.json); an unchanged model is found, not duplicated' })
  async registerModel(@Arg('path') path: string, @Ctx() { services }: ApiContext): Promise<ModelType> {
    return toModelType(await services.models.register(path));
  }
}
