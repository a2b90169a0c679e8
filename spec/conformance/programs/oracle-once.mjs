// A per-process conformance program for the specs: reads one case on stdin, writes the suite's
// expected result for it (by the case's id).
//   node oracle-once.mjs VECTORS [--stderr-mb N]
import { readFileSync } from 'node:fs';

const [vectors, ...args] = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const chunk = Buffer.alloc(1 << 20, 'x');
for (let i = 0; i < Number(opt('--stderr-mb') ?? 0); i++) process.stderr.write(chunk);
const c = JSON.parse(readFileSync(0, 'utf8'));
const suite = JSON.parse(readFileSync(vectors, 'utf8'));
process.stdout.write(JSON.stringify(suite.testGroups.flatMap((g) => g.tests).find((t) => t.case.id === c.id).expected));
