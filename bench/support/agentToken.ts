/** An agent in the workspace and an API token of theirs, for benchmarks that call the API as a client. */
import type { Services } from "../../src/services/index.ts";

const PASSWORD = "saffron-viaduct-93";

export async function agentToken(services: Services, workspaceId: string): Promise<string> {
  await services.auth.addUser({
    workspaceId,
    email: "bench@example.com",
    name: "Bench",
    role: "agent",
    password: PASSWORD,
  });
  const principal = await services.auth.fromSession(
    (await services.auth.signIn("bench@example.com", PASSWORD)).token,
  );
  return (await services.auth.createApiToken(principal!, "bench")).token;
}
