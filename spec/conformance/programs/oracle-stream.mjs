// A streaming conformance program for the specs: answers each case with the suite's expected result
// (looked up by the case's id), and misbehaves on request.
//   node oracle-stream.mjs VECTORS [--caps JSON] [--no-hello] [--hello JSON] [--crash-at ID]
//                                  [--garbage-at ID] [--hang-at ID] [--bare-nan] [--log FILE]
// --bare-nan adds an unknown key holding Python-style bare NaN and -Infinity tokens.
import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [vectors, ...args] = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] ?? true : undefined);
const expected = new Map(JSON.parse(readFileSync(vectors, 'utf8')).testGroups.flatMap((g) => g.tests.map((t) => [t.case.id, t.expected])));
if (opt('--log')) appendFileSync(opt('--log'), `start ${process.pid}\n`);
if (opt('--hello')) console.log(opt('--hello'));
else if (!opt('--no-hello')) console.log(JSON.stringify({ format: 'rnn-oracle/hello@1', name: 'oracle-stream', ...(opt('--caps') ? { capabilities: JSON.parse(opt('--caps')) } : {}) }));
for await (const line of createInterface({ input: process.stdin })) {
  const c = JSON.parse(line);
  if (c.id === opt('--crash-at')) {
    process.stderr.write(`Traceback: something broke in ${c.id}\n`);
    process.exit(3);
  }
  if (c.id === opt('--garbage-at')) console.log('loss = 8.3');
  else if (c.id === opt('--hang-at')) await new Promise(() => setInterval(() => {}, 1000));
  else {
    let text = JSON.stringify(expected.get(c.id));
    if (opt('--bare-nan')) text = `${text.slice(0, -1)},"debug":{"norm":NaN,"max":-Infinity,"note":"NaN stays a string"}}`;
    console.log(text);
  }
}
