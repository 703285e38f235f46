import type { ApiServices } from './services';

/** Per GraphQL request. */
export interface ApiContext {
  services: ApiServices;
}
