import { createInterface } from "node:readline";

/** One line from standard input; the prompt is shown only when a person is typing. */
export async function readSecretLine(prompt: string): Promise<string> {
  const input = process.stdin;
  if (input.isTTY) process.stderr.write(prompt);
  const rl = createInterface({ input, terminal: false });
  try {
    for await (const line of rl) return line.trim();
    return "";
  } finally {
    rl.close();
  }
}
