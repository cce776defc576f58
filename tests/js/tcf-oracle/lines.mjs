// What decode.mjs and decode-gpp.mjs share: one string a line on stdin, one JSON answer a line on
// stdout in the same order; a string the library rejects answers {"error": ...}, so that one bad
// string does not hide the verdict on the others.
import { readFileSync } from 'node:fs';

/** Answers every line of stdin with `model(line)`, as JSON. */
export function answerEachLine(model) {
  const lines = readFileSync(0, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const out = lines.map((line) => {
    try {
      return JSON.stringify(model(line));
    } catch (e) {
      return JSON.stringify({ error: String(e && e.message ? e.message : e) });
    }
  });
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
}
