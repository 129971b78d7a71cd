/**
 * A small API client typed only by the types openapi-typescript generated from /openapi.json
 * (`./generated/parley.ts`): if the document stopped describing an answer, this would not compile.
 */
import type { components, operations } from "./generated/parley.ts";

type Op = keyof operations;
// An answer without a described body becomes a string, so reading any field of it fails to compile.
type JsonOf<T> = [T] extends [{ content: { "application/json": infer B } }] ? B : "no JSON body described";
/** The body of an operation's answer with the given status. */
export type Answer<O extends Op, S extends keyof operations[O]["responses"]> = JsonOf<
  operations[O]["responses"][S]
>;
type RequestBody<O extends Op> = operations[O] extends { requestBody?: infer R } ? JsonOf<R> : never;
type Query<O extends Op> = operations[O]["parameters"] extends { query?: infer Q } ? Q : never;
export type ApiError = components["schemas"]["Error"];

export type Transport = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}>;

export class ParleyApiError extends Error {
  readonly status: number;
  readonly body: ApiError;
  constructor(status: number, body: ApiError) {
    super(`${status} ${body.error.code}: ${body.error.message}`);
    this.status = status;
    this.body = body;
  }
}

/** A client that keeps the session cookie it is given at sign-in. */
export function parleyClient(send: Transport) {
  let cookie: string | undefined;
  async function call<T>(method: string, path: string, options: { query?: object; body?: unknown } = {}) {
    const search = new URLSearchParams(
      Object.entries(options.query ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    ).toString();
    const response = await send({
      method,
      url: search ? `${path}?${search}` : path,
      headers: {
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(cookie ? { cookie } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const setCookie = response.headers["set-cookie"];
    const session = [setCookie ?? []].flat().find((c) => c.startsWith("parley_session="));
    if (session) cookie = session.split(";")[0];
    const parsed: unknown = response.body ? JSON.parse(response.body) : undefined;
    if (response.status >= 400) throw new ParleyApiError(response.status, parsed as ApiError);
    return { status: response.status, body: parsed as T };
  }
  return {
    signIn: (body: RequestBody<"signIn">) => call<Answer<"signIn", 200>>("POST", "/api/session", { body }),
    listWorkItems: (query: Query<"listWorkItems"> = {}) =>
      call<Answer<"listWorkItems", 200>>("GET", "/api/work-items", { query }),
    listCampaigns: () => call<Answer<"listCampaigns", 200>>("GET", "/api/campaigns"),
    createCampaign: (body: RequestBody<"createCampaign">) =>
      call<Answer<"createCampaign", 201>>("POST", "/api/campaigns", { body }),
    getCampaign: (id: string) =>
      call<Answer<"getCampaign", 200>>("GET", `/api/campaigns/${encodeURIComponent(id)}`),
  };
}
