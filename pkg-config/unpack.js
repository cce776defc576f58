// Turns an answer packed by the engine (src/json/pack.rs) into the plain object JSON.parse would
// give for its JSON. `text` holds every string and number of the answer, one after another, and
// then the member names; `shape` says what each value is (a tag, then a length in UTF-16 units,
// which is what substring counts, or a count of elements or members; a member is its name's index
// and its value), and ends with the names' lengths and their count. The tags are those of pack.rs.
//
// One call with one string replaces a call across the boundary per field and per string, and each
// member name becomes a property key once per answer rather than once per object.
export function unpack(text, shape) {
  const count = shape[shape.length - 1];
  const names = new Array(count);
  let at = text.length;
  for (let i = count - 1; i >= 0; i--) {
    const n = shape[shape.length - 1 - count + i];
    names[i] = text.substring(at - n, at);
    at -= n;
  }
  let t = 0;
  let s = 0;
  const str = () => {
    const n = shape[s++];
    const v = text.substring(t, t + n);
    t += n;
    return v;
  };
  const value = () => {
    switch (shape[s++]) {
      case 0:
        return null;
      case 1:
        return true;
      case 2:
        return false;
      case 3:
        return str();
      case 4:
        return Number(str());
      case 5: {
        const n = shape[s++];
        const a = [];
        for (let i = 0; i < n; i++) a.push(value());
        return a;
      }
      case 6: {
        const n = shape[s++];
        const o = {};
        for (let i = 0; i < n; i++) {
          const k = names[shape[s++]];
          o[k] = value();
        }
        return o;
      }
      default:
        throw new Error(`assent: unknown tag ${shape[s - 1]} in a packed answer`);
    }
  };
  const answer = value();
  if (t !== at || s !== shape.length - 1 - count) {
    throw new Error("assent: a packed answer was not read to its end");
  }
  return answer;
}
