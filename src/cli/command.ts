/** What every subcommand of `parley` is: its one-line summary, its help text, and how it runs. */
export interface Command {
  summary: string;
  help: string;
  run(args: string[]): Promise<number>;
}
