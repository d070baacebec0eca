// "Did you mean" for misspelt keys, kinds and paths: the closest known word, when it is close enough.
import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `word` by edit distance, if close enough: 1 edit for 1-2 letter words,
 * else 2 edits or ~40% of the letters (so "lrr" suggests "lr", "mes" "mse" and "momentun"
 * "momentum", but "metrics" suggests nothing).
 */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const lower = word.toLowerCase();
  const best = closest(lower, candidates.map((c) => c.toLowerCase()));
  const allowed = word.length <= 2 ? 1 : Math.max(2, Math.round(word.length * 0.4));
  if (distance(lower, best) > allowed) return undefined;
  return candidates.find((c) => c.toLowerCase() === best);
}

/** `did you mean "lr"?` for the closest candidate, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const match = closestWord(word, candidates);
  return match === undefined ? undefined : `did you mean ${JSON.stringify(match)}?`;
}
