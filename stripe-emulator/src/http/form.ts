/**
 * Parses Stripe's form encoding (`a[b][0][c]=v`, `a[]=v`), as the official SDKs send bodies and query strings.
 * The result is a tree of null-prototype objects and strings; arrays stay objects with numeric keys until a
 * parameter spec says a value is an array (`params.ts`), exactly the ambiguity Stripe resolves the same way.
 */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_DEPTH = 8;
const MAX_PAIRS = 5000;

function decode(text: string): string {
  const plus = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** Splits `a[b][0][]` into `['a', 'b', '0', '']`. */
function splitKey(key: string): string[] | null {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    if (!rest.startsWith('[')) return null;
    const close = rest.indexOf(']');
    if (close === -1) return null;
    parts.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  return parts;
}

export function emptyForm(): FormObject {
  return Object.create(null) as FormObject;
}

export function parseForm(text: string): FormObject {
  const root = emptyForm();
  if (!text) return root;
  const pairs = text.split('&');
  if (pairs.length > MAX_PAIRS) throw new Error('Too many parameters');
  for (const pair of pairs) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const path = splitKey(rawKey);
    if (!path || path.length > MAX_DEPTH || !path[0]) continue;
    let node = root;
    for (let i = 0; i < path.length; i++) {
      let segment = path[i] ?? '';
      if (segment === '') segment = String(Object.keys(node).length); // `a[]` appends
      if (i === path.length - 1) {
        node[segment] = value;
        break;
      }
      const next = node[segment];
      if (next === undefined || typeof next === 'string') {
        const created = emptyForm();
        node[segment] = created;
        node = created;
      } else {
        node = next;
      }
    }
  }
  return root;
}
