import type { ApiServices } from './services';

/** Per GraphQL request. */
export interface ApiContext {
  services: ApiServices;
  /** Who is asking, for the rate limit: a hash of the bearer token, else the client's address. */
  client: string;
}
