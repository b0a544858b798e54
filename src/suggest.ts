/** "Did you mean" for typos in keywords, pass ids, option and config keys. */

/** The closest candidate within `maxDistance` edits (default: a third of the word, at least 2), or null. */
export function closest(word: string, candidates: Iterable<string>, maxDistance = Math.max(2, Math.floor(word.length / 3))): string | null {
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * ` (did you mean "x"?)`, or '' when nothing is close: a candidate a few edits away, else one
 * that contains the word once dashes are ignored (`nonroot` → `non-root-user`).
 */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const list = [...candidates];
  const plain = (s: string) => s.toLowerCase().replace(/-/g, '');
  const best = closest(word, list) ?? (word.length >= 4 ? (list.find((c) => plain(c).includes(plain(word))) ?? null) : null);
  return best === null ? '' : ` (did you mean "${best}"?)`;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
