/** Runs the CLI in-process and captures what it prints. */
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], errIsTTY = false): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), errIsTTY };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
