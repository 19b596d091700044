// Generated from contracts/guidance.yaml by `turnout gen`. Never edited by hand.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema";

// Every schema by name; `Problem` is the RFC 9457 body of every error answer (application/problem+json).
export type * from "./schema";

/** A typed client for every operation of contracts/guidance.yaml: `data` as the contract says, `error` a `Problem`. */
export function createGuidanceClient(options: ClientOptions = {}): Client<paths> {
  return createClient<paths>(options);
}
