import { parseArgs } from "node:util";
import { isPeerError } from "../connectors/contract.ts";
import { authorizeUrl, exchangeCode, OUT_OF_BAND, registerApp } from "../connectors/mastodon/oauth.ts";
import { ParleyError } from "../errors.ts";
import type { Command } from "./command.ts";
import { readSecretLine } from "./prompt.ts";

export const mastodonCommand: Command = {
  summary: "Get a Mastodon access token: parley mastodon register | token",
  help: `Usage: parley mastodon register --instance URL [--name NAME] [--redirect-uri URI]
       parley mastodon token --instance URL --client-id ID --code CODE [--redirect-uri URI]

register  registers Parley as an app on the instance and prints its client id and secret and
          the page where the account's owner approves it (and is shown a code).
token     trades that code for the access token to put in the Mastodon source's credentials.
          The client secret is read from standard input, never from the command line.

  --redirect-uri  where the instance sends the code; by default it shows it on the page
                  (${OUT_OF_BAND})`,
  async run(args) {
    try {
      return await mastodon(args);
    } catch (err) {
      // The instance's refusal, in its words.
      if (!isPeerError(err)) throw err;
      process.stderr.write(`parley: ${err.message}\n`);
      return 1;
    }
  },
};

async function mastodon(args: string[]): Promise<number> {
  {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        instance: { type: "string" },
        name: { type: "string" },
        "redirect-uri": { type: "string" },
        "client-id": { type: "string" },
        code: { type: "string" },
      },
    });
    const instance = values.instance;
    if (!instance || !/^https?:\/\//.test(instance))
      throw new ParleyError("validation_failed", "--instance must be the instance's http(s) address");
    const redirectUri = values["redirect-uri"] ?? OUT_OF_BAND;
    if (positionals[0] === "register") {
      const app = await registerApp(instance, { clientName: values.name, redirectUri });
      process.stdout.write(
        `client id:     ${app.clientId}\nclient secret: ${app.clientSecret}\n` +
          `Open this page signed in as the brand's account, approve, and copy the code:\n` +
          `${authorizeUrl(instance, app.clientId, redirectUri)}\n`,
      );
      return 0;
    }
    if (positionals[0] === "token") {
      const clientId = values["client-id"];
      const code = values.code;
      if (!clientId || !code)
        throw new ParleyError("validation_failed", "--client-id and --code are required");
      const clientSecret = await readSecretLine("Client secret: ");
      if (!clientSecret)
        throw new ParleyError("validation_failed", "The client secret is required on standard input");
      const token = await exchangeCode(instance, { clientId, clientSecret }, code, { redirectUri });
      process.stdout.write(`${token}\n`);
      return 0;
    }
    throw new ParleyError(
      "validation_failed",
      'Say "parley mastodon register ..." or "parley mastodon token ..."',
    );
  }
}
